# csops.cloudstack test harness. Everything runs without a TTY (CI=true, no stdin).
# Venvs are cached in .venv/ (stamped on tests/requirements-*.txt); the collection is tested
# from a fresh copy in .build/ansible_collections/csops/cloudstack.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help
S := tests/scripts
PORT ?= 8080

.PHONY: help setup setup-core setup-tools build sanity sanity-oldest sanity-newest units units-oldest units-newest \
        integration integration-newest integration-oldest integration-newest-a integration-newest-b roles lint release docs awx test demo emulator bench \
        clean distclean

help:
	@echo "make setup        system packages + venvs (.venv/oldest, newest, tools, docs) + ansible-test's sanity venvs"
	@echo "make build        fresh collection copy in .build/ansible_collections/csops/cloudstack"
	@echo "make sanity       ansible-test sanity, oldest (2.17/py3.11) and newest (2.21/py3.13)"
	@echo "make units        pytest tests/unit with both venvs"
	@echo "make integration  ansible-test integration against the emulator, newest then oldest"
	@echo "                  (one target: make integration-newest TARGETS=zone)"
	@echo "make roles        tests/roles/*/run.sh"
	@echo "make lint         ansible-lint (production) + antsibull-changelog lint"
	@echo "make release      collection build, galaxy-importer, antsibull-docs lint, ansible-builder create, changelog"
	@echo "make docs         HTML docs site in .build/docsite/html (antsibull-docs + guides), links and browser checked"
	@echo "make awx          an AWX-style job through ansible-runner against the emulator"
	@echo "make test         all of the above on two workers side by side, with timings and a summary"
	@echo "make demo         its own small venv, the emulator, the example zone deployed twice, the zone tree"
	@echo "make emulator     the emulator in the foreground on PORT=$(PORT)"
	@echo "make bench        benchmarks/run.py"
	@echo "make clean        remove .build and test output (distclean: also .venv)"

setup:
	@bash $(S)/setup.sh

# the parts of setup make test runs apart: the test venvs first, the rest as its first stage (test_all.sh)
setup-core:
	@bash $(S)/setup.sh oldest newest

setup-tools:
	@bash $(S)/setup.sh tools docs sanity

build:
	@bash $(S)/build_copy.sh

sanity: sanity-oldest sanity-newest

sanity-oldest: build
	@bash $(S)/sanity.sh oldest $(SANITY_ARGS)

sanity-newest: build
	@bash $(S)/sanity.sh newest $(SANITY_ARGS)

units: units-newest units-oldest

units-newest: build
	@bash $(S)/units.sh newest

units-oldest: build
	@bash $(S)/units.sh oldest

integration: integration-newest integration-oldest

integration-newest: build
	@bash $(S)/integration.sh newest $(TARGETS)

integration-oldest: build
	@bash $(S)/integration.sh oldest $(TARGETS)

# the newest targets in two halves, one per lane of make test
integration-newest-a: build
	@SHARD=1/2 bash $(S)/integration.sh newest

integration-newest-b: build
	@SHARD=2/2 bash $(S)/integration.sh newest

roles: build
	@bash $(S)/roles.sh

lint: build
	@bash $(S)/lint.sh

release: build
	@bash $(S)/release.sh

docs: build
	@bash $(S)/docs.sh

awx: build
	@bash $(S)/awx.sh

test:
	@bash $(S)/test_all.sh

demo:
	@bash $(S)/setup.sh demo
	@bash $(S)/build_copy.sh
	@bash $(S)/demo.sh

emulator:
	@bash $(S)/emulator.sh $(PORT)

bench: build
	@for b in run overhead inventory zone; do \
		[ -f benchmarks/$$b.py ] || continue; \
		echo "================================================================ benchmark: $$b"; \
		PATH="$(CURDIR)/.venv/newest/bin:$$PATH" ANSIBLE_COLLECTIONS_PATH="$(CURDIR)/.build" \
		.venv/newest/bin/python benchmarks/$$b.py $(BENCH_ARGS) || rc=1; \
	done; exit $${rc:-0}

clean:
	rm -rf .build tests/output .ansible .pytest_cache
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf .venv
