SHELL := /bin/bash
# o2c — make demo / make test (SPEC §2). Both install what is missing first.
SWIFT ?= swift
BUILD_FLAGS ?=
O2C := .build/debug/o2c
DEMO_DB ?= ./o2c.sqlite
SYSTEM_PACKAGES := libsqlite3-dev libcurl4-openssl-dev libxml2-dev libxml2-utils pkg-config sqlite3

.PHONY: deps build demo test sanitize bench clean

## Install the system packages o2c needs (apt-get, when root and missing).
deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || { echo "apt-get failed for:$$missing" >&2; exit 1; }; \
	  else \
	    echo "missing system packages:$$missing — run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

## Build, create the demo ledger, run a morning of orders through the worker, and say what to try next.
demo: build
	@$(O2C) init --demo --force --db $(DEMO_DB) > /dev/null && echo "demo ledger: $(DEMO_DB) (history of six months; 'o2c init --demo' tells more)"
	@$(O2C) demo --db $(DEMO_DB)
	@$(O2C) audit verify --db $(DEMO_DB) | head -1

## Build once and run the whole test suite.
test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS) 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}

## The whole suite under ThreadSanitizer, then under AddressSanitizer (each its own build folder;
## LeakSanitizer is off: it reports the runtime's static globals). Slow: about half an hour each on 2 cores.
sanitize: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan $(BUILD_FLAGS)
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan $(BUILD_FLAGS) 2>&1 | tee .build-tsan/test.log; exit $${PIPESTATUS[0]}
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan $(BUILD_FLAGS)
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan $(BUILD_FLAGS) 2>&1 | tee .build-asan/test.log; exit $${PIPESTATUS[0]}

## Benchmarks (release build, Swift runtime linked statically for a fast start); see docs/PERFORMANCE.md.
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib
	.build/release/o2c bench ledger --orders 5000
	.build/release/o2c bench guardrails
	.build/release/o2c bench agents --runs 1000
	.build/release/o2c bench agents --runs 1000 --concurrency 50 --latency-ms 50
	.build/release/o2c bench approvals
	.build/release/o2c bench workflow --orders 2000
	.build/release/o2c bench import --rows 100000
	.build/release/o2c bench cashapp --invoices 100000 --payments 10000

clean:
	rm -rf .build
