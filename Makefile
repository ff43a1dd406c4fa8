# Docent: `make run` serves the demo course, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/docent

.PHONY: install run serve worker test test-postgres lint audit check-deploy bench clean

install: $(STAMP)

# Reinstalls only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py simulate_learners military-cooperation-in-counter-terrorism --learners 30
	@echo "Docent is at http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: gunicorn (WEB_CONCURRENCY workers of GUNICORN_THREADS threads) and the task
# worker, after migrating and collecting static files. Settings come from the environment (README).
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	HOST=$(HOST) PORT=$(PORT) bin/serve

# The background-task worker alone (when gunicorn runs elsewhere).
worker: install
	$(BIN)/python manage.py db_worker --no-reload

test: install
	$(BIN)/python -m pytest

test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

# Security scans: bandit on the project's code (config in pyproject.toml), pip-audit on the
# installed packages; each fails on a finding.
audit: install
	$(BIN)/bandit -c pyproject.toml -r accounts courses quizzes docent infrastructure pipeline jobs progress practice reports -q
	$(BIN)/python .ci/pip_audit.py

# `check --deploy` in production mode with a dummy (but long) key; any warning fails.
DEPLOY_CHECK_KEY := ci-only-dummy-key-7f3a9c1e5b8d2f4a6c0e9b7d5f3a1c8e6b4d2f0a9c7e5
check-deploy: install
	DEBUG=0 SECRET_KEY=$(DEPLOY_CHECK_KEY) REDIS_URL=redis://127.0.0.1:6379/0 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache .mypy_cache .ruff_cache
