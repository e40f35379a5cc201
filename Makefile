# Quick start: `make run` then `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
DB ?= sqlite:///veille.db

.PHONY: run test lint typecheck venv venv-test system-deps clean bench bench-accuracy bench-understanding bench-throughput bench-dedup bench-api bench-concurrent

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml constraints.txt requirements-models.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-models.txt
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,ray]'
	touch $@

## run: set up, ingest the bundled sample articles into ./veille.db, show what was stored, serve the dashboard
run: venv
	$(BIN)/veille --db $(DB) ingest samples/
	$(BIN)/veille --db $(DB) articles
	$(BIN)/veille --db $(DB) stats
	$(BIN)/veille --db $(DB) serve

## system-deps: what the tests need beyond Python (PostgreSQL server, Chromium)
system-deps:
	bash scripts/install-system-deps.sh

## test: set up with test extras, lint, type-check and run the tests (SQLite and PostgreSQL)
test: venv-test system-deps lint typecheck
	$(BIN)/python -m pytest -q

lint: venv-test
	$(BIN)/ruff check veille tests benchmarks
	$(BIN)/ruff format --check veille tests benchmarks

typecheck: venv-test
	$(BIN)/mypy

## bench: every benchmark, each writing benchmarks/results/NAME.json
bench: bench-accuracy bench-understanding bench-throughput bench-dedup bench-api bench-concurrent

## bench-accuracy: event F1 and field accuracies on ../shared/eval/dev (GUIDE.md scoring)
bench-accuracy: venv
	$(BIN)/python benchmarks/bench_accuracy.py

## bench-understanding: actor-country, place-country and date accuracy on ../shared/eval/dev
bench-understanding: venv
	$(BIN)/python benchmarks/bench_understanding.py

## bench-throughput: articles/s of the full pipeline and of bare spaCy, one core and all cores
bench-throughput: venv
	$(BIN)/python benchmarks/bench_throughput.py

## bench-dedup: near-duplicate detection time and memory at 10k, 100k and 1M documents
bench-dedup: venv
	$(BIN)/python benchmarks/bench_dedup.py

## bench-api: /events latency p50/p95 with 1M stored events, SQLite and PostgreSQL (needs `make system-deps`)
bench-api: venv
	$(BIN)/python benchmarks/bench_api.py

## bench-concurrent: ingest while the API serves reads (errors and lost documents must be 0)
bench-concurrent: venv
	$(BIN)/python benchmarks/bench_concurrent.py

clean:
	rm -rf $(VENV) veille.db veille.db-wal veille.db-shm .pytest_cache .mypy_cache .ruff_cache
