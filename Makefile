# The two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
VENV_STAMP := .venv/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
VENDOR := src/huikuan/web/vendor
APT_RUN := gettext
APT_TEST := gettext chromium fonts-noto-cjk libharfbuzz-subset0 poppler-utils tesseract-ocr tesseract-ocr-chi-sim golang-go golang-golang-x-mod-dev
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-sqlite test-postgres lint fmt bench assets messages makemessages sysdeps-run sysdeps-test clean

$(VENV_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(NODE_STAMP)
	mkdir -p $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/echarts.min.js

sysdeps-run:
	@scripts/sysdeps.sh $(APT_RUN)

sysdeps-test:
	@scripts/sysdeps.sh $(APT_TEST)

messages: $(VENV_STAMP) sysdeps-run
	cd src/huikuan && ../../$(PY) -m huikuan compilemessages -v0

# Refresh the catalogue after changing user-visible strings (then translate the new entries).
makemessages: $(VENV_STAMP)
	cd src/huikuan && ../../$(PY) -m huikuan makemessages -l zh_Hans -l en --no-location

run: $(VENV_STAMP) assets messages
	$(PY) -m huikuan migrate --noinput -v0
	$(PY) -m huikuan demo-data
	$(PY) -m huikuan collectstatic --noinput -v0
	scripts/serve.sh

PY_DIRS := $(wildcard src tests bench)

lint: $(VENV_STAMP)
	.venv/bin/ruff check $(PY_DIRS)
	.venv/bin/ruff format --check $(PY_DIRS)
	.venv/bin/lint-imports

fmt: $(VENV_STAMP)
	.venv/bin/ruff check --fix $(PY_DIRS)
	.venv/bin/ruff format $(PY_DIRS)

test-sqlite:
	@echo "== test suite on SQLite =="
	$(PY) -m pytest

test-postgres:
	@echo "== test suite on PostgreSQL =="
	scripts/with-postgres.sh $(PY) -m pytest

test: $(VENV_STAMP) assets messages sysdeps-test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

bench: $(VENV_STAMP)
	$(PIP) install -q -e '.[dev,bench]'
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf .venv node_modules $(VENDOR) var
