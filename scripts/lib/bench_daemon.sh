# SPDX-License-Identifier: Apache-2.0
# Sourced by the end-to-end benchmarks (bench_monitor.sh, bench_api.sh): a release daemon watching PAIRS pairs of
# SYMBOLS symbols on 3 timeframes (window 500), its bars stored beforehand by MonitorBench so its engines are full
# from the start, on a free port of 127.0.0.1. Sets symbols, pairs, runs, warm, wrk_seconds, bin, bench, work, port,
# url, series; `start_and_wait` starts it and sets `elapsed` (ms to the first complete scrape), `stop_daemon` stops it.
symbols=${SYMBOLS:-200} pairs=${PAIRS:-1000} runs=${RUNS:-3} warm=${WARM:-10} wrk_seconds=${WRK_SECONDS:-10}
build=${BUILD_PATH:-.build} scratch=${BENCH_SCRATCH:-.build-bench}
bin="$build/release/pairwatch" bench="$scratch/release/MonitorBench"
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

command -v wrk >/dev/null || { echo "$(basename "$0"): wrk is missing: apt-get install -y wrk" >&2; exit 1; }
swift build -c release --product pairwatch --scratch-path "$build" >&2
(cd Benchmarks && swift build -c release --scratch-path "../$scratch" --product MonitorBench >&2)

# Bars ending now, so the daemon continues them; written by the Storage code itself (same schema and migrations).
now_ms=$(( $(date +%s) * 1000 ))
"$bench" --store-only --db "$work/pairwatch.db" --symbols "$symbols" --pairs "$pairs" --bars 520 --end-ms "$now_ms" >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/metrics"
python3 - "$symbols" "$pairs" "$work" > "$work/pairwatch.yml" <<'PY'
import sys
symbols, pairs, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
names = [f"B{k:03d}USDT" for k in range(symbols)]
chosen, offset = [], 1    # the same ring of ordered pairs as MonitorBench's BenchMarket
while len(chosen) < pairs:
    chosen += [(names[i], names[(i + offset) % symbols]) for i in range(symbols)][: pairs - len(chosen)]
    offset += 1
print(f"storage: {{path: {work}/pairwatch.db, retention: 3650d, bar_retention: 3650d}}")
print(f"feed: {{source: simulate, simulate: {{seed: 1, trades_per_second: {symbols}}}}}")
print("timeframes: [1s, 1m, 5m]")
print("pairs:")
for a, b in chosen:
    print(f"  - {{a: {a}, b: {b}, method: huber, window: 500, zscore_window: 100}}")
PY
series=$(( pairs * 3 ))

# Sets `elapsed` to the milliseconds from exec to the first scrape with window samples for every series; leaves the
# daemon running.
start_and_wait() {
    local started now complete
    started=$(date +%s%N)
    "$bin" serve --config.file "$work/pairwatch.yml" --web.listen-address "127.0.0.1:$port" >>"$work/serve.log" 2>&1 &
    pid=$!
    while :; do
        now=$(date +%s%N)
        (( (now - started) / 1000000 < 60000 )) || { echo "$(basename "$0"): no complete scrape within 60 s" >&2; tail "$work/serve.log" >&2; exit 1; }
        kill -0 "$pid" 2>/dev/null || { echo "$(basename "$0"): serve exited" >&2; tail "$work/serve.log" >&2; exit 1; }
        complete=$(curl -s --max-time 10 "$url" 2>/dev/null | grep -c '^pairwatch_pair_window_samples{' || true)
        if [ "$complete" -ge "$series" ]; then break; fi
    done
    elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
}

