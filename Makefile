# make demo: Odoo with the addon, sandbox storefronts, configured channels, orders flowing.
# make test: every test on a throwaway database.
.PHONY: demo test lint bench

demo:
	bin/demo

test:
	bin/test

lint:
	ruff check . && ruff format --check . && bin/lint

bench:
	bin/bench
