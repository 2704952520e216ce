# sales_first_contact: an Odoo 18.0 Community addon. See README.md.
#   make demo   set everything up and serve the demo database on http://localhost:8069
#   make test   lint, fresh database, the addon's tests (tours included), Odoo's crm tests
#   make bench-dedup   duplicate check and call routing against stock Odoo (BENCH_N=100000)
#   make bench-import  an exhibition list imported, checked and distributed
#   make stress  concurrency and faults on a private PostgreSQL (var/, removed after)
#   make replica  Odoo on a private primary and streaming replica: where queries run
#   make load  Locust: 20 users for 5 minutes on 100 000 partners and leads, vs stock
SHELL := /bin/bash
ODOO_SRC ?= $(HOME)/src/odoo-18.0
DEMO_DB ?= sales_first_contact_demo
HTTP_PORT ?= 8069
export ODOO_SRC

.PHONY: help setup odoo-src venv postgres chromium lint test demo i18n readme screenshots stress replica load bench-dedup bench-import clean

help:
	@sed -n 's/^#   //p' Makefile

odoo-src:
	@tools/ensure_odoo_src.sh

venv: odoo-src
	@tools/setup_venv.sh

postgres:
	@tools/check_postgres.sh

chromium:
	@tools/ensure_chromium.sh

setup: venv postgres

lint: venv
	@tools/lint.sh

test: setup chromium
	@tools/run_tests.sh

demo: setup
	@DEMO_DB=$(DEMO_DB) HTTP_PORT=$(HTTP_PORT) tools/run_demo.sh

i18n: setup
	@tools/export_i18n.sh

stress: setup
	@STRESS_FAULTS=$${STRESS_FAULTS-1} tools/stress.sh

replica: setup
	@tools/replica.sh

load: setup
	@tools/load.sh

bench-dedup: setup
	@tools/bench_dedup.sh

bench-import: setup
	@tools/bench_import.sh

screenshots: setup chromium
	@DEMO_DB=$(DEMO_DB) tools/make_screenshots.sh

readme:
	@.venv/bin/python tools/gen_addon_readme.py $(patsubst %/__manifest__.py,%,$(wildcard */__manifest__.py))

clean:
	rm -rf var .pytest_cache .ruff_cache
