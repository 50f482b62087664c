"""Fixtures for the report writer tests: the fixed sample run and its audit log."""
from __future__ import annotations

import pytest

from redactor.audit import load_audit
from redactor.reporting import RunReport
from tests.reporting.sample import sample_run_report, write_sample_log


@pytest.fixture
def run_report() -> RunReport:
    return sample_run_report("check")


@pytest.fixture
def audit_report(tmp_path):
    return load_audit(write_sample_log(tmp_path / "redactor-audit.jsonl"))
