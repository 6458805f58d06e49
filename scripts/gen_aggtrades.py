#!/usr/bin/env python3
"""Writes N deterministic Binance futures aggTrades rows (with the header line) to stdout, for benchmarks.

Usage: gen_aggtrades.py [ROWS [MAX_GAP_MS]]; trades are 0 to MAX_GAP_MS (default 500) apart, so the default
million rows span about 2.9 days and MAX_GAP_MS 5184 stretches them over a month."""
import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
max_gap_ms = int(sys.argv[2]) if len(sys.argv) > 2 else 500
rng = random.Random(20240101)
out = sys.stdout
out.write("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n")
time_ms, price, first = 1_704_067_200_000, 42_000.0, 7_000_000_000
lines = []
for agg_id in range(3_000_000_000, 3_000_000_000 + rows):
    time_ms += rng.randrange(0, max_gap_ms)
    price = max(1.0, price * (1 + rng.gauss(0, 1e-4)))
    count = rng.randrange(1, 4)
    lines.append(f"{agg_id},{price:.2f},{rng.randrange(1, 5000) / 1000:.3f},{first},{first + count - 1},{time_ms},{'true' if rng.random() < 0.5 else 'false'}\n")
    first += count
    if len(lines) == 10_000:
        out.write("".join(lines))
        lines.clear()
out.write("".join(lines))
