# ipometrics: two commands do everything on a fresh machine.
#   make report   create .venv if needed, install, print the comparison of the bundled offerings
#                 and write its charts and report.html to reports/
#   make test     create .venv if needed, install, run the full check (lint, types, tests)
#   make docs     build the HTML documentation in docs/_build/html (warnings fail the build)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# matplotlib's font cache lives in the venv, so a font installed later (CI installs a CJK
# font) is seen by a fresh venv, and nothing outside the repository is written.
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig
export MPLBACKEND := Agg

.PHONY: report test lint types pytest install clean fixtures readme fuzz docs docs-check

# Print the comparison and write the charts and report.html to reports/.
report: $(STAMP)
	$(BIN)/ipometrics report --out reports

test: lint types pytest

install: $(STAMP)

# (Re)install when the venv is missing or the project's dependencies changed.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt -e '.[dev,docs]'
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

# The HTML documentation (docs/README.md), from scratch: API reference from the docstrings, every
# notebook executed, any warning (an unresolved reference too) fails. The notebook kernel must
# not inherit MPLBACKEND=Agg: with its own inline backend the charts show on the pages.
docs: $(STAMP)
	rm -rf docs/_build
	env -u MPLBACKEND $(BIN)/sphinx-build -b html -W --keep-going -n docs docs/_build/html

# Check the built site in headless Chromium (charts load, pages are not blank); after `make docs`.
docs-check: $(STAMP)
	IPOMETRICS_REQUIRE_DOCS=1 $(BIN)/pytest tests/test_docs_site.py

# A longer fuzzing run of the loaders (make test runs a short one): about 20,000 inputs.
fuzz: $(STAMP)
	IPOMETRICS_FUZZ_EXAMPLES=20000 $(BIN)/pytest tests/test_fuzz.py -q

# Re-transcribe the bundled records from the fact base (../shared/data).
fixtures: $(STAMP)
	$(BIN)/python tools/transcribe_fixtures.py

# Refresh the generated parts of README.md (the report table, the dashboard picture) and
# of docs/ (the validation-rule catalogue, the flat-table columns); tests fail when stale.
readme: $(STAMP)
	$(BIN)/python tools/update_readme.py
	$(BIN)/python tools/update_docs.py
	$(BIN)/ipometrics report --out reports > /dev/null
	mkdir -p docs && cp reports/dashboard.png docs/dashboard.png

clean:
	rm -rf $(VENV) build dist docs/_build .mypy_cache .ruff_cache .pytest_cache .hypothesis
