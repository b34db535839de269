SHELL := /bin/bash
# o2c — make demo / make test (SPEC §2). Both install what is missing first.
SWIFT ?= swift
BUILD_FLAGS ?=
O2C := .build/debug/o2c
DEMO_DB ?= ./o2c.sqlite
SYSTEM_PACKAGES := libsqlite3-dev libcurl4-openssl-dev libxml2-dev libxml2-utils pkg-config sqlite3

.PHONY: deps build demo test bench clean

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

## Build, create the demo ledger, run the reports, and say what to try next.
demo: build
	$(O2C) init --demo --force --db $(DEMO_DB)
	@echo
	$(O2C) report aging --db $(DEMO_DB)
	@echo
	$(O2C) report trial-balance --db $(DEMO_DB)
	@echo
	$(O2C) audit verify --db $(DEMO_DB)
	@echo
	@echo "Try next:"
	@echo "  $(O2C) approvals list --db $(DEMO_DB)                      # the work waiting for people"
	@echo "  $(O2C) approvals show AP-1 --db $(DEMO_DB)"
	@echo "  $(O2C) approvals approve AP-1 --as carl --note 'no payment promise' --db $(DEMO_DB)"
	@echo "  $(O2C) agents test                                              # the agents' scenarios against a scripted model"
	@echo "  $(O2C) users token sam --db $(DEMO_DB) && $(O2C) serve --db $(DEMO_DB)   # then: curl -H 'Authorization: Bearer TOKEN' localhost:8080/v1/customers"
	@echo "No model is configured unless O2C_LLM_BASE_URL is set (OpenAI, Anthropic with O2C_LLM_PROVIDER=anthropic, or a local Ollama / vLLM / llama.cpp server)."

## Build once and run the whole test suite.
test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS) 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}

## Benchmarks (release build, Swift runtime linked statically for a fast start); see docs/PERFORMANCE.md.
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib
	.build/release/o2c bench ledger --orders 5000
	.build/release/o2c bench guardrails
	.build/release/o2c bench agents
	.build/release/o2c bench approvals
	.build/release/o2c bench import --rows 100000
	.build/release/o2c bench cashapp --invoices 100000 --payments 10000

clean:
	rm -rf .build
