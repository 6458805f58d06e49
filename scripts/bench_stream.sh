#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Live stream benchmark, in-process (Benchmarks/ StreamBench, release build): the pair monitor restored on 1,000 pairs
# × 1s/1m/5m (200 symbols, window 500, real engines, the daemon's default workers), `GET /api/v1/stream` served by
# Hummingbird on 127.0.0.1, and the time from a 1s bar close until every 1s series published it: CLOSES closes with
# no stream client, then CLOSES with CLIENTS (100) clients connected, each reading every event (1,000 a close); both
# figures, their ratio, the time until the slowest client had every snapshot, and the clients dropped (target: none,
# and a ratio near 1). Each run measures two kinds of client, each in a process of its own: `lean`, plain sockets
# read by one thread (what clients on other machines cost this one: the kernel's copies), and `http`,
# AsyncHTTPClient in the same process (whose parsing competes with the server and the engines for the cores).
# RUNS (3) runs; the figures of each are printed. Environment: RUNS, PAIRS (1000), SYMBOLS (200), CLOSES (10),
# CLIENTS (100), READERS ("lean http"), BENCH_SCRATCH (.build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3} scratch=${BENCH_SCRATCH:-.build-bench}
bench="$scratch/release/StreamBench"
(cd Benchmarks && swift build -c release --scratch-path "../$scratch" --product StreamBench >&2)
for run in $(seq "$runs"); do
    for readers in ${READERS:-lean http}; do
        echo "run $run of $runs: $bench --pairs ${PAIRS:-1000} --symbols ${SYMBOLS:-200} --clients ${CLIENTS:-100} --readers $readers"
        "$bench" --pairs "${PAIRS:-1000}" --symbols "${SYMBOLS:-200}" --closes "${CLOSES:-10}" --clients "${CLIENTS:-100}" --readers "$readers" \
            | sed 's/^/  /'
    done
done
