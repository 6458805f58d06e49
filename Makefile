# pairwatch: `make run` and `make test` are all a newcomer needs; the other targets come after.
SWIFT ?= swift
LISTEN ?= 127.0.0.1:7247
ARGS ?=

# Installation (make install): PREFIX for the program, DESTDIR for staging; the configuration is always under /etc.
PREFIX ?= /usr/local
DESTDIR ?=
BINARY ?= .build/release/pairwatch
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/pairwatch
CONFDIR = /etc/pairwatch
# systemd looks for units and sysusers files in /usr/local/lib and /usr/lib as well as in /etc; software installed
# under such a prefix keeps them there, beside itself, leaving /etc to the administrator's own units and overrides.
ifneq ($(filter /usr /usr/local,$(PREFIX)),)
UNITDIR = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
else
UNITDIR = /etc/systemd/system
SYSUSERSDIR = /etc/sysusers.d
endif
EXAMPLE_DB = ./data/pairwatch.db
SERVICE_DB = /var/lib/pairwatch/pairwatch.db
SOURCES = $(shell find Sources -type f) Package.swift

.PHONY: run demo test fuzz deps build openapi release install uninstall bench soak soak-feed clean

## run: install what is missing, build a release binary and start the daemon on its built-in defaults
run: deps release
	@echo "pairwatch: serving http://$(LISTEN)/ (metrics: http://$(LISTEN)/metrics); Ctrl-C stops it"
	.build/release/pairwatch serve --web.listen-address $(LISTEN) $(ARGS)

## demo: like run, on a simulated cointegrated market instead of Binance (no internet needed)
demo: deps release
	@echo "pairwatch: simulated market; serving http://$(LISTEN)/ (metrics: http://$(LISTEN)/metrics); Ctrl-C stops it"
	.build/release/pairwatch serve --feed simulate --storage.path ./data/demo.db --web.listen-address $(LISTEN) $(ARGS)

# What the tests run besides pairwatch: a real Prometheus (promtool), Alertmanager, systemd-analyze and a headless browser.
TEST_PACKAGES = prometheus prometheus-alertmanager systemd chromium

## test: install what is missing (the test tools too), build and run every test
test:
	@scripts/install-deps.sh $(TEST_PACKAGES)
	@scripts/install-test-tools.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## fuzz: the fuzz tests (Binance decoder, API queries, trade uploads) for ten minutes each instead of the seconds `make test` gives them
fuzz: deps
	$(SWIFT) build --build-tests
	PAIRWATCH_FUZZ_SECONDS=600 $(SWIFT) test --skip-build --filter 'BinanceDecoderFuzz|APIQueryFuzz|TradesUploadFuzz'

## openapi: write openapi/pairwatch-api.json (the API's document) into the Swift source the daemon serves it from
openapi:
	@scripts/embed-openapi.sh

## deps: install the missing Debian packages (apt-get as root, else sudo, else print what to install)
deps:
	@scripts/install-deps.sh

## build: debug build
build:
	$(SWIFT) build

## release: optimised build of the pairwatch binary (.build/release/pairwatch)
release:
	$(SWIFT) build -c release --product pairwatch

# What install depends on: rebuilt only when a source is newer, so `sudo make install` after `make release` needs no
# Swift toolchain on root's PATH and writes nothing into .build as root.
.build/release/pairwatch: $(SOURCES)
	$(SWIFT) build -c release --product pairwatch
	@touch $@

## install: the release binary, the systemd unit and sysusers file, the example configuration (only when
## /etc/pairwatch/pairwatch.yml does not exist) and the Grafana and Prometheus files, under DESTDIR; BINARY installs
## another build instead of the release one (which is rebuilt first when a source changed)
install: $(BINARY)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(CONFDIR) $(DESTDIR)$(DATADIR)
	install -m 0755 $(BINARY) $(DESTDIR)$(BINDIR)/pairwatch
	sed 's|/usr/local/bin/pairwatch|$(BINDIR)/pairwatch|' systemd/pairwatch.service >$(DESTDIR)$(UNITDIR)/pairwatch.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/pairwatch.service
	install -m 0644 systemd/sysusers.d/pairwatch.conf $(DESTDIR)$(SYSUSERSDIR)/pairwatch.conf
	@if [ -e $(DESTDIR)$(CONFDIR)/pairwatch.yml ]; then \
		echo "pairwatch: kept the existing $(DESTDIR)$(CONFDIR)/pairwatch.yml"; \
	else \
		echo "sed 's|$(EXAMPLE_DB)|$(SERVICE_DB)|' examples/pairwatch.yml >$(DESTDIR)$(CONFDIR)/pairwatch.yml"; \
		sed 's|$(EXAMPLE_DB)|$(SERVICE_DB)|' examples/pairwatch.yml >$(DESTDIR)$(CONFDIR)/pairwatch.yml; \
		chmod 0644 $(DESTDIR)$(CONFDIR)/pairwatch.yml; \
	fi
	@# The folders come with the dashboards and rules; copied whole, whatever they hold, when present.
	@for folder in grafana prometheus; do \
		if [ -d $$folder ]; then \
			echo "cp -R $$folder $(DESTDIR)$(DATADIR)/"; \
			rm -rf $(DESTDIR)$(DATADIR)/$$folder && cp -R $$folder $(DESTDIR)$(DATADIR)/ && \
			chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/$$folder || exit 1; \
		fi; \
	done
	@# Into the running system only: the service's user exists before its first start.
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
		echo "systemd-sysusers $(SYSUSERSDIR)/pairwatch.conf"; \
		systemd-sysusers $(SYSUSERSDIR)/pairwatch.conf; \
	fi

## uninstall: remove what install wrote, except the configuration and the database (/var/lib/pairwatch)
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
		echo "systemctl disable --now pairwatch.service"; \
		systemctl disable --now pairwatch.service 2>/dev/null || true; \
	fi
	rm -f $(DESTDIR)$(BINDIR)/pairwatch $(DESTDIR)$(UNITDIR)/pairwatch.service $(DESTDIR)$(SYSUSERSDIR)/pairwatch.conf
	rm -rf $(DESTDIR)$(DATADIR)
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then echo "systemctl daemon-reload"; systemctl daemon-reload; fi

## bench: statistics and import benchmarks against their baselines (statsmodels, the sqlite3 CLI), the upload of a
## trade file over HTTP against its import, then the /metrics scrape and the pair monitor's end-to-end figures against
## their targets (needs wrk and curl), the replay of a recording at full speed against the import of the same trades,
## alerting's evaluation and delivery, the JSON API, and the bar-close latency with 100 live stream clients connected
bench: deps
	@scripts/install-deps.sh wrk curl
	scripts/bench.sh
	scripts/bench_import.sh
	scripts/bench_upload.sh
	scripts/bench_scrape.sh
	scripts/bench_monitor.sh
	scripts/bench_feed.sh
	scripts/bench_feed_latency.sh
	scripts/bench_alerting.sh
	scripts/bench_api.sh
	scripts/bench_stream.sh

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
