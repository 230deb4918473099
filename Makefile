# newsfuse — the README's commands. Everything installs itself: Python deps in .venv,
# Debian packages (Chromium for browser tests, PostgreSQL for the team store) via apt-get.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
DEMO   ?= examples/putin-kim-2024
PYTEST_ARGS ?=

.PHONY: demo test venv system-deps bench bench-quality serve train-ner-de clean score help

help:
	@echo "make demo   - set up .venv and run the digest on the bundled demo corpus"
	@echo "make test   - set up everything and run the test suite"
	@echo "make bench  - run the benchmarks in bench/ (needs ../shared/datasets)"
	@echo "make serve  - ingest the demo corpus and serve the web UI on http://127.0.0.1:8000"
	@echo "make train-ner-de - retrain the shipped German NER model"

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "newsfuse needs $(PYTHON) (Python 3.11+). Set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

# Debian packages the tests need; installed only when missing (CI and developers run as root).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing Debian package chromium (browser tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "installing Debian package postgresql (team store tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; fi

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/newsfuse digest $(DEMO) --json $(OUT)/digest.json --html $(OUT)/report.html --markdown $(OUT)/report.md
	@echo ""
	@echo "HTML report: $(abspath $(OUT)/report.html)"
	@echo "JSON digest: $(abspath $(OUT)/digest.json)"
	@if [ -f ../shared/eval/score.py ]; then $(BIN)/python ../shared/eval/score.py $(OUT)/digest.json ../shared/eval/putin-kim-2024.golden.json --report-only | tail -1; fi

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/entities.py
	$(BIN)/python bench/clustering.py
	$(BIN)/python bench/quotes.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/ingest_soak.py

serve: $(STAMP)
	$(BIN)/newsfuse ingest $(DEMO) --db $(OUT)/newsfuse.db
	$(BIN)/newsfuse serve --db $(OUT)/newsfuse.db

-include training/ner_de/Makefile.fragment

clean:
	rm -rf $(OUT) test-output .pytest_cache
