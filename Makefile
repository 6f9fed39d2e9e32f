# The two set-up commands of the README: `make run` and `make test`. Everything lives in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# htmx comes from its npm package, pinned; `npm pack` fetches the tarball without writing a lock file.
HTMX_VERSION := 2.0.8
HTMX := web/static/vendor/htmx.min.js

.PHONY: run test lint pytest clean

run: $(INSTALLED) $(HTMX)
	$(BIN)/lotse serve

test: lint pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

pytest: $(INSTALLED) $(HTMX)
	$(BIN)/pytest

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Lotse needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

$(HTMX):
	@command -v npm >/dev/null || { echo "npm is needed once to fetch htmx (Debian: apt-get install npm)"; exit 1; }
	mkdir -p build/npm $(dir $(HTMX))
	cd build/npm && npm pack --silent htmx.org@$(HTMX_VERSION) >/dev/null && tar -xzf htmx.org-$(HTMX_VERSION).tgz package/dist/htmx.min.js
	cp build/npm/package/dist/htmx.min.js $(HTMX)

clean:
	rm -rf $(VENV) var build web/static/vendor .pytest_cache .mypy_cache .ruff_cache
