#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Upload benchmark: POST /api/v1/trades of ROWS (default 1,000,000) deterministic aggTrades rows over loopback to a
# running `pairwatch serve`, against `pairwatch import` of the same file into a fresh database in the same run, both
# with the default 1s/1m/5m bars. Target: the upload at >= 0.8x the import's speed. Each run starts from an empty
# database; the best of RUNS interleaved runs of each counts (a shared machine is noisy). Needs curl.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}
runs=${RUNS:-3}
build=${BUILD_PATH:-.build}
command -v curl >/dev/null || { echo "bench_upload: curl is missing: apt-get install -y curl" >&2; exit 1; }
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT INT TERM
csv="$work/BTCUSDT-aggTrades-2024-01-01.csv"

swift build -c release --product pairwatch --scratch-path "$build" >/dev/null 2>&1
python3 scripts/gen_aggtrades.py "$rows" > "$csv"
bytes=$(stat -c %s "$csv")
echo "bench-token" > "$work/token"
# A replayed file of another symbol keeps the feed off the network and away from the uploaded trades.
printf 'timestamp,symbol,price,size\n1704067200000,AAAUSDT,10,1\n' > "$work/replay.csv"
config() {
    cat > "$work/pairwatch.yml" <<YAML
storage: {path: $1, retention: 5000d, bar_retention: 5000d}
feed: {source: replay, replay: {file: $work/replay.csv, speed: 0}}
pairs: [{a: AAAUSDT, b: BBBUSDT}]
web: {api_token_file: $work/token, max_upload_bytes: $((bytes * 2))}
YAML
}

seconds_since() { python3 -c "import time, sys; print(f'{time.time() - float(sys.argv[1]):.3f}')" "$1"; }

import_once() {
    rm -f "$work"/import.db*
    config "$work/import.db"
    local start; start=$(date +%s.%N)
    "$build/release/pairwatch" import --config.file "$work/pairwatch.yml" "$csv" 2>"$work/import.err" || { cat "$work/import.err" >&2; exit 1; }
    seconds_since "$start"
}

upload_once() {
    rm -f "$work"/serve.db*
    config "$work/serve.db"
    "$build/release/pairwatch" serve --config.file "$work/pairwatch.yml" --web.listen-address 127.0.0.1:0 2>"$work/serve.err" &
    pid=$!
    local port=""
    for _ in $(seq 1 200); do
        port=$(sed -n 's/.*address=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.err" | head -1)
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { echo "bench_upload: serve did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
    local start; start=$(date +%s.%N)
    # -T streams the file; an empty Expect header skips curl's wait for 100 Continue.
    curl -sS -f -X POST -T "$csv" -H "Expect:" -H "Authorization: Bearer bench-token" \
        "http://127.0.0.1:$port/api/v1/trades?symbol=BTCUSDT" > "$work/answer.json" || { cat "$work/answer.json" "$work/serve.err" >&2; exit 1; }
    seconds_since "$start"
    kill "$pid"; wait "$pid" || true; pid=""
}

best_import=999999 best_upload=999999
for _ in $(seq "$runs"); do
    best_import=$(python3 -c "print(min($best_import, $(import_once)))")
    best_upload=$(python3 -c "print(min($best_upload, $(upload_once)))")
done
grep -q "\"inserted\":$rows" "$work/answer.json" || { echo "bench_upload: unexpected answer: $(cat "$work/answer.json")" >&2; exit 1; }
stored=$(sqlite3 "$work/serve.db" "SELECT COUNT(*) FROM trades WHERE symbol = 'BTCUSDT'")
[ "$stored" -eq "$rows" ] || { echo "bench_upload: the daemon stored $stored of $rows rows" >&2; exit 1; }
python3 - "$rows" "$bytes" "$best_import" "$best_upload" <<'PY'
import sys
rows, size, imported, uploaded = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"upload of {rows} aggTrades rows ({size / 1048576:.0f} MB, release build, 1s/1m/5m bars)")
print(f"  pairwatch import:           {rows / imported:>10,.0f} rows/s  ({imported:.2f} s)")
print(f"  POST /api/v1/trades (curl): {rows / uploaded:>10,.0f} rows/s  ({uploaded:.2f} s)")
print(f"  ratio: {imported / uploaded:.2f}x the import (target >= 0.8x)")
PY
