#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the statsmodels reference answers that PairStats is tested against.

Usage: pip install statsmodels pandas && python3 scripts/stats_fixtures.py
Output: Tests/PairStatsTests/Fixtures/statsmodels_cases.json (commit it; the Swift tests need no Python).

Each case is a pair of price series A, B (rounded to 8 significant digits so the JSON stays small and
exact) and, for each hedge method, what statsmodels/pandas say:
  hedge      OLS(a, add_constant(b)) or RLM(a, add_constant(b), M=HuberT()) with default fit()
  spread     s = a - beta * b (no intercept); zscore = (s - rolling(w).mean()) / rolling(w).std(), last row
  adf        adfuller(s, regression="c", autolag="AIC")
  half_life  -ln 2 / lambda from OLS(diff(s), add_constant(s[:-1])), null when lambda >= 0
  coint      coint(a, b, trend="c", autolag="aic")
  correlation numpy.corrcoef(a, b)[0, 1]
"""
import json
import math
import pathlib
import warnings

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.stattools import adfuller, coint

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/PairStatsTests/Fixtures/statsmodels_cases.json"


def rounded(x):
    return [float(f"{v:.8g}") for v in x]


def ar(rng, n, phis, sigma):
    e = rng.normal(0, sigma, n + 200)
    x = np.zeros(n + 200)
    for t in range(len(phis), n + 200):
        x[t] = sum(p * x[t - 1 - i] for i, p in enumerate(phis)) + e[t]
    return x[200:]


def walk(rng, n, start, sigma, drift=0.0):
    return start + np.cumsum(rng.normal(drift, sigma, n))


def cases():
    rng = np.random.default_rng(20240601)
    out = []

    def add(name, a, b, zw, note):
        out.append(dict(name=name, note=note, zscore_window=zw, a=rounded(a), b=rounded(b)))

    b = walk(rng, 600, 100, 1)
    add("clean_cointegration", 3.78 + 1.69 * b + ar(rng, 600, [0.7], 1.0), b, 100, "AR(1) spread, beta 1.69")
    b = walk(rng, 600, 50, 0.8)
    a = 10 + 0.9 * b + ar(rng, 600, [0.6], 0.5)
    spikes = rng.choice(600, 30, replace=False)
    a[spikes] += rng.choice([-1, 1], 30) * rng.uniform(8, 20, 30)
    add("outliers", a, b, 100, "5% of A shocked by 8 to 20")
    add("random_walks", walk(rng, 500, 200, 2), walk(rng, 500, 80, 1), 100, "independent random walks")
    b = walk(rng, 800, 300, 1.5)
    add("near_unit_root", 5 + 1.2 * b + ar(rng, 800, [0.995], 0.6), b, 100, "spread AR(1) phi 0.995")
    b = walk(rng, 30, 20, 0.5)
    add("very_short", 1 + 2 * b + rng.normal(0, 0.3, 30), b, 10, "30 bars")
    b = walk(rng, 300, 10, 1, drift=0.5)
    add("trending", 2 + 0.7 * b + ar(rng, 300, [0.5], 0.7), b, 50, "B drifts up 0.5 per bar")
    a = walk(rng, 1000, 60000, 150)
    add("price_scales", a, (a - 20000) * 2.5e-9 + ar(rng, 1000, [0.8], 2e-7), 100, "A near 60000, B near 0.0001")
    b = walk(rng, 700, 1e-6, 1e-8)
    add("tiny_prices", 2e-8 + 0.01 * b + ar(rng, 700, [0.6], 1e-10), b, 100, "prices near 1e-8 and 1e-6")
    b = walk(rng, 5000, 1000, 2)
    add("long_window", 40 + 0.5 * b + ar(rng, 5000, [0.9], 1.5), b, 500, "5000 bars")
    b = walk(rng, 400, 60, 1)
    add("negative_beta", 150 - 0.8 * b + ar(rng, 400, [0.5], 0.8), b, 100, "inverse pair")
    b = walk(rng, 900, 30, 0.5)
    add("ar2_spread", 1 + 1.1 * b + ar(rng, 900, [0.5, 0.3], 0.4), b, 200, "AR(2) spread, lags matter")
    b = walk(rng, 1000, 500, 3)
    add("heavy_tails", 20 + 0.3 * b + rng.standard_t(2, 1000), b, 100, "Student t(2) noise")
    b = walk(rng, 600, 2e-8, 2e-10)
    b = np.abs(b) + 1e-9
    add("extreme_scales", 1e6 + 3e12 * b + ar(rng, 600, [0.7], 50), b, 100, "A near 1e6, B near 1e-8")
    return out


def half_life(s):
    res = sm.OLS(np.diff(s), sm.add_constant(s[:-1])).fit()
    lam = res.params[1]
    return -math.log(2) / lam if lam < 0 else None


def finite(v):
    return None if v is None or not math.isfinite(v) else float(v)


def method_answer(a, b, zw, method):
    x = sm.add_constant(b)
    if method == "ols":
        params, iterations = sm.OLS(a, x).fit().params, None
    else:
        res = sm.RLM(a, x, M=sm.robust.norms.HuberT()).fit()
        params, iterations = res.params, int(res.fit_history["iteration"])
    s = a - params[1] * b
    ser = pd.Series(s)
    z = (ser - ser.rolling(zw).mean()) / ser.rolling(zw).std()
    stat, p, lag, nobs, crit, _ = adfuller(s, regression="c", autolag="AIC", result_object=False)
    return dict(
        slope=float(params[1]), intercept=float(params[0]), huber_iterations=iterations,
        spread_last=float(s[-1]), zscore_last=finite(z.iloc[-1]),
        adf=dict(statistic=float(stat), pvalue=float(p), used_lag=int(lag), nobs=int(nobs),
                 critical_values={k: float(v) for k, v in crit.items()}),
        half_life_bars=half_life(s),
    )


def main():
    warnings.simplefilter("ignore")
    result = dict(generator="scripts/stats_fixtures.py", statsmodels=statsmodels.__version__,
                  pandas=pd.__version__, numpy=np.__version__, cases=[])
    for case in cases():
        a, b = np.array(case["a"]), np.array(case["b"])
        stat, p, crit = coint(a, b, trend="c", autolag="aic")
        case["coint"] = dict(statistic=finite(stat), pvalue=float(p), critical_values=[float(c) for c in crit])
        case["correlation"] = float(np.corrcoef(a, b)[0, 1])
        case["methods"] = {m: method_answer(a, b, case["zscore_window"], m) for m in ("ols", "huber")}
        result["cases"].append(case)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {OUT} ({len(result['cases'])} cases, statsmodels {statsmodels.__version__})")


if __name__ == "__main__":
    main()
