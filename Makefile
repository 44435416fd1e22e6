# One-command set-up: every target creates .venv from pyproject.toml when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install build serve test lint format bench clean frontend virtuoso

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

# Virtuoso, for the remote-backend tests (tests/scaleout): Debian's package, installed when
# missing and this is root on a Debian-like machine; otherwise those tests are skipped, or
# fail with CI=true (as .ci/run sets it).
virtuoso:
	@command -v virtuoso-t >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null \
	    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null; } \
	    || echo "virtuoso-opensource could not be installed: its tests will be skipped (fail with CI=true)"; \
	  else echo "virtuoso-opensource missing and not installable here: its tests will be skipped (fail with CI=true)"; fi; }

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

test: $(STAMP) frontend lint
	$(BIN)/pytest

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
