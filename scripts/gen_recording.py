#!/usr/bin/env python3
"""Writes a deterministic recording of N combined-stream aggTrade frames (FrameRecorder's JSON lines) for benchmarks.

Usage: gen_recording.py FRAMES RECORDING [CSV_DIR [START_MS]]

Three symbols (BTCUSDT, ETHUSDT, 1000PEPEUSDT) with consecutive aggregate ids each, random-walk prices printed
as Binance prints them (trailing zeros kept, 2 to 7 decimals), about five trades per millisecond overall, several
sharing one `T`; `E` follows `T` by a few ms and the receive time follows `E`. With CSV_DIR the same trades are also
written as one data.binance.vision aggTrades CSV per symbol (`SYMBOL-aggTrades-DATE.csv`), for the import baseline.
START_MS defaults to one hour before now, so the trades fall inside the default retention."""
import os
import random
import sys
import time

frames = int(sys.argv[1])
recording = sys.argv[2]
csv_dir = sys.argv[3] if len(sys.argv) > 3 else None
start_ms = int(sys.argv[4]) if len(sys.argv) > 4 else int(time.time() * 1000) - 3_600_000
rng = random.Random(20261129)

# symbol, start price, price decimals, quantity decimals, share of the trades
markets = [("BTCUSDT", 68_005.0, 2, 3, 0.5), ("ETHUSDT", 3_512.4, 2, 3, 0.35), ("1000PEPEUSDT", 0.0123456, 7, 0, 0.15)]
state = {
    name: {"price": price, "id": 3_141_966_230 + 1_000_000 * k, "first": 7_297_376_181 + 50_000_000 * k, "rows": []}
    for k, (name, price, _, _, _) in enumerate(markets)
}
weights = [share for *_, share in markets]
out = open(recording, "w")
csv_files = {}
if csv_dir:
    date = time.strftime("%Y-%m-%d", time.gmtime(start_ms / 1000))
    for name, *_ in markets:
        csv_files[name] = open(os.path.join(csv_dir, f"{name}-aggTrades-{date}.csv"), "w")
        csv_files[name].write("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n")

trade_ms = start_ms
lines = []
chosen = rng.choices(markets, weights=weights, k=frames)
for name, _, price_decimals, quantity_decimals, _ in chosen:
    if rng.random() < 0.2:
        trade_ms += 1
    s = state[name]
    s["price"] = max(10.0 ** -price_decimals, s["price"] * (1 + rng.gauss(0, 1e-4)))
    price = f"{s['price']:.{price_decimals}f}"
    quantity = f"{rng.randrange(1, 5000) / 1000:.3f}" if quantity_decimals else str(rng.randrange(1, 200_000))
    count = rng.randrange(1, 4)
    first, agg_id = s["first"], s["id"]
    maker = "true" if rng.random() < 0.5 else "false"
    event_ms = trade_ms + rng.randrange(0, 5)
    lower = name.lower()
    lines.append(
        f'{{"received_ms":{event_ms + rng.randrange(1, 40)},"connection":"binance-0","frame":"{{\\"stream\\":\\"{lower}@aggTrade\\",'
        f'\\"data\\":{{\\"e\\":\\"aggTrade\\",\\"E\\":{event_ms},\\"a\\":{agg_id},\\"s\\":\\"{name}\\",\\"p\\":\\"{price}\\",'
        f'\\"q\\":\\"{quantity}\\",\\"nq\\":\\"{quantity}\\",\\"f\\":{first},\\"l\\":{first + count - 1},\\"T\\":{trade_ms},'
        f'\\"m\\":{maker},\\"st\\":1}}}}"}}\n'
    )
    if csv_dir:
        s["rows"].append(f"{agg_id},{price},{quantity},{first},{first + count - 1},{trade_ms},{maker}\n")
    s["id"] += 1
    s["first"] += count
    if len(lines) == 20_000:
        out.write("".join(lines))
        lines.clear()
        for name_, f in csv_files.items():
            f.write("".join(state[name_]["rows"]))
            state[name_]["rows"].clear()
out.write("".join(lines))
for name_, f in csv_files.items():
    f.write("".join(state[name_]["rows"]))
    f.close()
out.close()
