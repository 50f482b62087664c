"""No withheld value may reach any report or the audit log, and no writer may even read one."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.reporting.sample import PLANTED, START, TrapFinding, sample_run_report, write_sample_log
from redactor.audit import load_audit
from redactor.reporting import RUN_FORMATS, render_audit, render_run


def _all_outputs(tmp_path, finding_cls) -> dict[str, str]:
    outputs = {}
    for command in ("check", "redact"):
        report = sample_run_report(command, finding_cls)
        for fmt in RUN_FORMATS:
            outputs[f"{command}.{fmt}"] = render_run(report, fmt)
    log = write_sample_log(tmp_path / f"{finding_cls.__name__}.jsonl", finding_cls)
    outputs["audit.jsonl"] = log.read_text("utf-8")
    audit = load_audit(log)
    outputs["report.html"] = render_audit(audit, "html", generated=START)
    with zipfile.ZipFile(io.BytesIO(render_audit(audit, "xlsx", generated=START))) as zf:
        for name in zf.namelist():
            outputs[f"report.xlsx:{name}"] = zf.read(name).decode("utf-8", "replace")
    return outputs


def test_no_planted_value_appears_in_any_report_or_log(tmp_path):
    for name, text in _all_outputs(tmp_path, finding_cls=__import__("redactor.models").models.Finding).items():
        folded = text.casefold()
        for value in PLANTED.values():
            assert value.casefold() not in folded, f"{value!r} leaked into {name}"
            assert value.replace(" ", "").casefold() not in folded.replace(" ", ""), f"{value!r} leaked into {name}"


def test_writers_never_read_the_finding_text(tmp_path):
    # TrapFinding raises if .text is read: every writer and the audit log must work without it.
    assert _all_outputs(tmp_path, finding_cls=TrapFinding)


def test_trap_finding_really_traps():
    finding = TrapFinding(segment=0, start=0, end=1, entity="PERSON", score=1, rule="r", recognizer="r", text="x")
    with pytest.raises(AssertionError):
        _ = finding.text
