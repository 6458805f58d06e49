#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Benchmarks /metrics at 36,000 pair samples (1,000 pairs x 3 timeframes x 12 gauges) against issue 9's targets:
# scrape p99 under 20 ms with wrk on loopback, under 2 MB allocated per scrape, RSS under 300 MB.
# Allocation is counted by a malloc interposer linked into the benchmark (Benchmarks/Sources/CAllocCounter):
# every byte asked of malloc/calloc/realloc/memalign, in-process per render and whole-process per wrk request.
# Environment: DURATION (wrk run per case, default 10s), CONNECTIONS (4), RENDERS (50), SWIFT, BENCH_SCRATCH.
set -eu
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SCRATCH=${BENCH_SCRATCH:-.build-bench}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-4}
RENDERS=${RENDERS:-50}
for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench_scrape: $tool is missing: apt-get install -y $tool" >&2; exit 1; }
done
(cd Benchmarks && "$SWIFT" build -c release --scratch-path "../$SCRATCH" --product ScrapeBench >&2)
bin="$SCRATCH/release/ScrapeBench"

echo "== in-process renders into a discarding output ($RENDERS per case)"
"$bin" render --renders "$RENDERS"

work=$(mktemp -d)
"$bin" serve --port 0 > "$work/serve.out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's/^listening //p' "$work/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "bench_scrape: the server did not start:" >&2; cat "$work/serve.out" >&2; exit 1; }
url="http://127.0.0.1:$port"
curl -sf "$url/metrics" > /dev/null

# wrk prints latencies as 812.00us, 12.34ms or 1.20s; these become milliseconds.
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }'; }

echo "== wrk -t1 -c$CONNECTIONS -d$DURATION --latency, bar close every second"
printf "%-34s %9s %9s %9s %16s %s\n" case requests p50_ms p99_ms alloc_per_scrape verdict
scrape() {
    name=$1; shift
    before=$(curl -sf "$url/-/alloc" | cut -d' ' -f1)
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url/metrics" > "$work/wrk.txt"
    after=$(curl -sf "$url/-/alloc" | cut -d' ' -f1)
    requests=$(sed -n 's/^ *\([0-9][0-9]*\) requests in.*/\1/p' "$work/wrk.txt")
    p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt" | to_ms)
    p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt" | to_ms)
    # The two /-/alloc requests themselves allocate a few kB; they are counted in.
    per=$(( (after - before) / requests ))
    verdict=$(awk -v p="$p99" -v a="$per" 'BEGIN { print (p < 20 ? "p99 ok" : "p99 OVER 20 ms") ", " (a < 2000000 ? "alloc ok" : "alloc OVER 2 MB") }')
    printf "%-34s %9s %9s %9s %16s %s\n" "$name" "$requests" "$p50" "$p99" "$per" "$verdict"
    grep -q "Non-2xx\|Socket errors" "$work/wrk.txt" && { echo "bench_scrape: wrk saw errors:" >&2; cat "$work/wrk.txt" >&2; exit 1; }
    return 0
}
scrape "text 0.0.4"
scrape "openmetrics" -H "Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
scrape "text 0.0.4, gzip" -H "Accept-Encoding: gzip"
size=$(curl -sf "$url/metrics" | wc -c)
gzipped=$(curl -sf -H "Accept-Encoding: gzip" "$url/metrics" | wc -c)
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
peak=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
echo "body: $size bytes plain, $gzipped bytes gzip"
awk -v r="$rss" -v h="$peak" 'BEGIN { printf "RSS after the runs: %.1f MB (peak %.1f MB), target under 300 MB: %s\n", r / 1024, h / 1024, (h < 300 * 1024 ? "ok" : "OVER") }'
