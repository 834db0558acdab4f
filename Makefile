# Every target creates or reuses .venv; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SIH_DATA_DIR ?= $(CURDIR)/data
export DAGSTER_HOME ?= $(CURDIR)/dagster_home
UI_PORT ?= 3000

.PHONY: setup site run test ui lint bench clean

setup: $(STAMP)

# Re-install only when the project's dependencies change. torch 2.13.0 (CPU) goes first in its
# own pip call: argostranslate -> stanza -> torch would otherwise pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# What the tests need from Debian's packages, installed when missing: chromium for the Dagster
# UI browser test, the PostgreSQL server for the deployment test and Redis for the Celery test
# (each started on 127.0.0.1 by its test). The list lives here, so a Makefile that names a new
# package checks again on machines set up before it.
SYSTEM_STAMP := $(VENV)/.system-packages
$(SYSTEM_STAMP): Makefile | $(STAMP)
	missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	touch $(SYSTEM_STAMP)

# The release site (warehouse/site/): npm installs the lockfile's packages when node_modules
# is missing or the lockfile changed, esbuild bundles them into warehouse/site/dist/, which
# publish_release copies into every release. Debian's nodejs and npm come in when missing.
SITE := warehouse/site
SITE_BUILD := $(SITE)/dist/index.html
site: $(SITE_BUILD)

$(SITE)/node_modules/.package-lock.json: $(SITE)/package-lock.json $(SITE)/package.json
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm; \
	fi
	cd $(SITE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(SITE_BUILD): $(SITE)/node_modules/.package-lock.json $(SITE)/build.mjs $(SITE)/index.html \
		$(SITE)/site.css $(wildcard $(SITE)/src/*.js)
	cd $(SITE) && node build.mjs

run: setup site
	$(BIN)/siharvest run

test: setup $(SYSTEM_STAMP) site
	$(BIN)/python -m pytest

# dagster dev = webserver + daemon, so schedules and sensors run too.
ui: setup
	@echo "Dagster UI: http://127.0.0.1:$(UI_PORT)  (DAGSTER_HOME=$(DAGSTER_HOME))"
	$(BIN)/dagster dev -h 127.0.0.1 -p $(UI_PORT) -m pipelines.definitions

# Benchmarks write benchmarks/results/<part>.json; pick parts with PARTS="language". Every
# part, the 1M-record scale run included, in one go; each part's minutes are printed.
PARTS ?= crawl language translation scale incremental dates periods organisations linking budgets si_criteria site
bench: setup
	@all=$$(date +%s); for part in $(PARTS); do \
		start=$$(date +%s); $(BIN)/python -m benchmarks.$$part || exit 1; \
		echo "== benchmarks.$$part: $$(( $$(date +%s) - start )) s"; \
	done; echo "== make bench: $$(( $$(date +%s) - all )) s"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) data $(SITE)/node_modules $(SITE)/dist
