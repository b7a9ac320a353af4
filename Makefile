# ipometrics: two commands do everything on a fresh machine.
#   make report   create .venv if needed, install, print the comparison of the bundled offerings
#   make test     create .venv if needed, install, run the full check (lint, types, tests)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# matplotlib's font cache lives in the venv, so a font installed later (CI installs a CJK
# font) is seen by a fresh venv, and nothing outside the repository is written.
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig
export MPLBACKEND := Agg

.PHONY: report test lint types pytest install clean fixtures readme

report: $(STAMP)
	$(BIN)/ipometrics report

test: lint types pytest

install: $(STAMP)

# (Re)install when the venv is missing or the project's dependencies changed.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt -e '.[dev]'
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

# Re-transcribe the bundled records from the fact base (../shared/data).
fixtures: $(STAMP)
	$(BIN)/python tools/transcribe_fixtures.py

# Refresh the generated report table in README.md (tests fail when it is stale).
readme: $(STAMP)
	$(BIN)/python tools/update_readme.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis
