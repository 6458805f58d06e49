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
source scripts/lib/bench_daemon.sh

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
