# make serve | make build | make test | make benchmark
# The first run creates .venv, installs the package with its docs and test
# extras at the versions in constraints.txt, and installs KaTeX from
# package-lock.json with the Node.js that the docs extra brings.
# make properdocs-env adds .venv-properdocs, in which make test also builds
# the site with ProperDocs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1

# A build takes its one date (in sitemap.xml.gz) from the last commit instead
# of the clock, so two builds of a commit are byte-identical.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

PROPERDOCS_VENV := .venv-properdocs
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed

# tests/test_browser.py looks for Chromium in the same places.
HAVE_CHROMIUM := { test -x "$${CHROMIUM:-}" || test -x /usr/bin/chromium || command -v chromium || command -v chromium-browser; } >/dev/null
NO_CHROMIUM := Chromium not found, so the browser tests were skipped. To run them, install Debian's chromium package (apt-get install chromium) and run make test again.

.PHONY: serve build test benchmark properdocs-env clean

$(STAMP): pyproject.toml constraints.txt package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	PATH="$(CURDIR)/$(BIN):$$PATH" npm ci --omit=dev --no-audit --no-fund
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

test: $(STAMP)
	$(BIN)/python -m pytest; status=$$?; \
	$(HAVE_CHROMIUM) || echo "$(NO_CHROMIUM)"; \
	exit $$status

# Build times and page weight; prints a table for docs/performance.md. The
# development dependencies of package.json add MathJax, for comparison.
benchmark: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" npm ci --no-audit --no-fund
	$(BIN)/python benchmarks/build.py

# ProperDocs with the site's dependencies, and without MkDocs.
$(PROPERDOCS_STAMP): pyproject.toml constraints.txt
	test -x $(PROPERDOCS_VENV)/bin/python || $(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet -c constraints.txt -e '.[properdocs]'
	$(PROPERDOCS_VENV)/bin/python -m pip uninstall --quiet --yes mkdocs
	touch $(PROPERDOCS_STAMP)

properdocs-env: $(PROPERDOCS_STAMP)

clean:
	rm -rf $(VENV) $(PROPERDOCS_VENV) node_modules site .cache
