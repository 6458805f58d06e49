#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Times one full pair update in statsmodels, the baseline of the PairStats benchmark.

Usage: python3 scripts/bench_statsmodels.py DATA.csv [--windows 100,500,2000,5000] [--updates N]
DATA.csv holds columns a,b (written by the Swift benchmark with --data). For each window and each of the
bars after the first window, one update is what PairEngine.update does: Huber RLM of a on b, spread,
pandas rolling z-score (window 100), adfuller(regression="c", autolag="AIC"), half-life OLS,
Pearson correlation and coint(trend="c", autolag="aic"). Prints window,updates,median_us as CSV.
"""
import argparse
import csv
import time
import warnings

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.stattools import adfuller, coint


def full_update(a, b, zscore_window):
    x = sm.add_constant(b)
    beta = sm.RLM(a, x, M=sm.robust.norms.HuberT()).fit().params[1]
    s = a - beta * b
    ser = pd.Series(s)
    z = ((ser - ser.rolling(zscore_window).mean()) / ser.rolling(zscore_window).std()).iloc[-1]
    adf = adfuller(s, regression="c", autolag="AIC", result_object=False)
    lam = sm.OLS(np.diff(s), sm.add_constant(s[:-1])).fit().params[1]
    corr = np.corrcoef(a, b)[0, 1]
    eg = coint(a, b, trend="c", autolag="aic")
    return z, adf[0], lam, corr, eg[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--windows", default="100,500,2000,5000")
    parser.add_argument("--updates", type=int, default=30)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with open(args.data) as f:
        rows = list(csv.DictReader(f))
    a = np.array([float(r["a"]) for r in rows])
    b = np.array([float(r["b"]) for r in rows])
    print(f"# statsmodels {statsmodels.__version__}, numpy {np.__version__}, pandas {pd.__version__}")
    print("window,updates,median_us")
    for window in (int(w) for w in args.windows.split(",")):
        times = []
        for end in range(window + 1, window + 1 + args.updates):
            start = time.perf_counter()
            full_update(a[end - window:end], b[end - window:end], min(100, window))
            times.append((time.perf_counter() - start) * 1e6)
        print(f"{window},{args.updates},{np.median(times):.2f}")


if __name__ == "__main__":
    main()
