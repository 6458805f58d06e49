#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Pair monitor benchmark at the scale of issue 9's targets: 1,000 pairs × 3 timeframes (200 symbols), window 500.
# End to end on the real daemon (release build, loopback only, every load bounded in time):
#   a) restart to first complete scrape: exec of `pairwatch serve` until /metrics has pairwatch_pair_window_samples for
#      every series (best and median of RUNS);
#   b) scrape latency: `wrk -t1 -c4 -d${WRK_SECONDS}s --latency` p99, plus one timed scrape, its size, and gzip;
#   c) RSS of the daemon (VmRSS, VmHWM) when warm and after the wrk run;
# then in-process (Benchmarks/ MonitorBench, one core by taskset): restore, the update after a 1s bar closes for every
# symbol (target 200 ms), and the render of the board with the bytes it allocates (CAllocCounter, a malloc interposer linked into MonitorBench).
# Environment: SYMBOLS (200), PAIRS (1000), RUNS (3), WARM (10 s), WRK_SECONDS (10), BUILD_PATH (.build), BENCH_SCRATCH.
set -euo pipefail
cd "$(dirname "$0")/.."
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

command -v wrk >/dev/null || { echo "bench_monitor: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
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
        (( (now - started) / 1000000 < 60000 )) || { echo "bench_monitor: no complete scrape within 60 s" >&2; tail "$work/serve.log" >&2; exit 1; }
        kill -0 "$pid" 2>/dev/null || { echo "bench_monitor: serve exited" >&2; tail "$work/serve.log" >&2; exit 1; }
        complete=$(curl -s --max-time 10 "$url" 2>/dev/null | grep -c '^pairwatch_pair_window_samples{' || true)
        if [ "$complete" -ge "$series" ]; then break; fi
    done
    elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
}

restarts=()
for run in $(seq "$runs"); do
    start_and_wait
    restarts+=("$elapsed")
    [ "$run" -eq "$runs" ] || stop_daemon
done
sleep "$warm"
rss() { awk '/^VmRSS|^VmHWM/ { printf "%s %.0f MB  ", $1, $2 / 1024 }' "/proc/$pid/status"; }
rss_warm=$(rss)
single=$(curl -s -o "$work/scrape" -w '%{time_total} %{size_download}' "$url")
gzip=$(curl -s -H 'Accept-Encoding: gzip' -D "$work/headers" -o /dev/null -w '%{size_download}' "$url")
wrk -t1 -c4 -d"${wrk_seconds}s" --latency "$url" > "$work/wrk.txt"
rss_after=$(rss)
stop_daemon

p99=$(awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); f = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1;
    printf "%.1f", v * f }' "$work/wrk.txt")
requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
sorted=$(printf '%s\n' "${restarts[@]}" | sort -n)
echo "pair monitor end to end: $pairs pairs × 3 timeframes = $series series, $symbols symbols, window 500 (release build, 127.0.0.1)"
echo "  a) restart to first complete scrape: best $(head -1 <<<"$sorted") ms, median $(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted") ms" \
    "of $runs (all: ${restarts[*]}) (target < 2000 ms)"
echo "  b) wrk -t1 -c4 -d${wrk_seconds}s --latency $url: p99 $p99 ms over $requests requests (target < 20 ms)"
read -r seconds bytes <<<"$single"
echo "     one scrape: $(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }') ms, $bytes bytes," \
    "$(grep -c '^pairwatch_pair_' "$work/scrape") pair samples"
if grep -qi '^content-encoding: *gzip' "$work/headers"; then
    echo "     gzip: $gzip bytes"
else
    echo "     gzip: not offered (Accept-Encoding: gzip answered identity, $gzip bytes)"
fi
echo "  c) RSS warm: $rss_warm; after wrk: $rss_after(target < 300 MB)"
echo "in-process (taskset -c 0, one worker): MonitorBench --symbols $symbols --pairs $pairs"
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
"${pin[@]}" "$bench" --symbols "$symbols" --pairs "$pairs" --workers 1 | sed 's/^/  /'
