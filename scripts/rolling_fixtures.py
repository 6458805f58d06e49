#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes statsmodels' answers at EVERY window end of hard series, for the rolling PairEngine tests.

Usage: pip install statsmodels pandas && python3 scripts/rolling_fixtures.py
Output: Tests/PairStatsTests/Fixtures/rolling_cases.json (commit it; the Swift tests need no Python).

Each case is a pair of price series A, B (rounded to 8 significant digits, as scripts/stats_fixtures.py does).
For every end index e from `first_end` (where `zscore_window` bars exist) to the last bar, the window is the
last min(e + 1, window) bars, and statsmodels is fitted on it FROM SCRATCH (no state carried between ends):
  hedge      OLS(a, add_constant(b)).fit() or RLM(a, add_constant(b), M=HuberT()).fit() (starts from OLS)
  spread     s = a - beta * b over the window; zscore = last of (s - s.rolling(zw).mean()) / s.rolling(zw).std()
  adf        adfuller(s, regression="c", autolag="AIC"): statistic, p-value, used lag, nobs
  half_life  -ln 2 / lambda from OLS(diff(s), add_constant(s[:-1])), null when lambda >= 0
  coint      coint(a, b, trend="c", autolag="aic"): statistic (null when -inf) and p-value
  correlation numpy.corrcoef(a, b)[0, 1]
Values are stored column-wise per statistic, one entry per end, to 10 significant digits (the tests compare at
relative 1e-6, p-values absolute 1e-4).

The cases are chosen where a rolling fit can drift from a cold one: Huber with a re-estimated MAD scale has
several fixed points when the window holds two regimes or a few outliers, and sliding moments lose digits
when prices are large and moves small. There is no network here, so "realistic" is SYNTHETIC data, not
market data: see `realistic_sim` below.
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

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/PairStatsTests/Fixtures/rolling_cases.json"
BARS = 600
WINDOW = 200
ZSCORE_WINDOW = 50


def rounded(x):
    return [float(f"{v:.8g}") for v in x]


def short(v):
    """10 significant digits, null for a missing or non-finite value."""
    return None if v is None or not math.isfinite(v) else float(f"{v:.10g}")


def ar1(rng, n, phi, sigma, innovations=None):
    e = rng.normal(0, sigma, n + 200) if innovations is None else innovations
    x = np.zeros(len(e))
    for t in range(1, len(e)):
        x[t] = phi * x[t - 1] + e[t]
    return x[-n:]


