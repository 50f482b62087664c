# Two commands do all set-up on a fresh machine with Python 3.11 and make:
#   make demo   — create .venv, install pinned dependencies, redact samples/ and show what was done
#   make test   — same set-up, then the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_POLICY := samples/nettlecombe-policy.yaml

.PHONY: demo test setup clean bench

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	rm -rf demo-out
	@echo "== 1. check the response folder: findings expected (exit 1) =="
	$(BIN)/redactor check samples/ --policy $(DEMO_POLICY) ; test $$? -eq 1
	@echo "== 2. redact it into demo-out/ (verified, with an audit log) =="
	$(BIN)/redactor redact samples/ --out demo-out --policy $(DEMO_POLICY)
	@echo "== 3. check the redacted copies: clean expected (exit 0) =="
	$(BIN)/redactor check demo-out/ --policy $(DEMO_POLICY)
	@echo "== 4. audit report for ICO review, and the log's hash chain =="
	$(BIN)/redactor report demo-out/redactor-audit.jsonl --out demo-out/redaction-report.html --policy $(DEMO_POLICY)
	$(BIN)/redactor report demo-out/redactor-audit.jsonl --out demo-out/redaction-schedule.xlsx --format xlsx --policy $(DEMO_POLICY)
	$(BIN)/redactor audit verify demo-out/redactor-audit.jsonl
	@echo "Redacted copies, audit log and report are in demo-out/"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) demo-out test-artifacts .pytest_cache
