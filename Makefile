# Hexie quick start (README): `make demo` to try it, `make test` to test it.
# Works on a fresh Debian/Ubuntu machine with Python 3.11+; no database server needed (SQLite).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEED   ?= 2026
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Debian packages the tests use: a browser for Playwright, a CJK font for PDFs, poppler for pdfsig,
# gettext for translations, zbar to read certificate QR codes back.
TEST_DEBS := chromium fonts-wqy-microhei poppler-utils gettext zbar-tools libnss3-tools

.PHONY: demo test install install-test debs serve lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

debs:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "Debian packages present:$(TEST_DEBS)"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
		echo "Installing Debian packages:$$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	else echo "apt-get not available: browser tests are skipped without $(TEST_DEBS)"; fi

demo: install
	$(BIN)/hexie migrate --no-input
	$(BIN)/hexie demo --scale S --seed $(SEED) --keep
	$(BIN)/hexie serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/hexie serve --host $(HOST) --port $(PORT)

test: install-test debs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check hexie tests bench

clean:
	rm -rf $(VENV) var .pytest_cache
