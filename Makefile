# The two set-up commands of the README: `make run` and `make test`. Everything lives in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# htmx comes from its npm package, pinned; `npm pack` fetches the tarball without writing a lock file.
HTMX_VERSION := 2.0.8
HTMX := web/static/vendor/htmx.min.js
# The OpenAPI viewer at /schema (Swagger UI), served by Lotse itself: its npm package, pinned, like htmx.
SWAGGER_UI_VERSION := 5.32.0
SWAGGER_UI := web/static/vendor/swagger-ui/swagger-ui-bundle.js
VENDOR := $(HTMX) $(SWAGGER_UI)

.PHONY: run test lint pytest clean

run: $(INSTALLED) $(VENDOR)
	$(BIN)/lotse serve

test: lint pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# First the tests that check a time budget (marker `timed`), alone, so that no other test's load decides whether
# a budget is met; then the rest on TEST_PROCESSES processes (pytest-xdist). A failure in the first part stops
# there (the second part does not run).
TEST_PROCESSES ?= 2
pytest: $(INSTALLED) $(VENDOR)
	$(BIN)/pytest -m timed
	$(BIN)/pytest -n $(TEST_PROCESSES) -m "not timed"

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

$(SWAGGER_UI):
	@command -v npm >/dev/null || { echo "npm is needed once to fetch Swagger UI (Debian: apt-get install npm)"; exit 1; }
	mkdir -p build/npm/swagger-ui $(dir $(SWAGGER_UI))
	cd build/npm/swagger-ui && npm pack --silent swagger-ui-dist@$(SWAGGER_UI_VERSION) >/dev/null \
		&& tar -xzf swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz package/swagger-ui-bundle.js package/swagger-ui.css \
		package/LICENSE package/NOTICE
	cp build/npm/swagger-ui/package/swagger-ui.css build/npm/swagger-ui/package/LICENSE \
		build/npm/swagger-ui/package/NOTICE $(dir $(SWAGGER_UI))
	cp build/npm/swagger-ui/package/swagger-ui-bundle.js $(SWAGGER_UI)

clean:
	rm -rf $(VENV) var build web/static/vendor .pytest_cache .mypy_cache .ruff_cache
