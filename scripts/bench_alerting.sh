#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Alerting benchmark, in-process (Benchmarks/ AlertBench, release build, pinned to one core with taskset -c 0): the
# pair monitor restored on 1,000 pairs × 1s/1m/5m (200 symbols, window 500, real engines) fills the board, then
#   a) evaluation of 9,000 alerts (3 rules per series) after a 5m bar close gave every series a new reading: quiet
#      (nothing holds) and all firing (nothing transitions), target < 50 ms; and a storm in which all 9,000 fire at
#      once, stored with one outbox row per receiver (RECEIVERS, 2) in one transaction;
#   b) delivery of 10,000 notifications from real transitions through the outbox by AlertingService and its
#      WebhookNotifier to a Hummingbird receiver on 127.0.0.1 that counts distinct Idempotency-Keys, target
#      >= 1,000 notifications/s with nothing lost; baseline in the same run: 10,000 bare sequential POSTs of the same
#      body from AsyncHTTPClient to the same receiver.
# RUNS (3) runs; the figures of each are printed. Environment: RUNS, PAIRS (1000), SYMBOLS (200), EVALUATIONS (10),
# STORMS (3), RECEIVERS (2), BENCH_SCRATCH (.build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3} scratch=${BENCH_SCRATCH:-.build-bench}
bench="$scratch/release/AlertBench"
(cd Benchmarks && swift build -c release --scratch-path "../$scratch" --product AlertBench >&2)
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
for run in $(seq "$runs"); do
    echo "run $run of $runs: ${pin[*]} $bench --pairs ${PAIRS:-1000} --symbols ${SYMBOLS:-200}"
    "${pin[@]}" "$bench" --pairs "${PAIRS:-1000}" --symbols "${SYMBOLS:-200}" --evaluations "${EVALUATIONS:-10}" \
        --storms "${STORMS:-3}" --receivers "${RECEIVERS:-2}" | sed 's/^/  /'
done
