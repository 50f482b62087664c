"""SARIF 2.1.0: valid against the official schema, one rule per entity, fingerprints, notifications."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reporting.sample import assert_golden, sample_run_report
from redactor.reporting import render_run

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def test_sarif_report_matches_golden(run_report):
    assert_golden("report.sarif", render_run(run_report, "sarif"))


@pytest.mark.parametrize("command", ["check", "redact"])
def test_sarif_validates_against_the_official_schema(command):
    if not SHARED.exists():
        pytest.skip("/work/shared (with the SARIF schema) is not available")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text("utf-8"))
    log = json.loads(render_run(sample_run_report(command), "sarif"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)


def test_rules_results_and_locations(run_report):
    run = json.loads(render_run(run_report, "sarif"))["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted(set(rule_ids))
    first = run["results"][0]
    assert rule_ids[first["ruleIndex"]] == first["ruleId"] == "PERSON"
    assert first["message"]["text"] == "Name of a person must be withheld under s40(2)"
    assert first["level"] == "error"
    physical = first["locations"][0]["physicalLocation"]["artifactLocation"]
    assert physical == {"uri": "letters/Response%20letter.pdf", "uriBaseId": "INPUTROOT"}
    assert first["locations"][0]["logicalLocations"][0]["name"] == "page 1 #3"
    assert first["properties"]["exemption"] == "s40(2)"
    assert first["partialFingerprints"]["redactorFingerprint/v1"].startswith("fp:")
    assert run["originalUriBaseIds"]["INPUTROOT"]["uri"] == "file:///srv/foi/case-042/"


def test_kept_values_are_reported_as_suppressed_not_as_problems(run_report):
    results = json.loads(render_run(run_report, "sarif"))["runs"][0]["results"]
    kept = [r for r in results if r["properties"]["action"] == "keep"]
    assert len(kept) == 1 and kept[0]["suppressions"][0]["justification"] == "allow: published switchboard"
    assert kept[0]["level"] == "none"


def test_errors_and_expired_suppressions_are_notifications(run_report):
    invocation = json.loads(render_run(run_report, "sarif"))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert [n["message"]["text"] for n in errors] == [
        "notes/Budget <notes>.docx: file is encrypted and no password was given"
    ]
    config = invocation["toolConfigurationNotifications"]
    assert [n["level"] for n in config] == ["error", "note"]
