# pairwatch: `make run` and `make test` are all a newcomer needs; the other targets come after.
SWIFT ?= swift
LISTEN ?= 127.0.0.1:7247
ARGS ?=

.PHONY: run demo test fuzz deps build release bench soak soak-feed clean

## run: install what is missing, build a release binary and start the daemon on its built-in defaults
run: deps release
	@echo "pairwatch: serving http://$(LISTEN)/ (metrics: http://$(LISTEN)/metrics); Ctrl-C stops it"
	.build/release/pairwatch serve --web.listen-address $(LISTEN) $(ARGS)

## demo: like run, on a simulated cointegrated market instead of Binance (no internet needed)
demo: deps release
	@echo "pairwatch: simulated market; serving http://$(LISTEN)/ (metrics: http://$(LISTEN)/metrics); Ctrl-C stops it"
	.build/release/pairwatch serve --feed simulate --storage.path ./data/demo.db --web.listen-address $(LISTEN) $(ARGS)

## test: install what is missing, build and run every test
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## fuzz: the Binance decoder's fuzz test for ten minutes instead of the one second `make test` gives it
fuzz: deps
	$(SWIFT) build --build-tests
	PAIRWATCH_FUZZ_SECONDS=600 $(SWIFT) test --skip-build --filter BinanceDecoderFuzz

## deps: install the missing Debian packages (apt-get as root, else sudo, else print what to install)
deps:
	@scripts/install-deps.sh

## build: debug build
build:
	$(SWIFT) build

## release: optimised build of the pairwatch binary (.build/release/pairwatch)
release:
	$(SWIFT) build -c release --product pairwatch

## bench: statistics and import benchmarks against their baselines (statsmodels, the sqlite3 CLI), then the /metrics
## scrape and the pair monitor's end-to-end figures against their targets (needs wrk and curl), then the replay of a
## recording at full speed against the import of the same trades, and alerting's evaluation and delivery
bench: deps
	@scripts/install-deps.sh wrk curl
	scripts/bench.sh
	scripts/bench_import.sh
	scripts/bench_scrape.sh
	scripts/bench_monitor.sh
	scripts/bench_feed.sh
	scripts/bench_feed_latency.sh
	scripts/bench_alerting.sh

## soak: SIGKILL serve and import at random moments (KILLS, default 200) and check the database after each
soak: deps
	scripts/soak_crash.sh

## soak-feed: serve against binance-mock injecting random faults of every kind for DURATION seconds (default 300, at
## least 100 faults), then check the database holds every generated trade id exactly once (needs curl and jq)
soak-feed: deps
	@scripts/install-deps.sh curl jq
	scripts/soak_gapless.sh

clean:
	rm -rf .build
