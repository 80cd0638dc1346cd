# Pactum: `make demo` runs it, `make test` tests it. Everything installs into .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: install demo test test-sqlite test-postgres lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(FLASK) db upgrade
	$(FLASK) bpmn deploy
	$(FLASK) demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/ruff check workflows service tests bench wsgi.py
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check workflows service tests bench wsgi.py

format: install
	$(BIN)/ruff format workflows service tests bench wsgi.py

bench: install
	$(BIN)/python bench/api_throughput.py
	$(BIN)/python bench/inbox.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
