# Two commands for a newcomer: `make demo` runs Mutuality with invented data; `make test`
# runs every check. Both install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS ?= never
export UV_LINK_MODE ?= copy
PYTHON3 ?= python3
UV := .tools/bin/uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run in parallel (pytest-xdist): one worker per core; TEST_WORKERS=0 runs them in one
# process. The browser tests then run in one process: Chromium and the test server each want
# a core, and page loads under parallel workers ran into Playwright's timeouts.
# BROWSER_TESTS=no leaves them out (the PostgreSQL pass of .ci/run).
TEST_WORKERS ?= auto
BROWSER_TESTS ?= yes

.PHONY: help install demo serve test lint check-migrations pytest bench clean

help:
	@echo "make demo   install everything, load the invented system, serve it at http://$(HOST):$(PORT)"
	@echo "make test   install everything and run every check (ruff, migrations, tests, browser tests)"

$(UV):
	$(PYTHON3) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

mutuality/static/build/.built: node_modules/.installed frontend/main.scss frontend/main.js
	npm run --silent build
	@touch $@

install: .venv/.synced mutuality/static/build/.built

demo: export MUTUALITY_DEMO := true
demo: export MUTUALITY_BASE_URL := http://$(HOST):$(PORT)
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports --no-cache
	$(PY) scripts/check_view_writes.py

check-migrations: install
	MUTUALITY_DEMO=true $(MANAGE) makemigrations --check --dry-run

pytest: install
	MUTUALITY_DEMO=true $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup -m "not browser" $(PYTEST_ARGS)
ifeq ($(BROWSER_TESTS),yes)
	MUTUALITY_DEMO=true $(PY) -m pytest -m browser $(PYTEST_ARGS)
endif

test: lint check-migrations pytest

bench: install
	$(PY) bench/matching.py

clean:
	rm -rf .venv .tools node_modules mutuality/static/build staticfiles var
