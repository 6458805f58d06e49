#!/usr/bin/env bash
# Crash soak: KILLS (default 200) SIGKILLs at random moments of `pairwatch serve` (simulated feed) and of
# `pairwatch import`, alternating, on one database. After each: PRAGMA integrity_check must say ok, imports must be
# all or nothing, and each symbol's simulated trade ids must have no hole (committed batches are whole).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${KILLS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product pairwatch >/dev/null 2>&1
bin=.build/release/pairwatch
python3 scripts/gen_aggtrades.py 200000 > "$work/BTCUSDT-aggTrades-2024-01-01.csv"
cat > "$work/pairwatch.yml" <<YML
storage: {path: $work/serve.db, batch_interval: 20ms, batch_size: 100}
feed: {source: simulate, simulate: {seed: 5, trades_per_second: 2000}}
timeframes: [1s, 1m]
YML

for i in $(seq 1 "$kills"); do
    if (( i % 2 )); then
        "$bin" serve --config.file "$work/pairwatch.yml" --web.listen-address 127.0.0.1:0 2>/dev/null &
        db="$work/serve.db"
    else
        db="$work/import-$i.db"
        "$bin" import --storage.path "$db" "$work/BTCUSDT-aggTrades-2024-01-01.csv" 2>/dev/null &
    fi
    pid=$!
    ms=$(( RANDOM % 1500 + 50 ))   # 50 ms to 1.55 s
    sleep "$(( ms / 1000 )).$(printf %03d $(( ms % 1000 )))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -f "$db" ] || continue
    [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || { echo "kill $i: integrity check failed on $db" >&2; exit 1; }
    if (( i % 2 )); then
        holes=$(sqlite3 "$db" "SELECT COUNT(*) FROM (SELECT symbol, trade_id, LAG(trade_id) OVER (PARTITION BY symbol ORDER BY trade_id) AS prev
            FROM trades) WHERE (prev IS NULL OR trade_id != prev + 1) AND trade_id % 1000 != 1")
        [ "$holes" = 0 ] || { echo "kill $i: $holes holes in committed trades" >&2; exit 1; }
    else
        count=$(sqlite3 "$db" "SELECT COUNT(*) FROM trades" 2>/dev/null || echo 0)
        [ "$count" = 0 ] || [ "$count" = 200000 ] || { echo "kill $i: import left $count of 200000 trades" >&2; exit 1; }
        rm -f "$db" "$db-wal" "$db-shm"
    fi
done
echo "$kills kills: integrity ok, no partial import, no hole in committed trades"
