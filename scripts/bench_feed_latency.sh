#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The live path's latency at a given frame rate: the release pairwatch on the Binance feed against binance-mock on
# 127.0.0.1 (RATE trades/s per symbol on two symbols, default 10,000: 20,000 frames/s), and scripts/feed_latency.py
# timing each trade from its generation by the mock to its commit in the database (target: p99 under 50 ms).
# Environment: RATE, SECONDS (measured, default 20), WARMUP (default 5), BATCH_INTERVAL (storage.batch_interval,
# default the daemon's), SWIFT.
set -eu
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
RATE=${RATE:-10000}
SECONDS_MEASURED=${SECONDS:-20}
WARMUP=${WARMUP:-5}
"$SWIFT" build -c release --product pairwatch >&2
"$SWIFT" build -c release --product binance-mock >&2
work=$(mktemp -d)
mock_pid=""
daemon_pid=""
trap 'kill $daemon_pid $mock_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
.build/release/binance-mock --listen 127.0.0.1:0 --symbols BTCUSDT,ETHUSDT --rate "$RATE" > "$work/mock.out" 2>&1 &
mock_pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/mock.out")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "bench_feed_latency: binance-mock did not start:" >&2; cat "$work/mock.out" >&2; exit 1; }
batch=""
[ -n "${BATCH_INTERVAL:-}" ] && batch=", batch_interval: $BATCH_INTERVAL"
cat > "$work/pairwatch.yml" <<YAML
storage: {path: $work/pairwatch.db$batch}
feed:
  source: binance
  binance: {websocket_url: "ws://127.0.0.1:$port/market/stream", rest_url: "http://127.0.0.1:$port"}
timeframes: [1s, 1m, 5m]
pairs: [{a: BTCUSDT, b: ETHUSDT}]
YAML
.build/release/pairwatch serve --config.file "$work/pairwatch.yml" --web.listen-address 127.0.0.1:0 --log.level warn 2> "$work/daemon.err" &
daemon_pid=$!
echo "== live feed latency: $RATE trades/s per symbol on 2 symbols, storage.batch_interval ${BATCH_INTERVAL:-200ms (default)}"
python3 scripts/feed_latency.py "$work/pairwatch.db" "$SECONDS_MEASURED" "$WARMUP"
