"""The redaction schedule workbook: golden cell values, and text that Excel never evaluates."""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

from openpyxl import load_workbook

from tests.reporting.sample import START, assert_golden, sample_results, write_sample_log
from redactor.audit import load_audit
from redactor.reporting import render_audit


def cells(data: bytes) -> dict[str, list[list]]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_xlsx_report_matches_golden(audit_report):
    data = render_audit(audit_report, "xlsx", generated=START)
    assert_golden("report.xlsx.json", json.dumps(cells(data), indent=1, ensure_ascii=False, default=str) + "\n")


def test_workbook_holds_the_schedule(audit_report):
    sheets = cells(render_audit(audit_report, "xlsx", generated=START))
    assert list(sheets) == ["Summary", "Schedule", "Files", "Hidden data", "For decision"]
    schedule = sheets["Schedule"]
    assert schedule[0][:4] == ["No.", "File", "Where", "Exemption"]
    assert len(schedule) == 1 + 7
    assert schedule[4][1:4] == ["contracts/ICT contracts.xlsx", "Contracts!C4", "s31(1)(a)"]


def test_file_names_that_look_like_formulas_stay_text(tmp_path):
    results = sample_results("redact")
    results[3] = replace(results[3], path='=HYPERLINK("http://evil.example","x").csv')
    data = render_audit(load_audit(write_sample_log(tmp_path / "a.jsonl", results=results)), "xlsx", generated=START)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml
    assert any(row[0] == results[3].path for row in cells(data)["Files"])
