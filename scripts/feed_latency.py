#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Measures how long trades take from the exchange to the database: polls pairwatch's SQLite file (read-only, WAL)
every POLL seconds and, for each trade that became visible since the last poll, takes the poll time minus the
trade's time (`time_ms`, which binance-mock sets to the wall time it generated the trade, just before sending it).
That is an upper bound of "frame received -> trade committed": it adds the mock's send, the loopback and up to one
poll interval. Prints trades measured, frames/s and latency percentiles (ms) after a warm-up.

usage: feed_latency.py DATABASE SECONDS WARMUP_SECONDS [POLL_SECONDS]"""
import sqlite3
import sys
import time


# Each symbol's newest id through the key (symbol, trade_id): the symbols by skipping along it, then one MAX each.
# `SELECT symbol, MAX(trade_id) ... GROUP BY symbol` scanned the whole table instead (about 25 ms at 500,000 trades),
# and every trade committed during a scan was timed at the next poll, so the figures grew with the table.
NEWEST_PER_SYMBOL = """
    WITH RECURSIVE s(symbol) AS (
        SELECT MIN(symbol) FROM trades
        UNION ALL SELECT (SELECT MIN(symbol) FROM trades WHERE symbol > s.symbol) FROM s WHERE s.symbol IS NOT NULL)
    SELECT symbol, (SELECT MAX(trade_id) FROM trades WHERE trades.symbol = s.symbol) FROM s WHERE symbol IS NOT NULL"""


def main():
    path, seconds, warmup = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    poll = float(sys.argv[4]) if len(sys.argv) > 4 else 0.002
    while True:
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            db.execute("SELECT 1 FROM trades LIMIT 1").fetchall()
            break
        except sqlite3.Error:
            time.sleep(0.05)
    last = {}
    latencies = []
    started = time.time()
    counted_from = started + warmup
    count_start = None
    while time.time() < started + warmup + seconds:
        now_ms = time.time() * 1000
        for symbol, newest in db.execute(NEWEST_PER_SYMBOL).fetchall():
            previous = last.get(symbol)
            if previous is not None and newest > previous and now_ms >= counted_from * 1000:
                rows = db.execute("SELECT time_ms FROM trades WHERE symbol = ? AND trade_id > ? AND trade_id <= ?",
                                  (symbol, previous, newest)).fetchall()
                latencies.extend(now_ms - t for (t,) in rows)
                if count_start is None:
                    count_start = now_ms
            last[symbol] = newest
        time.sleep(poll)
    if not latencies:
        print("no trades measured")
        sys.exit(1)
    latencies.sort()
    elapsed = (time.time() * 1000 - count_start) / 1000 if count_start else seconds

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    print(f"trades {len(latencies)} frames_per_s {len(latencies) / elapsed:.0f} "
          f"p50_ms {pct(50):.1f} p90_ms {pct(90):.1f} p99_ms {pct(99):.1f} max_ms {latencies[-1]:.1f}")


if __name__ == "__main__":
    main()
