SHELL := /bin/bash
# o2c — make demo / make test / make stress (SPEC §2). Each installs what is missing first.
SWIFT ?= swift
BUILD_FLAGS ?=
O2C := .build/debug/o2c
DEMO_DB ?= ./o2c.sqlite
SYSTEM_PACKAGES := libsqlite3-dev libcurl4-openssl-dev libxml2-dev pkg-config sqlite3
# What only the tests need: xmllint (the standards kit, the UBL 2.1 XSD), chromium (the web page
# and the report pages, headless), python3 for a virtualenv with aiosmtpd (the SMTP tests run a
# real SMTP server), websocket-client (the web page test drives chromium) and saxonche (Saxon, for
# the EN 16931 rules).
TEST_PACKAGES := libxml2-utils python3 python3-venv chromium
TEST_PYPI := aiosmtpd websocket-client saxonche==13.1.1
TEST_VENV := .venv-test

.PHONY: deps test-tools build release demo test sanitize bench stress clean

## Install Debian packages when missing (apt-get as root; otherwise say what to install).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || { echo "apt-get failed for:$$missing" >&2; exit 1; }; \
	  else \
	    echo "missing packages:$$missing — run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi
endef

## The system packages o2c needs to build and run.
deps:
	$(call apt_install,$(SYSTEM_PACKAGES))

## The test tools: TEST_PACKAGES, and TEST_PYPI in $(TEST_VENV) (idempotent, quiet).
test-tools: deps
	$(call apt_install,$(TEST_PACKAGES))
	@$(TEST_VENV)/bin/python -c "import aiosmtpd, websocket, saxonche" 2>/dev/null || { \
	  (python3 -m venv $(TEST_VENV) && $(TEST_VENV)/bin/pip install -q --disable-pip-version-check $(TEST_PYPI)) >/dev/null \
	  || { echo "could not install $(TEST_PYPI) into $(TEST_VENV) (needs python3-venv and access to PyPI)" >&2; exit 1; }; }

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

## The production build: optimised, the Swift runtime linked in (one binary to copy; fast start).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

## Build, create the demo ledger, run a morning of orders through the worker, and say what to try next.
demo: build
	@$(O2C) init --demo --force --db $(DEMO_DB) > /dev/null && echo "demo ledger: $(DEMO_DB) (history of six months; 'o2c init --demo' tells more)"
	@$(O2C) demo --db $(DEMO_DB)
	@$(O2C) audit verify --db $(DEMO_DB) | head -1

## Build once and run the whole test suite. The tests' scratch ledgers and homes go to a folder of
## their own, removed afterwards (about 1.5 GB a run otherwise left in /tmp); it is readable by all
## because one test runs o2c as the unprivileged user `nobody`.
test: deps test-tools
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	@scratch=$$(mktemp -d /tmp/o2c-tests.XXXXXX) && chmod 755 "$$scratch" && echo "test scratch folder: $$scratch" && \
	  TMPDIR="$$scratch" $(SWIFT) test --skip-build $(BUILD_FLAGS) 2>&1 | tee .build/test.log; \
	  status=$${PIPESTATUS[0]}; rm -rf "$$scratch"; exit $$status

## The whole suite under ThreadSanitizer, then under AddressSanitizer (each its own build folder;
## LeakSanitizer is off: it reports the runtime's static globals). Slow: about half an hour each on 2 cores.
sanitize: deps test-tools
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan $(BUILD_FLAGS)
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan $(BUILD_FLAGS) 2>&1 | tee .build-tsan/test.log; exit $${PIPESTATUS[0]}
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan $(BUILD_FLAGS)
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan $(BUILD_FLAGS) 2>&1 | tee .build-asan/test.log; exit $${PIPESTATUS[0]}

## Benchmarks (release build, Swift runtime linked statically for a fast start); see docs/PERFORMANCE.md.
bench: release
	.build/release/o2c bench ledger --orders 5000
	.build/release/o2c bench ledger --orders 5000 --concurrency 16
	.build/release/o2c bench guardrails
	.build/release/o2c bench agents --runs 1000
	.build/release/o2c bench agents --runs 1000 --concurrency 50 --latency-ms 50
	.build/release/o2c bench approvals
	.build/release/o2c bench workflow --orders 2000
	.build/release/o2c bench import --rows 100000
	.build/release/o2c bench cashapp --invoices 100000 --payments 10000
	.build/release/o2c bench dunning --invoices 100000

## The stress drivers (issue 13; docs/RELIABILITY.md): crash safety, model faults, hostile text, HTTP,
## one summary table; debug build (O2C_BUILD=release for release). Under 20 minutes here.
stress: deps
	$(call apt_install,python3)
	scripts/stress.sh

clean:
	rm -rf .build
