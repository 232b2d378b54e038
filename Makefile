# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make build   venv, install, verify and land the data, dbt build (models + tests), publish
#   make test    everything CI checks: lint, dbt unit and data tests, pytest
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

export TOTAL_PLACE_DATA_DIR ?= $(abspath ../shared/data/public)
export TOTAL_PLACE_WORKING_DB ?= $(abspath warehouse/work/total_place_work.duckdb)
export TOTAL_PLACE_PUBLISHED_DB ?= $(abspath warehouse/total_place.duckdb)
export TOTAL_PLACE_DUCKDB_TEMP_DIRECTORY ?= $(abspath warehouse/work/duckdb_tmp)
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

# `make test` builds its own warehouse so it never disturbs the one analysts use.
TEST_WORKING_DB := $(abspath warehouse/test/total_place_test.duckdb)
DBT := $(BIN)/dbt

.PHONY: help install browser verify land dbt-build check publish build bench export docs profile scenario query-latency lint pytest test clean

help:
	@echo "make build   set up, land the data pack, dbt build, publish warehouse/total_place.duckdb"
	@echo "make test    lint, dbt unit and data tests, pytest (what CI runs)"
	@echo "make check           Great Expectations suites on the working database, Data Docs to warehouse/quality"
	@echo "make bench           benchmark: each step's time and peak memory, written to warehouse/bench/bench.md"
	@echo "make export          every public mart to Parquet and CSV, with a data dictionary"
	@echo "make docs            the dbt docs site (lineage, every model and column, the method)"
	@echo "make profile PLACE=Leeds   a self-contained HTML profile of one place"
	@echo "make scenario SCENARIO=scenarios/birmingham_older_people.yml   a pooled prevention budget, built and paged"
	@echo "make query-latency   median and 95th percentile time of every query in analyses/"
	@echo "make land | verify | publish | lint | pytest | clean"

PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

$(INSTALLED): requirements-build.lock requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements-build.lock
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

install: $(INSTALLED)

verify: install
	$(BIN)/total-place verify

land: verify
	$(BIN)/total-place land

dbt-build: land
	$(DBT) build --fail-fast
	$(BIN)/total-place dead-ends

publish: install
	$(BIN)/total-place publish

# A warehouse that fails an error-severity Great Expectations check is not published.
build: dbt-build
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory publish

# Great Expectations suites (expectations/) on the working database; Data Docs in warehouse/quality.
check: install
	$(BIN)/total-place check

# Benchmark: every step timed in its own process (generate and land payments, full and
# one-month incremental builds, the floor query, checks, publish, queries, a 100-million-row
# validation); prints a table and writes warehouse/bench/bench.md. Default scale: all 317
# English councils x 36 months (about 38.5 million payments); BENCH_ARGS="--councils 20" for less.
BENCH_ARGS ?=
bench: install
	$(BIN)/total-place bench $(BENCH_ARGS)

export: install
	$(BIN)/total-place export --out-dir warehouse/exports

docs: install
	$(DBT) docs generate --static
	@echo "docs: target/static_index.html (one self-contained file) or 'dbt docs serve'"

# A pooled prevention budget scenario: validated, built through dbt (rpt_scenario_pooled_budget,
# reconciled by its test) on the working database, its page written to warehouse/scenarios.
SCENARIO ?= scenarios/birmingham_older_people.yml
scenario: install
	$(BIN)/total-place scenario "$(SCENARIO)" --out-dir warehouse/scenarios

# Analyst query latency on the published warehouse (make build first); prints, never asserts.
query-latency: install
	$(BIN)/total-place query-latency

PLACE ?= Leeds
profile: install
	$(BIN)/total-place profile "$(PLACE)" --out-dir warehouse/profiles

# Headless Chromium renders the place profile in the tests (Debian's package; needs root).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: install
	$(BIN)/ruff check src tests/python
	$(BIN)/sqlfluff lint models macros tests analyses

pytest: install
	$(BIN)/pytest

test: install browser lint
	TOTAL_PLACE_WORKING_DB=$(TEST_WORKING_DB) $(MAKE) --no-print-directory dbt-build
	TOTAL_PLACE_WORKING_DB=$(TEST_WORKING_DB) TOTAL_PLACE_DATA_DOCS_DIR=$(abspath warehouse/test/data_docs) \
		$(MAKE) --no-print-directory check
	TOTAL_PLACE_WORKING_DB=$(TEST_WORKING_DB) $(DBT) docs generate --static --quiet
	TOTAL_PLACE_WORKING_DB=$(TEST_WORKING_DB) $(BIN)/pytest
	@# Benchmarks are not tests: a tiny run only proves the benchmark works.
	$(BIN)/total-place bench --scale tiny --councils 3 --months 3 --rows-per-month 200 \
		--validation-rows 100000 --out-dir warehouse/test/bench

clean:
	rm -rf $(VENV) target logs warehouse
