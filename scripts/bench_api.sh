#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# JSON API benchmark at 1,000 pairs × 3 timeframes (200 symbols, window 500) on the real daemon (release build,
# loopback only, each load bounded in time): `GET /api/v1/pairs` under `wrk -t1 -c4 -d${WRK_SECONDS}s --latency`
# (target p99 < 50 ms), with /metrics under the same load in the same run as the baseline, and one request's size.
# Environment: SYMBOLS (200), PAIRS (1000), WARM (10 s), WRK_SECONDS (10), BUILD_PATH (.build), BENCH_SCRATCH.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=1 source scripts/lib/bench_daemon.sh

p99() {
    awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); f = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1;
        printf "%.1f", v * f }' "$1"
}
requests() { awk '/requests in/ { print $1 }' "$1"; }

start_and_wait
sleep "$warm"
api="http://127.0.0.1:$port/api/v1/pairs"
single=$(curl -s -o "$work/pairs.json" -w '%{time_total} %{size_download}' "$api")
history_path=$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["data"][0]; print("/api/v1/pairs/%s/%s/1m/history?limit=10000" % (s["a"], s["b"]))' "$work/pairs.json")
history=$(curl -s -o "$work/history.json" -w '%{time_total}' "http://127.0.0.1:$port$history_path")
wrk -t1 -c4 -d"${wrk_seconds}s" --latency "$api" > "$work/wrk-api.txt"
wrk -t1 -c4 -d"${wrk_seconds}s" --latency "$url" > "$work/wrk-metrics.txt"
stop_daemon

listed=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(sum(1 for s in d["data"] if s["statistics"]))' "$work/pairs.json")
read -r seconds bytes <<<"$single"
rows=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$work/history.json")
api_p99=$(p99 "$work/wrk-api.txt") metrics_p99=$(p99 "$work/wrk-metrics.txt")
echo "JSON API: $pairs pairs × 3 timeframes = $series series, $symbols symbols, window 500 (release build, 127.0.0.1)"
echo "  GET /api/v1/pairs: wrk -t1 -c4 -d${wrk_seconds}s p99 $api_p99 ms over $(requests "$work/wrk-api.txt") requests (target < 50 ms)"
echo "     one request: $(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }') ms, $bytes bytes, $listed series with statistics"
echo "  GET $history_path: $rows rows (window 500) in $(awk -v s="$history" 'BEGIN { printf "%.1f", s * 1000 }') ms"
echo "  baseline GET /metrics, same load, same run: p99 $metrics_p99 ms over $(requests "$work/wrk-metrics.txt") requests;" \
    "API / metrics p99: $(awk -v a="$api_p99" -v m="$metrics_p99" 'BEGIN { printf "%.2f", a / m }')"