def regime_break(rng):
    """Hedge ratio jumps from 1.2 to 1.6 at bar 300, with 6 outliers of A; B a random walk near 100."""
    b = 100 + np.cumsum(rng.normal(0, 1, BARS))
    beta = np.where(np.arange(BARS) < BARS // 2, 1.2, 1.6)
    a = 5 + beta * b + ar1(rng, BARS, 0.7, 0.8)
    spikes = rng.choice(np.arange(20, BARS), 6, replace=False)
    a[spikes] += rng.choice([-1, 1], 6) * rng.uniform(10, 25, 6)
    return a, b


def btc_eth_scale(rng):
    """BTC near 40000 and ETH near 2000 with small moves (0.05% a bar), A = 2000 + 19·B + AR(1) noise of ~5."""
    b = 2000 * np.exp(np.cumsum(rng.normal(0, 5e-4, BARS)))
    a = 2000 + 19 * b + ar1(rng, BARS, 0.8, 3.0)
    return a, b


def outliers(rng):
    """5% of A shocked by 8 to 20 (both signs) on a cointegrated pair with beta 0.9."""
    b = 50 + np.cumsum(rng.normal(0, 0.8, BARS))
    a = 10 + 0.9 * b + ar1(rng, BARS, 0.6, 0.5)
    spikes = rng.choice(BARS, BARS // 20, replace=False)
    a[spikes] += rng.choice([-1, 1], len(spikes)) * rng.uniform(8, 20, len(spikes))
    return a, b


def realistic_sim(rng):
    """SYNTHETIC 1-minute closes shaped like pairwatch's simulator (Sources/Feeds/Simulated/SimulatedMarket.swift):
    log P_k = log(ref_k) + beta_k·X + u_k with BTC 60000 / ETH 3000, beta 1.0 / 1.15, a common factor X of about
    1e-4 per √s (7.7e-4 a minute) and AR(1) deviations of 5e-4 with a 3-minute half-life; unlike the simulator the
    innovations are Student t(4) with GARCH(1,1) volatility clustering (omega 0.05, alpha 0.1, beta 0.85 on unit
    variance), so returns are heavy-tailed and come in calm and wild stretches, as real closes do."""
    n = BARS + 200

    def garch_t():
        h, out = 1.0, np.zeros(n)
        for t in range(n):
            z = rng.standard_t(4) / math.sqrt(2.0)  # t(4) has variance 2
            out[t] = math.sqrt(h) * z
            h = 0.05 + 0.1 * out[t] ** 2 + 0.85 * h
        return out

    factor = np.cumsum(7.7e-4 * garch_t())
    phi = 2 ** (-60 / 180)
    deviation = 5e-4 * math.sqrt(1 - phi * phi)
    u_a = ar1(rng, n, phi, None, deviation * garch_t())
    u_b = ar1(rng, n, phi, None, deviation * garch_t())
    a = np.exp(math.log(60000) + 1.0 * factor + u_a)[-BARS:]
    b = np.exp(math.log(3000) + 1.15 * factor + u_b)[-BARS:]
    return a, b


def half_life(s):
    lam = sm.OLS(np.diff(s), sm.add_constant(s[:-1])).fit().params[1]
    return -math.log(2) / lam if lam < 0 else None


def hedge(a, b, method):
    x = sm.add_constant(b)
    if method == "ols":
        return sm.OLS(a, x).fit().params
    return sm.RLM(a, x, M=sm.robust.norms.HuberT()).fit().params


def method_row(a, b, method):
    params = hedge(a, b, method)
    s = a - params[1] * b
    ser = pd.Series(s)
    z = ((ser - ser.rolling(ZSCORE_WINDOW).mean()) / ser.rolling(ZSCORE_WINDOW).std()).iloc[-1]
    stat, p, lag, nobs, _, _ = adfuller(s, regression="c", autolag="AIC", result_object=False)
    return dict(slope=params[1], intercept=params[0], spread=s[-1], zscore=z, adf_statistic=stat, adf_pvalue=p,
                adf_lag=int(lag), adf_nobs=int(nobs), half_life=half_life(s))


def rolled(a, b):
    """Column-wise answers for every end from ZSCORE_WINDOW - 1 to the last bar."""
    columns = dict(coint_statistic=[], coint_pvalue=[], correlation=[], ols={}, huber={})
    for end in range(ZSCORE_WINDOW - 1, len(a)):
        wa, wb = a[max(0, end + 1 - WINDOW):end + 1], b[max(0, end + 1 - WINDOW):end + 1]
        stat, p, _ = coint(wa, wb, trend="c", autolag="aic")
        columns["coint_statistic"].append(short(stat))
        columns["coint_pvalue"].append(short(p))
        columns["correlation"].append(short(np.corrcoef(wa, wb)[0, 1]))
        for method in ("ols", "huber"):
            for key, value in method_row(wa, wb, method).items():
                columns[method].setdefault(key, []).append(value if isinstance(value, int) else short(value))
    return columns


def main():
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(20250611)
    makers = [
        ("regime_break", regime_break), ("btc_eth_scale", btc_eth_scale),
        ("outliers_5pct", outliers), ("realistic_sim", realistic_sim),
    ]
    result = dict(generator="scripts/rolling_fixtures.py", statsmodels=statsmodels.__version__,
                  pandas=pd.__version__, numpy=np.__version__, window=WINDOW, zscore_window=ZSCORE_WINDOW,
                  first_end=ZSCORE_WINDOW - 1, cases=[])
    for name, make in makers:
        a, b = make(rng)
        a, b = np.array(rounded(a)), np.array(rounded(b))
        case = dict(name=name, note=make.__doc__.split("\n")[0].strip(), a=a.tolist(), b=b.tolist())
        case.update(rolled(a, b))
        result["cases"].append(case)
        print(f"{name}: {len(case['correlation'])} window ends", flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, statsmodels {statsmodels.__version__})")


if __name__ == "__main__":
    main()
