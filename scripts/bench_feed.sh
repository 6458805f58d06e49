#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Replay benchmark: `pairwatch serve --feed replay:FILE` at feed.replay.speed 0 over a recording of FRAMES (default
# 2,000,000) generated combined-stream aggTrade frames of three symbols, the whole path (read, decode, resampler at
# 1s/1m/5m, BatchWriter into a fresh database, one pair monitored), pinned to one core (taskset -c 0): frames per
# second from the exec of `serve` until /metrics' pairwatch_storage_trades_written_total counts every trade (curl
# polling every 50 ms on 127.0.0.1). Target: 300,000 frames/s. Baseline in the same run: `pairwatch import` of the same
# trades as aggTrades CSV files (parse, de-duplicated insert, the same bars), also on core 0. Then in-process
# (Benchmarks/ FeedBench, core 0) the stages one by one, so the report shows where the time goes. Medians of RUNS.
# Environment: FRAMES (2000000), RUNS (3), BATCH_SIZE (storage.batch_size, 1000), BUILD_PATH (.build),
# BENCH_SCRATCH (.build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${FRAMES:-2000000} runs=${RUNS:-3} batch_size=${BATCH_SIZE:-1000}
build=${BUILD_PATH:-.build} scratch=${BENCH_SCRATCH:-.build-bench}
bin="$build/release/pairwatch" bench="$scratch/release/FeedBench"
work=$(mktemp -d) pid=""
stop_daemon() {
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
}
trap 'stop_daemon; rm -rf "$work"' EXIT INT TERM

swift build -c release --product pairwatch --scratch-path "$build" >&2
(cd Benchmarks && swift build -c release --scratch-path "../$scratch" --product FeedBench >&2)
mkdir "$work/csv"
python3 scripts/gen_recording.py "$frames" "$work/recording.jsonl" "$work/csv"
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/metrics"
cat > "$work/pairwatch.yml" <<YAML
storage: {path: $work/replay.db, batch_size: $batch_size}
feed: {source: replay, replay: {file: $work/recording.jsonl, speed: 0}}
timeframes: [1s, 1m, 5m]
pairs:
  - {a: BTCUSDT, b: ETHUSDT, method: huber, window: 500, zscore_window: 100}
YAML

now_ns() { date +%s%N; }
# Sets `elapsed` to the milliseconds from the exec of `serve` until every frame's trade is committed; stops the daemon.
replay_once() {
    local started written
    rm -f "$work"/replay.db*
    started=$(now_ns)
    "${pin[@]}" "$bin" serve --config.file "$work/pairwatch.yml" --web.listen-address "127.0.0.1:$port" >>"$work/serve.log" 2>&1 &
    pid=$!
    while :; do
        (( ($(now_ns) - started) / 1000000 < 600000 )) || { echo "bench_feed: not every trade committed within 600 s" >&2; exit 1; }
        kill -0 "$pid" 2>/dev/null || { echo "bench_feed: serve exited" >&2; tail "$work/serve.log" >&2; exit 1; }
        written=$(curl -s --max-time 5 "$url" 2>/dev/null | awk '$1 == "pairwatch_storage_trades_written_total" { printf "%d", $2 }' || true)
        if [ "${written:-0}" -ge "$frames" ]; then break; fi
        sleep 0.05
    done
    elapsed=$(( ($(now_ns) - started) / 1000000 ))
    stop_daemon
}
# Sets `elapsed` to the milliseconds `pairwatch import` takes for the CSV files.
import_once() {
    local started
    rm -f "$work"/import.db*
    started=$(now_ns)
    "${pin[@]}" "$bin" import --storage.path "$work/import.db" "$work"/csv/*.csv >/dev/null 2>"$work/import.log" || { cat "$work/import.log" >&2; exit 1; }
    elapsed=$(( ($(now_ns) - started) / 1000000 ))
}

replays=() imports=()
for _ in $(seq "$runs"); do
    replay_once
    replays+=("$elapsed")
    import_once
    imports+=("$elapsed")
done
stored=$(sqlite3 "$work/replay.db" "SELECT COUNT(*) FROM trades")
[ "$stored" -eq "$frames" ] || { echo "bench_feed: the replay stored $stored of $frames trades" >&2; exit 1; }
python3 - "$frames" "$batch_size" "${replays[*]}" "${imports[*]}" <<'PY'
import statistics, sys
frames, batch = int(sys.argv[1]), int(sys.argv[2])
replays, imports = [int(x) for x in sys.argv[3].split()], [int(x) for x in sys.argv[4].split()]
replay, imported = statistics.median(replays) / 1000, statistics.median(imports) / 1000
print(f"replay of {frames:,} recorded aggTrade frames, 3 symbols, speed 0, one core (taskset -c 0), storage.batch_size {batch}, medians of {len(replays)}")
print(f"  serve --feed replay (exec until all committed): {frames / replay:>10,.0f} frames/s  ({replay:.2f} s; runs {', '.join(f'{x / 1000:.2f}' for x in replays)} s) (target >= 300,000)")
print(f"  import of the same trades as CSV (baseline):    {frames / imported:>10,.0f} rows/s    ({imported:.2f} s; runs {', '.join(f'{x / 1000:.2f}' for x in imports)} s)")
print(f"  ratio: {imported / replay:.2f}x the import path")
PY
echo "in-process stages (taskset -c 0): FeedBench"
"${pin[@]}" "$bench" "$work/recording.jsonl" --runs "$runs" --batch-size "$batch_size"
