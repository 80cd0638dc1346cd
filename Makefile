# Pactum: `make demo` runs it, `make test` tests it. Everything installs into .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
ASSETS := node_modules/.package-lock.json
BUNDLES := service/static/build/.built
FRONTEND := package.json $(shell find frontend -type f)
CATALOGS := $(wildcard service/translations/*/LC_MESSAGES/messages.po)
PORT ?= 5000

.PHONY: install demo test lint format bench clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Front-end packages (Bootstrap) from the committed lockfile; the web UI serves them from node_modules.
$(ASSETS): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(ASSETS)

# The process designer's bundles (service/static/build, not committed), rebuilt when their sources or packages change.
$(BUNDLES): $(ASSETS) $(FRONTEND)
	npm run build --silent
	touch $(BUNDLES)

# Compiled translations (.mo files are not committed), rebuilt when their catalog changes.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

install: $(STAMP) $(ASSETS) $(BUNDLES) $(CATALOGS:.po=.mo)

# After changing text in the UI: extract it again and merge it into the catalogs, then translate what is new.
messages: install
	$(BIN)/pybabel extract -F service/translations/babel.cfg -k _l --no-location --sort-output -w 120 \
		--project Pactum -o service/translations/messages.pot service
	$(BIN)/pybabel update -i service/translations/messages.pot -d service/translations -w 120 --ignore-obsolete

demo: install
	$(FLASK) db upgrade
	$(FLASK) bpmn deploy
	$(FLASK) demo --port $(PORT)
	EMBEDDED_WORKER=1 $(FLASK) run --host 127.0.0.1 --port $(PORT)  # timers and e-mail jobs run in this process

test: install
	$(BIN)/ruff check workflows service tests bench wsgi.py
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check workflows service tests bench wsgi.py

format: install
	$(BIN)/ruff format workflows service tests bench wsgi.py

bench: install
	$(BIN)/python -m bench.api_throughput
	$(BIN)/python -m bench.inbox
	$(BIN)/python -m bench.timers
	$(BIN)/python -m bench.approval

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache node_modules service/static/build
