# zwk-network – short names for the usual tasks. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app zwk_network
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format bench db seed translations i18n-update system system-test clean

## run: install what is missing, migrate and seed the embedded database, serve on http://127.0.0.1:5000
run: system $(VENV)/.installed translations db
	$(FLASK) run --host $(HOST) --port $(PORT)

## test: install what is missing, start PostgreSQL if needed, run the whole suite on both backends
test: system-test $(VENV)/.installed translations
	ZWK_TEST_POSTGRES_SERVER="$$(scripts/ensure-postgres.sh)" $(BIN)/python -m pytest -n auto --dist loadscope

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: system-test $(VENV)/.installed translations
	ZWK_BENCH_POSTGRES_SERVER="$$(scripts/ensure-postgres.sh)" $(BIN)/python bench/run_api_bench.py

db: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d zwk_network/translations >/dev/null

system:
	PYTHON=$(PYTHON) scripts/setup-system.sh run

system-test:
	PYTHON=$(PYTHON) scripts/setup-system.sh test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench/out

## i18n-update: extract interface texts and merge them into the catalogs (then translate the new ones)
i18n-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o zwk_network/translations/messages.pot . >/dev/null
	$(BIN)/pybabel update -i zwk_network/translations/messages.pot -d zwk_network/translations --no-fuzzy-matching -w 110
