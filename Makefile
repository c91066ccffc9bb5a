# shopadmin: `make run` serves the app with demo data, `make test` runs every check.
# Both set everything up from nothing but Python >= 3.11 and make.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install migrate seed worker bench messages stop-db clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

# The translations, compiled by Babel (pure Python: no gettext needed to run or install).
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)

install: $(VENV)/.installed $(COMPILED)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) -m babel.messages.frontend compile -i $< -o $@ -l $* --statistics

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py check_tenancy

seed: migrate
	DEBUG=1 $(PY) manage.py seed_demo

run: seed
	@DEBUG=1 $(PY) -c 'from demo.logins import print_demo_logins; print_demo_logins("http://$(HOST):$(PORT)")'
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# A Celery worker for when REDIS_URL is set (without it, tasks run in-process).
worker: install
	DEBUG=1 $(VENV)/bin/celery -A shopadmin worker --loglevel=INFO --concurrency=2

# ruff, the layer contracts (import-linter), then every test in a random order, so that a
# test leaning on another's leftovers shows. The run prints its seed first;
# `.venv/bin/python -m pytest --randomly-seed=N` repeats that order.
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	@for script in bench/*.py; do echo "== $$script"; DEBUG=1 $(PY) $$script || exit 1; done

# The strings to translate, into locale/<language>/LC_MESSAGES/django.po (needs gettext's
# xgettext). Our makemessages also collects the two forms of each counted() message.
messages: install
	mkdir -p $(addprefix locale/,pl fr it)
	DEBUG=1 $(PY) manage.py makemessages -l pl -l fr -l it \
		--ignore=.venv --ignore=var --ignore=test-artifacts

# Stop the private PostgreSQL server that `make run` and `make test` start (data stays in var/).
stop-db: install
	$(PY) -c 'from pathlib import Path; from shopadmin.devdb import stop_embedded_server; stop_embedded_server(Path("var/pgdata").resolve())'

clean: stop-db
	rm -rf $(VENV) var
