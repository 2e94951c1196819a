# 商联 — two commands: `make run` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run dev test install bench bench-web lint fmt clean worker deploy-check

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium drives the browser tests (never a downloaded browser); CJK fonts for readable screenshots.
/usr/bin/chromium:
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; fi

install: $(VENV)/.installed node_modules/.installed

# `make run` shows the product as its users see it: DEBUG off (Chinese error pages, never Django's debug page),
# static files collected and served by whitenoise, a secret key generated once under var/. `make dev` is the
# same with DEBUG on (debug pages, strict scope checks) for developers. Logs go under var/log/.
LOG_DIR := var/log
RUN_ENV := DEBUG=0 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 ALLOWED_HOSTS=127.0.0.1,localhost,$(HOST) \
	SECRET_KEY="$$(cat var/secret_key)"

var/secret_key:
	mkdir -p var && umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

define serve
	mkdir -p $(LOG_DIR)
	$(1) $(PY) manage.py migrate --noinput -v0
	$(1) $(PY) manage.py load_demo
	@trap 'kill 0' EXIT; \
	$(1) $(PY) manage.py db_worker --queue-name default >$(LOG_DIR)/worker.log 2>&1 & \
	$(1) $(PY) manage.py run_scheduler >>$(LOG_DIR)/worker.log 2>&1 & \
	echo; echo "商联已启动: http://$(HOST):$(PORT)/  (任务 worker 与定时调度日志: $(LOG_DIR)/worker.log，Ctrl+C 退出)"; \
	$(1) $(PY) manage.py runserver --noreload $(HOST):$(PORT)
endef

run: install var/secret_key
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(call serve,$(RUN_ENV))

# The same generated key as `make run`: the demo's 身份证号 are encrypted under it, so both read one database.
dev: install var/secret_key
	$(call serve,DEBUG=1 SECRET_KEY="$$(cat var/secret_key)")

test: install /usr/bin/chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -n 2 --durations=25 $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

# Pages over HTTP: gunicorn + PostgreSQL + wrk (Debian package) on 127.0.0.1, against a bare authenticated
# Django page served by the same gunicorn in the same run (bench/web/run.py; results in bench/out/).
bench-web: install
	$(PY) bench/web/run.py --label after
	$(PY) bench/web/report.py after

# Django's deployment check under the production settings of this shell's environment (DEBUG=0, SECRET_KEY,
# ALLOWED_HOSTS, DATABASE_URL, … as the service will run with them): any warning fails.
deploy-check: install
	DEBUG=0 $(PY) manage.py check --deploy --fail-level WARNING

lint:
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules db.sqlite3* staticfiles
