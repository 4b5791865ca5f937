# Two commands set everything up on a fresh machine:
#   make run   – create .venv, install cleaner, clean samples/ into out/
#   make test  – create .venv, install with test and ray extras, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: run test lint eval bench seeds clean model explain-shot

$(BIN)/cleaner: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/cleaner

# the line model compiled for this machine, once, into the user's cache (cleaner/boilerplate/compiled.py, cleaner/cli/model.py)
model: $(BIN)/cleaner
	$(BIN)/python -m cleaner.cli.model

run: $(BIN)/cleaner model
	$(BIN)/cleaner clean samples -o out
	@echo "cleaned articles are in out/"

test: $(BIN)/cleaner model
	$(BIN)/pip install --quiet -e '.[test,ray,datasets,datatrove]'  # so the Ray, datasets and datatrove tests run (about a minute the first time)
	$(BIN)/ruff check cleaner tests scripts bench
	$(BIN)/python -m pytest -m ""  # every test, the slow tier included (plain pytest: the fast tier)

seeds: $(BIN)/cleaner
	$(BIN)/python $(SHARED)/tools/check_seeds.py --cleaner $(BIN)/cleaner

eval: $(BIN)/cleaner model
	$(BIN)/python scripts/eval_dev.py --data $(SHARED)/data/dev --out eval --favor all
	$(BIN)/python scripts/eval_pages.py --set eval --out eval --shared $(SHARED)

bench: $(BIN)/cleaner model
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/bench.py --data $(SHARED)/data/dev
	$(BIN)/python bench/bench_dedup.py

# not in CI: needs headless Chromium (apt-get install chromium); renders the explain page of samples/,
# checks the browser's DOM and the screenshot, writes docs/explain.png
explain-shot: $(BIN)/cleaner model
	$(BIN)/python scripts/screenshot_explain.py --out docs/explain.png

clean:
	rm -rf out eval .pytest_cache
