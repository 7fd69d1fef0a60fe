# Two commands for a fresh machine with only Python: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-model lint setup clean docs bench

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

## Everything CI checks: lint and types, then the whole suite in its two tiers, each test once.
test: lint test-fast test-model

## The fast tier, for rule work on spacy.blank("en"): every test that does not need the trained
## model, run with the model hidden (tests/no_model.py), which proves that they need none.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not model" -p tests.no_model

## The model tier: end-to-end builds with the trained model, and the quality floors.
test-model: $(STAMP)
	$(BIN)/python -m pytest -m model

## Redraw the pictures in docs/ from the seeds graph.
docs: $(STAMP)
	$(BIN)/kg build -o out/graph.ttl --reproducible
	$(BIN)/kg viz out/graph.ttl -o docs/seeds-graph.png --hide-unlinked --title "The five sample articles"
	$(BIN)/kg viz out/graph.ttl -o docs/seeds-timeline.png --timeline

## Measure throughput, rebuilds, memory and queries; writes benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

## Lint, check the formatting, and type-check kg (strictly: see [tool.mypy] in pyproject.toml),
## then check that mypy rejects every misspelt class-name and predicate string (tests/typed_terms.py).
lint: $(STAMP)
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks
	$(BIN)/mypy kg
	$(BIN)/python -m tests.typed_terms

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
