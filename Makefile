# vng-brieven: `make analyze` and `make test` work from a fresh clone; the venv is made on demand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The demo corpus: the fictional example letters only (corpora/heldout is for tests and `vng evaluate`).
CORPUS ?= corpora/examples
OUT    ?= outputs
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help analyze test test-fast lint evaluate train bench examples report clean model model-eval

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "  variables: CORPUS=$(CORPUS) OUT=$(OUT) ARGS='extra vng analyze flags'"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The rest of the install: what the first `vng analyze` after an install or a merge would otherwise build
# once on its own time (about 0.7 CPU s more to its first letter): the bytecode of pipeline/, and the
# fingerprint's import cache, the compiled-regex cache, the lexeme-attribute table and the dataclass-method code in
# pipeline/__pycache__, made by analysing the fictional example letters once. Again whenever a file of the package changed.
CACHES := $(VENV)/.caches
PACKAGE_FILES := $(shell find pipeline -type f \( -name '*.py' -o -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.jsonl' \) -not -path '*/__pycache__/*')
$(CACHES): $(STAMP) $(PACKAGE_FILES)
	$(BIN)/python -m compileall -q pipeline
	rm -rf $(VENV)/warm-up
	$(BIN)/vng analyze corpora/examples --out $(VENV)/warm-up --workers 1 > /dev/null
	rm -rf $(VENV)/warm-up
	touch $(CACHES)

analyze: $(CACHES) ## Analyse the letters in CORPUS (default corpora/examples) into OUT (default outputs/)
	$(BIN)/vng analyze $(CORPUS) --out $(OUT) $(ARGS)

test: $(CACHES) ## Run the test suite
	$(BIN)/python -m pytest -q

test-fast: $(CACHES) ## Run the unit tests that take seconds (no model training, no slow tests)
	$(BIN)/python -m pytest -q tests/unit -m "not slow"

lint: $(STAMP) ## ruff over the repository and mypy over pipeline/ (settings in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/mypy

evaluate: $(CACHES) ## Score the pipeline against the gold annotations in corpora/annotations
	$(BIN)/vng evaluate

examples: $(STAMP) ## Re-render the fictional example PDF(s) in corpora/examples
	$(BIN)/python scripts/make_example_pdfs.py

clean: ## Remove the venv, outputs and caches
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

train: $(STAMP) ## Retrain the passage classifiers into models/
	$(BIN)/python -m pipeline.classify.train

DATA ?= ../shared/data
GOLD ?= corpora/annotations/dutch_gold
MODEL ?= models/nl_vng_core
MODEL_ARGS ?=

model: $(STAMP) ## Train the Dutch spaCy model models/nl_vng_core from DATA (../shared/data: UD Dutch), fine-tuned on GOLD (2-fold CV scores); MODEL_ARGS="--pretrain-epochs N ..." adds build.py options
	OMP_NUM_THREADS=1 nice -n 5 $(BIN)/python -m training.nl_vng_core.build --data $(DATA) --gold $(GOLD) $(MODEL_ARGS)

model-eval: $(STAMP) ## Score MODEL (models/nl_vng_core) per UD Dutch test file and on the in-domain gold
	$(BIN)/python -m training.nl_vng_core.evaluate $(MODEL) --data $(DATA) --gold $(GOLD)

bench: $(CACHES) ## Benchmark: synthetic PDF corpora end to end, mixed and real-letter pages (LETTERS=1000 WORKERS=2)
	$(BIN)/python bench/bench_pipeline.py --letters $(or $(LETTERS),1000) --workers $(or $(WORKERS),2)
	$(BIN)/python bench/bench_pipeline.py --letters $(or $(LETTERS),1000) --workers $(or $(WORKERS),2) --sources real
	$(BIN)/python bench/bench_nlp.py

report: $(CACHES) ## Rebuild OUT/report.html from an analysed OUT (vng analyze also builds it)
	$(BIN)/vng report $(OUT)
