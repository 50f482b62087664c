"""JUnit XML: one test case per file; findings are failures, unreadable files errors."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from tests.reporting.sample import assert_golden, sample_run_report
from redactor.reporting import render_run


def test_junit_report_matches_golden(run_report):
    assert_golden("report.junit.xml", render_run(run_report, "junit"))


def test_one_case_per_file_with_failures_and_errors(run_report):
    root = ET.fromstring(render_run(run_report, "junit"))
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == [f.path for f in run_report.files] + ["suppressions"]
    assert cases["letters/Response letter.pdf"].find("failure").get("type") == "findings"
    assert cases["notes/Budget <notes>.docx"].find("error") is not None
    assert list(cases["data/open-data.csv"]) == []
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "3", "1")


def test_control_characters_in_names_still_give_well_formed_xml():
    report = sample_run_report()
    report.files[3] = replace(report.files[3], path="data/bell\x07.csv")
    root = ET.fromstring(render_run(report, "junit"))
    assert "data/bell\ufffd.csv" in [c.get("name") for c in root.iter("testcase")]


def test_verification_failure_is_a_failure_of_its_own_kind():
    report = sample_run_report("redact")
    report.files[0].residue = ["page 1: PERSON value still present"]
    case = ET.fromstring(render_run(report, "junit")).find("testsuite/testcase")
    assert case.find("failure").get("type") == "verification"
    assert "still present" not in ET.tostring(case, encoding="unicode")  # counts only, never residue text
