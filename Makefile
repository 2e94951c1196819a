# 商联 — two commands: `make run` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install bench bench-web lint fmt clean worker deploy-check

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

run: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker --queue-name default >/tmp/shanglian-worker.log 2>&1 & \
	$(PY) manage.py run_scheduler >>/tmp/shanglian-worker.log 2>&1 & \
	echo; echo "商联已启动: http://$(HOST):$(PORT)/  (任务 worker 与定时调度日志: /tmp/shanglian-worker.log，Ctrl+C 退出)"; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: install /usr/bin/chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

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
