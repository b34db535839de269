SHELL := /bin/bash
# o2c — make demo / make test (SPEC §2). Both install what is missing first.
SWIFT ?= swift
BUILD_FLAGS ?=
O2C := .build/debug/o2c
DEMO_DB ?= ./o2c.sqlite
SYSTEM_PACKAGES := libsqlite3-dev libcurl4-openssl-dev pkg-config sqlite3
# What the tests run beside Swift: xmllint (UBL 2.1 XSD), python3-venv (Saxon for the EN 16931
# rules, PyPI saxonche in .venv-test) and a headless chromium (screenshots of the report pages).
TEST_PACKAGES := libxml2-utils python3-venv chromium
SAXONCHE_SPEC ?= saxonche==13.1.1
TEST_VENV := .venv-test

.PHONY: deps test-deps build demo test bench clean

# apt_install(PACKAGES): install those that are missing (apt-get, when root), else say what to run.
apt_install = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || { echo "apt-get failed for:$$missing" >&2; exit 1; }; \
	  else \
	    echo "missing packages:$$missing — run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

## Install the system packages o2c needs (apt-get, when root and missing).
deps:
	@$(call apt_install,$(SYSTEM_PACKAGES))

## Install what the tests need: TEST_PACKAGES (apt-get, when root and missing) and saxonche in $(TEST_VENV).
test-deps: deps
	@$(call apt_install,$(TEST_PACKAGES))
	@$(TEST_VENV)/bin/python -c 'import saxonche' 2>/dev/null || { \
	  python3 -m venv $(TEST_VENV) && $(TEST_VENV)/bin/python -m pip install -q "$(SAXONCHE_SPEC)"; } || { echo "could not install $(SAXONCHE_SPEC) into $(TEST_VENV)" >&2; exit 1; }

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

## Build, create the demo ledger, run a morning of orders through the worker, and say what to try next.
demo: build
	@$(O2C) init --demo --force --db $(DEMO_DB) > /dev/null && echo "demo ledger: $(DEMO_DB) (history of six months; 'o2c init --demo' tells more)"
	@$(O2C) demo --db $(DEMO_DB)
	@$(O2C) audit verify --db $(DEMO_DB) | head -1

## Build once and run the whole test suite.
test: test-deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS) 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}

## Benchmarks (release build, Swift runtime linked statically for a fast start); see docs/PERFORMANCE.md.
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib
	.build/release/o2c bench ledger --orders 5000
	.build/release/o2c bench guardrails
	.build/release/o2c bench agents --runs 1000
	.build/release/o2c bench agents --runs 1000 --concurrency 50 --latency-ms 50
	.build/release/o2c bench approvals
	.build/release/o2c bench workflow --orders 2000

clean:
	rm -rf .build
