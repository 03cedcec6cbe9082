# rdanalysis — every target bootstraps the local virtual environment (.venv) it needs.
# `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := rdanalysis

.DEFAULT_GOAL := help
.PHONY: help run test test-fast data reports lint format check-notebooks bench clean clean-all kernel

help: ## List the targets and what each does
	@echo "rdanalysis — make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "rdanalysis needs Python >= 3.11; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "rdanalysis (Python 3)" >/dev/null
	@touch $(STAMP)

kernel: $(STAMP) ## Install the venv and register the "rdanalysis" Jupyter kernel
	@echo "kernel '$(KERNEL)' registered in $(VENV); start JupyterLab with: $(BIN)/jupyter lab"

run: $(STAMP) ## MAIN JOB: build the processed data, then render the report suite into reports/
	$(BIN)/rdanalysis data build
	$(BIN)/rdanalysis report

data: $(STAMP) ## Validate data/raw (+ data/user) and write data/processed
	$(BIN)/rdanalysis data build

reports: $(STAMP) ## Render the report suite (reuses unchanged reports; FORCE=1 re-runs all)
	$(BIN)/rdanalysis report $(if $(FORCE),--force,)

# Tests come in tiers, one folder each (tests/unit, build, kernel, browser; docs/architecture.md).
# One pytest-xdist worker per CPU; --dist loadfile keeps a file's tests on one worker (its module
# fixtures, such as the executed sample suite, are made once), so a long subject is split into
# files; --no-loadscope-reorder keeps the order tests/conftest.py gives (the longest files first).
# (--dist loadgroup does not group under pytest 9.2: pytest-xdist issue #1386.)
# PYTEST_PARALLEL= runs in one process.
PYTEST_PARALLEL ?= -n auto --dist loadfile --no-loadscope-reorder

test: $(STAMP) ## TESTS: lint, format check, import contracts (layers) and every tier of pytest
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

test-fast: $(STAMP) ## Lint, import contracts and the unit tier (no data build, no kernel; < 30 s)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest tests/unit

lint: $(STAMP) ## ruff lint and the import contracts between layers
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/lint-imports

format: $(STAMP) ## Apply ruff formatting and strip notebook outputs
	$(BIN)/ruff format src tests benchmarks notebooks
	$(BIN)/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb

bench: $(STAMP) ## Run the benchmarks (ratios against a baseline; not part of the tests)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean: ## Delete generated outputs (data/processed, reports) — they rebuild identically
	rm -rf data/processed/*.parquet data/processed/*.json data/processed/current \
		data/processed/gen-* data/processed/.tmp-* reports/*/ reports/*.html \
		reports/cache.json reports/.lock

clean-all: clean ## Also delete the virtual environment
	rm -rf $(VENV)
