#!/usr/bin/env bash
# Import benchmark: `pairwatch import` of ROWS (default 1,000,000) deterministic aggTrades rows, end to end
# (parse, validate, insert with de-duplication, 1s/1m/5m bars), against the floor measured in the same run:
# the sqlite3 CLI's .import of the same CSV into a temporary table and one INSERT … SELECT into the same schema.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$work/BTCUSDT-aggTrades-2024-01-01.csv"

swift build -c release --product pairwatch >/dev/null 2>&1
python3 scripts/gen_aggtrades.py "$rows" > "$csv"

# Wall seconds and peak RSS (KiB) of a command, from the kernel's rusage of the child.
measure() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(f"{time.perf_counter() - start:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}

read -r pw_seconds pw_rss < <(measure .build/release/pairwatch import --storage.path "$work/pairwatch.db" "$csv")

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
read -r floor_seconds floor_rss < <(measure sqlite3 "$work/floor.db" ".read $work/floor.sql")

stored=$(sqlite3 "$work/pairwatch.db" "SELECT COUNT(*) FROM trades")
[ "$stored" -eq "$rows" ] || { echo "pairwatch stored $stored of $rows rows" >&2; exit 1; }
python3 - "$rows" "$pw_seconds" "$pw_rss" "$floor_seconds" <<'PY'
import sys
rows, pw, rss, floor = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print(f"import of {rows} aggTrades rows (release build)")
print(f"  pairwatch import:        {rows / pw:>10,.0f} rows/s  ({pw:.2f} s, peak RSS {rss / 1024:.0f} MB, with 1s/1m/5m bars)")
print(f"  sqlite3 .import + INSERT:{rows / floor:>10,.0f} rows/s  ({floor:.2f} s)")
print(f"  ratio: {floor / pw:.2f}x the floor (target >= 0.8x), peak RSS target < 100 MB")
PY
