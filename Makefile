# Two commands do all set-up on a fresh machine with Python 3.11 and make:
#   make demo   — create .venv, install pinned dependencies, redact samples/ and show what was done
#   make test   — same set-up, then the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup clean bench

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	rm -rf demo-out
	$(BIN)/redactor check samples/ ; test $$? -eq 1
	$(BIN)/redactor redact samples/ --out demo-out
	$(BIN)/redactor check demo-out/
	$(BIN)/redactor report demo-out/redactor-audit.jsonl --out demo-out/redaction-report.html
	@echo "Redacted copies, audit log and report are in demo-out/"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) demo-out test-artifacts .pytest_cache
