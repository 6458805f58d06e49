#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Benchmarks one full PairEngine update against the same update in statsmodels, on the same bars, and
# prints the speed-up per window. Needs python3 with statsmodels and pandas (pip install statsmodels pandas).
# Environment: WINDOWS (default 100,500,2000,5000), SWIFT_UPDATES (1000), PYTHON_UPDATES (20), PYTHON (python3).
set -eu
cd "$(dirname "$0")/.."
WINDOWS=${WINDOWS:-100,500,2000,5000}
SWIFT_UPDATES=${SWIFT_UPDATES:-1000}
PYTHON_UPDATES=${PYTHON_UPDATES:-20}
PYTHON=${PYTHON:-python3}
SWIFT=${SWIFT:-swift}
SCRATCH=${BENCH_SCRATCH:-.build-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

"$PYTHON" -c "import statsmodels, pandas" 2>/dev/null || {
    echo "bench: python3 needs statsmodels and pandas: pip install statsmodels pandas" >&2
    exit 1
}
(cd Benchmarks && "$SWIFT" build -c release --scratch-path "../$SCRATCH" --product PairStatsBench >&2)
"$SCRATCH/release/PairStatsBench" --windows "$WINDOWS" --updates "$SWIFT_UPDATES" --data "$work/bars.csv" > "$work/swift.csv"
"$PYTHON" scripts/bench_statsmodels.py "$work/bars.csv" --windows "$WINDOWS" --updates "$PYTHON_UPDATES" > "$work/python.csv"

grep '^#' "$work/python.csv" || true
echo "one full update (Huber + z-score + ADF/AIC + half-life + correlation + coint), median"
awk -F, '
    FNR == 1 { file++ }
    /^#/ || /^window/ { next }
    file == 1 { swift[$1] = $3; order[++n] = $1 }
    file == 2 { python[$1] = $3 }
    END {
        printf "%8s %14s %18s %10s %16s\n", "window", "pairstats_us", "statsmodels_us", "speedup", "us_per_1k_bars"
        for (i = 1; i <= n; i++) {
            w = order[i]
            printf "%8d %14.2f %18.2f %9.0fx %16.2f\n", w, swift[w], python[w], python[w] / swift[w], swift[w] * 1000 / w
        }
    }' "$work/swift.csv" "$work/python.csv"
