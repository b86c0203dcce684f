# make serve | make build | make test
# The first run creates .venv, installs the package with its docs and test
# extras at the versions in constraints.txt, and installs KaTeX from
# package-lock.json with the Node.js that the docs extra brings.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test clean

$(STAMP): pyproject.toml constraints.txt package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	PATH="$(CURDIR)/$(BIN):$$PATH" npm ci --no-audit --no-fund
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) node_modules site .cache
