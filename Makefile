# Two commands for a fresh machine with only Python: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup clean docs bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## Build the graph from seeds/ and print a canned query's answer.
run: $(STAMP)
	$(BIN)/kg build
	$(BIN)/kg query crew

## Run the whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest

## Redraw the pictures in docs/ from the seeds graph.
docs: $(STAMP)
	$(BIN)/kg build -o out/graph.ttl --reproducible
	$(BIN)/kg viz out/graph.ttl -o docs/seeds-graph.png --hide-unlinked --title "The five sample articles"
	$(BIN)/kg viz out/graph.ttl -o docs/seeds-timeline.png --timeline

## Measure throughput, rebuilds, memory and queries; writes benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

## Lint and type-check (needs the dev extra: .venv/bin/pip install -e '.[dev]').
lint: $(STAMP)
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks
	$(BIN)/mypy kg

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
