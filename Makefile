# Every target installs what it needs, from uv.lock, into .venv with the system python3.
# uv itself is bootstrapped once into .uv/ with pip (pinned), so only python3 is required.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
BIN := $(VENV)/bin
# uv: use this python3, never download one, keep the environment in .venv, and compile
# bytecode at install (with PYTHONDONTWRITEBYTECODE set, every start would compile again).
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_COMPILE_BYTECODE := 1
SYNC := $(UV) sync --frozen --python $(PYTHON)

.PHONY: run test lint bench lock clean chromium

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Runtime dependencies only (--inexact keeps dev tools if a test run installed them).
run: $(UV)
	$(SYNC) --no-dev --inexact --quiet
	$(BIN)/python -m bot

# The Mini App's browser tests drive Debian's Chromium (not a Python package): installed
# here when it is missing and we may (root, about a minute); otherwise the test says how.
chromium:
	@if [ -z "$$CHROMIUM_PATH" ] && [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && apt-get install -y -q --no-install-recommends chromium; fi

# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own embedded
# PostgreSQL; much of it waits on subprocesses and sockets, so 2 pay off even on 2 cores.
# The tests marked `alone` assert response times, so they run afterwards with no neighbour.
TEST_WORKERS ?= 2

test: $(UV) chromium
	$(SYNC) --quiet
	$(BIN)/ruff check bot handlers repository tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist worksteal -m "not alone"
	$(BIN)/pytest -q -m alone

lint: $(UV)
	$(SYNC) --quiet
	$(BIN)/ruff check bot handlers repository tests bench
	$(BIN)/mypy

bench: $(UV)
	$(SYNC) --quiet
	$(BIN)/python bench/bench_import.py

# After changing dependencies in pyproject.toml: refresh uv.lock and commit it.
lock: $(UV)
	$(UV) lock --python $(PYTHON)

clean:
	rm -rf $(VENV) .uv .data
