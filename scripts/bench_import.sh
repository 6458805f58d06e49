#!/usr/bin/env bash
# Import benchmark: `pairwatch import` of ROWS (default 1,000,000) deterministic aggTrades rows, end to end
# (parse, validate, insert with de-duplication, 1s/1m/5m bars), against the floor measured in the same run:
# the sqlite3 CLI's .import of the same CSV into a temporary table and one INSERT … SELECT into the same schema.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}
runs=${RUNS:-3}                 # interleaved runs of each; the best of each counts (a shared machine is noisy)
build=${BUILD_PATH:-.build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$work/BTCUSDT-aggTrades-2024-01-01.csv"

swift build -c release --product pairwatch --scratch-path "$build" >/dev/null 2>&1
python3 scripts/gen_aggtrades.py "$rows" > "$csv"

# Wall seconds and peak RSS (KiB) of a command, as GNU time reports them.
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    cat "$work/time"
}

cat > "$work/floor.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE trades (symbol TEXT NOT NULL, trade_id INTEGER NOT NULL, time_ms INTEGER NOT NULL, price REAL NOT NULL,
    quantity REAL NOT NULL, buyer_is_maker INTEGER NOT NULL, PRIMARY KEY (symbol, trade_id)) WITHOUT ROWID;
CREATE INDEX trades_symbol_time ON trades (symbol, time_ms);
.mode csv
.import $csv staging
BEGIN;
INSERT INTO trades SELECT 'BTCUSDT', agg_trade_id, transact_time, price, quantity, is_buyer_maker = 'true' FROM staging
    WHERE true ON CONFLICT DO NOTHING;
COMMIT;
SQL
best_pw=999999 best_floor=999999 pw_rss=0
for _ in $(seq "$runs"); do
    rm -f "$work"/pairwatch.db* "$work"/floor.db*
    read -r seconds rss < <(measure "$build/release/pairwatch" import --storage.path "$work/pairwatch.db" "$csv")
    best_pw=$(python3 -c "print(min($best_pw, $seconds))"); pw_rss=$(( rss > pw_rss ? rss : pw_rss ))
    read -r seconds _ < <(measure sqlite3 "$work/floor.db" ".read $work/floor.sql")
    best_floor=$(python3 -c "print(min($best_floor, $seconds))")
done
pw_seconds=$best_pw floor_seconds=$best_floor

# Memory must not grow with the time a file spans: the same number of rows spread over 30 days (2.6M one-second bars).
month="$work/BTCUSDT-aggTrades-2024-01.csv"
python3 scripts/gen_aggtrades.py "$rows" 5184 > "$month"
rm -f "$work"/month.db*
read -r month_seconds month_rss < <(measure "$build/release/pairwatch" import --storage.path "$work/month.db" "$month")

stored=$(sqlite3 "$work/pairwatch.db" "SELECT COUNT(*) FROM trades")
[ "$stored" -eq "$rows" ] || { echo "pairwatch stored $stored of $rows rows" >&2; exit 1; }
python3 - "$rows" "$pw_seconds" "$pw_rss" "$floor_seconds" "$month_seconds" "$month_rss" <<'PY'
import sys
rows, pw, rss, floor, month, month_rss = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
print(f"import of {rows} aggTrades rows (release build)")
print(f"  pairwatch import:        {rows / pw:>10,.0f} rows/s  ({pw:.2f} s, peak RSS {rss / 1024:.0f} MB, with 1s/1m/5m bars)")
print(f"  sqlite3 .import + INSERT:{rows / floor:>10,.0f} rows/s  ({floor:.2f} s)")
print(f"  ratio: {floor / pw:.2f}x the floor (target >= 0.8x), peak RSS target < 100 MB")
print(f"  same rows over 30 days:  {rows / month:>10,.0f} rows/s  ({month:.2f} s, peak RSS {month_rss / 1024:.0f} MB, 2.6M one-second bars)")
PY
