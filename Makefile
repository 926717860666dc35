# readinggroup: `make run` serves the app, `make test` runs lint and the whole suite.
# Both set everything up from nothing: a Python >= 3.12, a virtualenv, dependencies, migrations.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 found: $PYTHON if set, then pyenv's versions by path (the pyenv
# shims on PATH fail without PYENV_VERSION), then the usual names on PATH.
define FIND_PYTHON
for candidate in "$${PYTHON:-}" \
    $$(ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
    python3.14 python3.13 python3.12 python3 python; do \
  [ -n "$$candidate" ] || continue; \
  if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
    command -v "$$candidate"; exit 0; \
  fi; \
done; exit 1
endef
export FIND_PYTHON

.PHONY: help install browser run test lint format demo bench clean

help:
	@echo "make run    set up (virtualenv, dependencies, migrations, seeds, demo accounts) and serve on http://$(HOST):$(PORT)"
	@echo "make test   set up and run lint (ruff) and the whole test suite"
	@echo "make bench  measure the reader's pages on a 5,000-paragraph text with 20,000 annotations"
	@echo "make format format the code with ruff"

$(STAMP): pyproject.toml
	@python=$$(bash -c "$$FIND_PYTHON") || { \
	  echo "readinggroup needs Python 3.12 or newer, and none was found." >&2; \
	  echo "Install one (for example: 'pyenv install 3.12', or 'apt-get install python3.12 python3.12-venv')," >&2; \
	  echo "or point to it: make PYTHON=/path/to/python3.12 run" >&2; exit 1; }; \
	echo "Using $$python ($$($$python --version))"; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Replacing $(VENV): it was made with a Python older than 3.12."; rm -rf $(VENV); fi; \
	[ -x $(PY) ] || $$python -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" ; exit $${PIPESTATUS[0]}
	$(PY) -m pip install --quiet --disable-pip-version-check '.[dev]' 2>&1 | grep -v "^WARNING: Location" ; exit $${PIPESTATUS[0]}
	@touch $(STAMP)

install: $(STAMP)

demo: install
	@echo "Preparing the database (migrations, seed texts, demo accounts)..."
	@$(PY) manage.py migrate --no-input --verbosity 0
	@$(PY) manage.py load_seeds
	@$(PY) manage.py create_demo

# runserver ends its start-up output with the address served and the demo accounts.
run: demo
	@$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The browser tests drive Debian's Chromium (Playwright's own download does not work here). When
# it is missing, root with apt-get installs it; anyone else is told the one command to run.
CHROMIUM ?= $(or $(READINGGROUP_CHROMIUM),$(shell command -v chromium 2>/dev/null),/usr/bin/chromium)
export READINGGROUP_CHROMIUM := $(CHROMIUM)

browser:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Chromium is missing ($(CHROMIUM)): installing Debian's chromium package for the browser tests (about a minute)..."; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  { apt-get update -q && apt-get install -y -q chromium </dev/null; } >/tmp/readinggroup-chromium-install.log 2>&1 \
	    || { tail -20 /tmp/readinggroup-chromium-install.log; echo "Installing chromium failed (log above)." >&2; exit 1; }; \
	  echo "Installed $$(/usr/bin/chromium --version 2>/dev/null)"; \
	else \
	  echo "The browser tests need Chromium, and $(CHROMIUM) is missing. Install it with:" >&2; \
	  echo "    sudo apt-get install -y chromium" >&2; \
	  echo "or point to a Chromium binary: make test READINGGROUP_CHROMIUM=/path/to/chromium" >&2; \
	  exit 1; \
	fi

test: lint browser
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
