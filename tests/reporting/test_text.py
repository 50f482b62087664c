"""The terminal summary: golden output, aligned columns, escaped control characters."""
from __future__ import annotations

from dataclasses import replace

from tests.reporting.sample import assert_golden, sample_run_report
from redactor.reporting import render_run


def test_text_report_matches_golden(run_report):
    assert_golden("report.txt", render_run(run_report, "text"))


def test_decision_columns_line_up_across_files(run_report):
    lines = [line for line in render_run(run_report, "text").splitlines() if line.startswith("  ") and "  s" in line]
    entity_columns = {line.index(" PERSON") if " PERSON" in line else None for line in lines} - {None}
    assert len(entity_columns) == 1


def test_escape_sequences_in_file_names_are_not_sent_to_the_terminal():
    report = sample_run_report()
    report.files[3] = replace(report.files[3], path="data/\x1b[2Jevil.csv")
    text = render_run(report, "text")
    assert "\x1b" not in text
    assert "data/\\x1b[2Jevil.csv" in text


def test_verdict_line_says_whether_the_folder_is_safe(run_report):
    assert render_run(run_report, "text").rstrip().endswith("NOT SAFE TO RELEASE — 4 problem(s) need attention")
    clean = sample_run_report()
    clean.files, clean.expired_suppressions = [clean.files[3]], []
    assert render_run(clean, "text").rstrip().endswith("Result: OK — safe to release")
