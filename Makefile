# One-command set-up: every target creates .venv from pyproject.toml when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install build serve test lint format bench clean frontend virtuoso chromium nginx system \
	harvest-check browser

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Front-end packages (YASGUI for /editor, swagger-ui-dist and redoc for /docs and /redoc) into
# node_modules/, served from /static/vendor: again whenever package.json or its lock changes.
# SCARF_ANALYTICS=false: swagger-ui-dist's install script would otherwise report the install.
frontend:
	@if [ -f package.json ] && { [ ! -f node_modules/.package-lock.json ] \
	  || [ package.json -nt node_modules/.package-lock.json ] \
	  || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then \
	  SCARF_ANALYTICS=false npm install --no-audit --no-fund --silent; fi

# Debian packages the tests use, installed when missing and this is root on a Debian-like
# machine (otherwise their tests are skipped, or fail with CI=true, as .ci/run sets it):
# Virtuoso for the remote-backend tests (tests/scaleout), Chromium for the browser tests,
# nginx for serving the static export (tests/export).
APT_INSTALL = DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
define apt_package
	@command -v $(1) >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    $(APT_INSTALL) $(2) >/dev/null \
	    || { apt-get update -qq && $(APT_INSTALL) $(2) >/dev/null; } \
	    || echo "$(2) could not be installed: its tests will be skipped (fail with CI=true)"; \
	  else echo "$(2) missing and not installable here: its tests will be skipped (fail with CI=true)"; fi; }
endef

virtuoso:
	$(call apt_package,virtuoso-t,virtuoso-opensource)

chromium:
	$(call apt_package,chromium,chromium)

nginx:
	$(call apt_package,nginx,nginx)

system: virtuoso chromium nginx

build: $(STAMP)
	$(BIN)/migrakg build

serve: $(STAMP) frontend
	$(BIN)/migrakg serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Two pytest workers (pytest-xdist), each file's tests in one of them (`--dist loadfile`:
# a module's fixtures are made once): 9 min instead of 13 on this 2-CPU machine.
test: $(STAMP) frontend system lint
	$(BIN)/pytest -n 2 --dist loadfile --durations=15

# The browser tests alone (tests/browser: Debian's Chromium driven by Playwright, axe-core
# from node_modules); `make test` runs them with everything else.
browser: $(STAMP) frontend chromium
	$(BIN)/pytest tests/browser

# Benchmarks (loopback only, bounded), each printing a table: the endpoint against Oxigraph's
# own server, the 60 s load test, and growth at 1x, 10x and 50x the corpus.
bench: $(STAMP) frontend
	$(BIN)/python -m bench
	$(BIN)/python -m bench load
	$(BIN)/python -m bench growth
	$(BIN)/python -m bench backends
	$(BIN)/python -m bench hostile

clean:
	rm -rf build .pytest_cache

# What a stock CKAN portal makes of the served catalog: CKAN, ckanext-dcat, ckanext-harvest and
# ckanext-scheming from PyPI in their own venv (CKAN pins its dependencies: they must not touch
# .venv), a throwaway PostgreSQL cluster from Debian, a real `migrakg serve` of
# $(HARVEST_BUILD_DIR); a real harvest (ckanext-harvest's gather/fetch/import, `dcat_rdf`) of
# each serialization, then ckanext-dcat's DCAT-AP 3 parser and CKAN's package schemas.
# CKAN 2.11 is what the issue's portal runs; its package schema refuses fields that 2.12's
# silently drops (`make harvest-check CKAN_VERSION=2.12.0` checks the newer one).
CKAN_VERSION ?= 2.11.6
CKANEXT_DCAT_VERSION ?= 2.4.4
CKANEXT_SCHEMING_VERSION ?= 3.1.0
CKANEXT_HARVEST_VERSION ?= 1.6.3
CKAN_VENV := .venv-ckan
CKAN_STAMP := $(CKAN_VENV)/.installed-$(CKAN_VERSION)-harvest-$(CKANEXT_HARVEST_VERSION)
HARVEST_BUILD_DIR ?= build

$(CKAN_STAMP):
	test -d $(CKAN_VENV) || $(PYTHON) -m venv $(CKAN_VENV)
	$(CKAN_VENV)/bin/pip install --quiet 'ckan[requirements]==$(CKAN_VERSION)' \
	  'ckanext-dcat==$(CKANEXT_DCAT_VERSION)' 'ckanext-scheming==$(CKANEXT_SCHEMING_VERSION)' \
	  'ckanext-harvest==$(CKANEXT_HARVEST_VERSION)'
	rm -f $(CKAN_VENV)/.installed-*
	touch $(CKAN_STAMP)

harvest-check: $(STAMP) $(CKAN_STAMP)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  apt-get update -qq && $(APT_INSTALL) postgresql >/dev/null; }
	@test -d $(HARVEST_BUILD_DIR)/current || $(BIN)/migrakg build --build-dir $(HARVEST_BUILD_DIR)
	BUILD_DIR=$(HARVEST_BUILD_DIR) bash tests/harvest/harvest_check.sh
