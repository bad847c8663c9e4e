# Set-up, development server and tests. Everything runs from the virtual environment in .venv.
#
#   make install   create .venv and install Samordna with its development tools
#   make run       demo data and the development server on http://127.0.0.1:8000, with the job worker
#   make test      linting, bandit and mypy, then the test suite on SQLite and on PostgreSQL
#   make messages  refresh the English translation catalogue
#                  (extra pytest arguments: make test ARGS='-k login')

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VENV := .venv
PYTHON := $(VENV)/bin/python
SAMORDNA := $(VENV)/bin/samordna
# Rewritten after each successful pip install; pip runs again only when pyproject.toml is newer.
STAMP := $(VENV)/.samordna-installed

# WeasyPrint renders through Pango and subsets fonts with HarfBuzz; gettext extracts translatable strings.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext
# Chromium for the browser tests; Java runs the Nu HTML Checker.
BROWSER_PACKAGES := chromium openjdk-17-jre-headless
# The export tests open and save the xlsx exports with LibreOffice Calc (about a minute to install, without extras).
SPREADSHEET_PACKAGES := libreoffice-calc

ARGS ?=

# axe-core and the Nu HTML Checker (vnu-jar, run with Java) for the browser tests, pinned in package-lock.json.
NODE_STAMP := node_modules/.samordna-installed

.PHONY: install run test messages system-packages browser-packages spreadsheet-packages node-packages

install: system-packages $(STAMP)
	DEBUG=1 $(SAMORDNA) compilemessages

system-packages:
	@scripts/system-packages.sh $(SYSTEM_PACKAGES)

browser-packages:
	@scripts/system-packages.sh $(BROWSER_PACKAGES)

spreadsheet-packages:
	@scripts/system-packages.sh --no-recommends $(SPREADSHEET_PACKAGES)

node-packages: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || scripts/system-packages.sh nodejs npm
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

$(PYTHON):
	@if command -v python3.11 >/dev/null 2>&1; then python=python3.11; \
	elif command -v python3 >/dev/null 2>&1 \
	     && python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then python=python3; \
	else echo "Samordna behöver Python 3.11 eller senare (python3.11 eller python3)." >&2; exit 1; fi; \
	echo "Skapar $(VENV) med $$($$python --version)"; \
	$$python -m venv $(VENV)

$(STAMP): pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	DEBUG=1 $(SAMORDNA) migrate --noinput
	DEBUG=1 $(SAMORDNA) demo
	@echo "Samordna startar på http://127.0.0.1:8000 med bakgrundsarbetaren (avsluta med Ctrl-C)."
	DEBUG=1 $(SAMORDNA) serve --bind 127.0.0.1:8000

test: install browser-packages spreadsheet-packages node-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -c pyproject.toml -r samordna -q
	DEBUG=1 $(VENV)/bin/mypy
	$(PYTHON) scripts/run-tests.py $(ARGS)

# Refresh the English catalogue after changing user-facing text; then translate the new entries.
messages: install
	cd samordna && DEBUG=1 ../$(PYTHON) -m django makemessages -l en --no-location --no-obsolete \
		--settings=samordna.settings
