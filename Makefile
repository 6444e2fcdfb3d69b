# Equity Lens — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
# uv from PATH, else the one pip installs into $(PYTHON) (run as `python3 -m uv`).
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(PYTHON) -m uv
endif

.PHONY: install demo serve test lint typecheck pytest chromium clean help

help:
	@echo "make demo   install, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install, then ruff, mypy and the whole pytest suite"

# Installs exactly what uv.lock pins; reruns only when the lock or pyproject change.
$(VENV)/.installed: uv.lock pyproject.toml
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.installed

DEMO_IDP_PORT ?= 8001

# The demo identity provider (Riverbend Health's SSO) and the background worker (e-mails,
# reminders) run beside the site and stop with it.
demo: export SITE_URL = http://127.0.0.1:$(PORT)
demo: export DEMO_IDP_PORT := $(DEMO_IDP_PORT)
demo: install
	$(BIN)/equitylens migrate --no-input
	$(BIN)/equitylens createcachetable
	$(BIN)/equitylens demo_data
	@$(BIN)/equitylens demo_idp & idp=$$!; \
	  $(BIN)/equitylens db_worker --no-reload --queue-name '*' & worker=$$!; \
	  trap 'kill $$idp $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/equitylens runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy equitylens

# Browser tests drive Debian's Chromium; install it when missing (needs root or sudo).
chromium:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

pytest: install chromium
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static .pytest_cache .mypy_cache .ruff_cache
