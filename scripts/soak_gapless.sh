#!/usr/bin/env bash
# Feed soak: `pairwatch serve` against `binance-mock` injecting random faults of every kind (closes, stalls, garbage,
# truncated, duplicated and reordered frames, 429/418/5xx and slow REST answers) for DURATION seconds (default 300),
# at FAULTS_PER_MINUTE (default: about 200 drawn in the run, so well over 100 applied). Then the mock stops
# generating, the daemon gets CATCHUP seconds (default 120) to catch up, and per symbol the ids in the database must
# be exactly the ids the mock generated: none missing, none outside, none delivered twice.
# Other settings: SEED (printed; replays the trades and the faults), SYMBOLS (BTCUSDT,ETHUSDT), RATE (trades per
# second per symbol, 50), STALE_AFTER (3s), MIN_FAULTS (faults that must have been applied, DURATION/3).
# Needs curl, jq and sqlite3. The work folder is removed on success and kept (with both logs) on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-300}
faults_per_minute=${FAULTS_PER_MINUTE:-$(( (200 * 60 + duration - 1) / duration ))}
seed=${SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
symbols=${SYMBOLS:-BTCUSDT,ETHUSDT}
rate=${RATE:-50}
stale_after=${STALE_AFTER:-3s}
catchup=${CATCHUP:-120}
min_faults=${MIN_FAULTS:-$(( duration / 3 ))}
IFS=, read -r -a names <<<"$symbols"
(( ${#names[@]} >= 2 )) || { echo "SYMBOLS: name at least two symbols (the daemon watches the first two as a pair)" >&2; exit 2; }

work=$(mktemp -d)
mock_pid="" daemon_pid="" ok=""
cleanup() {
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
    [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
    if [ -n "$ok" ]; then rm -rf "$work"; else echo "soak: logs and database kept in $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "soak: $*"; }
fail() { echo "soak: FAILED: $*" >&2; exit 1; }

# Waits up to $2 seconds for `grep -o $3` to match in file $1 and prints the match.
wait_for_line() {
    local file=$1 limit=$2 pattern=$3 found
    for _ in $(seq 1 $(( limit * 10 ))); do
        found=$(grep -o -m1 "$pattern" "$file" 2>/dev/null || true)
        [ -n "$found" ] && { echo "$found"; return 0; }
        sleep 0.1
    done
    return 1
}

mock() { curl -fsS -X "$1" "http://127.0.0.1:$mock_port/mock/$2"; }
metric() { curl -fsS "http://$daemon_address/metrics" | awk -v name="$1" '$1 ~ "^"name"([{]|$)" { print $1, $2 }'; }

build() {
    say "building release pairwatch and binance-mock"
    swift build -c release --product pairwatch >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "release build of pairwatch"; }
    swift build -c release --product binance-mock >>"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "release build of binance-mock"; }
    bin=$(swift build -c release --show-bin-path)
}

start_mock() {
    "$bin/binance-mock" --listen 127.0.0.1:0 --symbols "$symbols" --rate "$rate" --seed "$seed" --ping-interval 5s \
        --random-faults "$faults_per_minute" >"$work/mock.out" 2>"$work/mock.log" &
    mock_pid=$!
    local listening
    listening=$(wait_for_line "$work/mock.out" 30 'listening on 127\.0\.0\.1:[0-9]*') || fail "binance-mock did not say where it listens"
    mock_port=${listening##*:}
    # Held until the daemon is connected; what was generated before is fetched into the database by `backfill`.
    mock POST pause >/dev/null
    mock POST "generate?count=1" >/dev/null
    say "binance-mock on 127.0.0.1:$mock_port, seed $seed, $faults_per_minute random faults a minute, $rate trades/s per symbol"
}

write_config() {
    cat >"$work/pairwatch.yml" <<YML
storage: {path: $work/pairwatch.db, retention: 5000d}
feed:
  source: binance
  symbols: [$symbols]
  binance: {websocket_url: "ws://127.0.0.1:$mock_port/market/stream", rest_url: "http://127.0.0.1:$mock_port", stale_after: $stale_after, max_reconnect_delay: 2s}
timeframes: [1s, 1m]
pairs: [{a: ${names[0]}, b: ${names[1]}, window: 60, zscore_window: 20}]
YML
}

# The ids generated before the daemon starts, stored with `pairwatch backfill`, so the daemon resumes from the mock's
# first id and every generated id is expected in the database.
seed_database() {
    local symbol first
    for symbol in "${names[@]}"; do
        first=$(mock GET state | jq -r --arg s "$symbol" '.symbols[] | select(.symbol == $s) | .firstID')
        "$bin/pairwatch" backfill --config.file "$work/pairwatch.yml" --symbol "$symbol" --from-id "$first" \
            --log.level warn 2>>"$work/backfill.log" || { cat "$work/backfill.log" >&2; fail "backfill of $symbol before the start"; }
    done
}

start_daemon() {
    "$bin/pairwatch" serve --config.file "$work/pairwatch.yml" --web.listen-address 127.0.0.1:0 2>"$work/pairwatch.log" &
    daemon_pid=$!
    daemon_address=$(wait_for_line "$work/pairwatch.log" 60 'address=127\.0\.0\.1:[0-9]*') || fail "pairwatch serve did not start listening"
    daemon_address=${daemon_address#address=}
    for _ in $(seq 1 300); do
        [ "$(mock GET state | jq '[.connections[] | select(.closedAtMs == null)] | length')" -gt 0 ] && break
        sleep 0.1
    done
    mock POST resume >/dev/null
    say "pairwatch serve on $daemon_address (pid $daemon_pid), stale_after $stale_after; running ${duration}s"
}

run_for() {
    local elapsed=0 step
    while (( elapsed < duration )); do
        step=$(( duration - elapsed < 30 ? duration - elapsed : 30 ))
        sleep "$step"
        elapsed=$(( elapsed + step ))
        kill -0 "$daemon_pid" 2>/dev/null || fail "pairwatch serve exited during the run"
        say "${elapsed}s: $(mock GET state | jq -r '"\(.faultsApplied | add // 0) faults applied, \(.connections | length) connections, \(.restCalls) REST calls"')"
    done
}

stored() { sqlite3 "$work/pairwatch.db" "SELECT symbol, COUNT(*), MIN(trade_id), MAX(trade_id) FROM trades GROUP BY symbol ORDER BY symbol"; }
generated() { jq -r '.symbols | sort_by(.symbol)[] | "\(.symbol)|\(.count)|\(.firstID)|\(.lastID)"' "$work/state.json"; }

# Stops generation and waits (CATCHUP seconds at most) for the database to hold what the mock generated.
catch_up() {
    mock POST stop >/dev/null
    mock GET state >"$work/state.json"
    local started=$SECONDS
    while (( SECONDS - started < catchup )); do
        [ "$(stored)" = "$(generated)" ] && break
        sleep 1
    done
    say "generation stopped; the database matched after $(( SECONDS - started ))s (limit ${catchup}s)"
}

# Per symbol: generated, stored, missing and extra ids, and the first holes.
compare() {
    local symbol count first last mismatch="" in_range missing extra holes
    while IFS='|' read -r symbol count first last; do
        read -r in_range extra < <(sqlite3 -separator ' ' "$work/pairwatch.db" "SELECT
            SUM(trade_id BETWEEN $first AND $last), SUM(trade_id NOT BETWEEN $first AND $last) FROM trades WHERE symbol = '$symbol'")
        in_range=${in_range:-0} extra=${extra:-0}
        missing=$(( count - in_range ))
        say "$symbol: generated $count ids $first...$last; stored $(sqlite3 "$work/pairwatch.db" "SELECT COUNT(*) || ' ids ' || IFNULL(MIN(trade_id), '-') || '...' || IFNULL(MAX(trade_id), '-') FROM trades WHERE symbol = '$symbol'"); missing $missing, outside the generated range $extra"
        if (( missing != 0 || extra != 0 )); then
            mismatch=1
            holes=$(sqlite3 "$work/pairwatch.db" "SELECT (prev + 1) || '...' || (trade_id - 1) FROM (SELECT trade_id,
                LAG(trade_id) OVER (ORDER BY trade_id) AS prev FROM trades WHERE symbol = '$symbol') WHERE trade_id > prev + 1 LIMIT 10")
            [ -n "$holes" ] && say "$symbol: first holes: $(echo "$holes" | tr '\n' ' ')"
        fi
    done < <(generated)
    [ -z "$mismatch" ]
}

report() {
    say "faults applied: $(jq -c '.faultsApplied' "$work/state.json") (total $(jq '.faultsApplied | add // 0' "$work/state.json"))"
    say "mock: $(jq -r '"\(.connections | length) connections, \(.restCalls) REST calls serving \(.restTradesServed) trades, \(.rateLimitCloses) rate-limit closes"' "$work/state.json")"
    metric pairwatch_feed_reconnects_total | sed 's/^/soak: /'
    metric pairwatch_feed_backfilled_trades_total | sed 's/^/soak: /'
    metric pairwatch_feed_gaps_total | sed 's/^/soak: /'
    metric pairwatch_feed_decode_errors_total | sed 's/^/soak: /'
    metric pairwatch_storage_duplicate_trades_total | sed 's/^/soak: /'
}

build
start_mock
write_config
seed_database
start_daemon
run_for
catch_up
report
failed=""
compare || failed="the database does not hold exactly the generated ids"
duplicates=$(metric pairwatch_storage_duplicate_trades_total | awk '{ print $2 }')
[ "${duplicates:-0}" = 0 ] || failed="${failed:+$failed; }the feed delivered $duplicates trades twice (storage skipped them)"
gaps=$(metric pairwatch_feed_gaps_total | awk '{ s += $2 } END { print s + 0 }')
[ "$gaps" = 0 ] || failed="${failed:+$failed; }the feed reported $gaps gaps"
[ "$(jq '.rateLimitCloses' "$work/state.json")" = 0 ] || failed="${failed:+$failed; }the daemon went over Binance's message rate"
applied=$(jq '.faultsApplied | add // 0' "$work/state.json")
(( applied >= min_faults )) || failed="${failed:+$failed; }only $applied faults applied, fewer than $min_faults (raise FAULTS_PER_MINUTE)"
kill "$daemon_pid"
wait "$daemon_pid" || failed="${failed:+$failed; }pairwatch serve did not exit cleanly on SIGTERM"
daemon_pid=""
[ -z "$failed" ] || fail "$failed (seed $seed)"
ok=1
say "ok: every generated id stored exactly once through $applied faults (seed $seed)"
