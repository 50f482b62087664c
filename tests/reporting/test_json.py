"""The JSON report is the stable machine contract: its shape, statuses and summary."""
from __future__ import annotations

import json

from tests.reporting.sample import assert_golden, sample_run_report
from redactor.reporting import render_run


def test_json_report_matches_golden(run_report):
    assert_golden("report.json", render_run(run_report, "json"))


def test_contract_shape(run_report):
    data = json.loads(render_run(run_report, "json"))
    assert set(data) >= {"tool", "policy", "summary", "files"}
    assert data["tool"] == {"name": "redactor", "version": "0.1.0"}
    assert data["policy"]["sha256"] == run_report.policy_sha256
    assert [f["status"] for f in data["files"]] == ["findings", "findings", "error", "clean"]
    finding = data["files"][0]["findings"][0]
    assert set(finding) >= {"entity", "exemption", "action", "rule", "score", "location", "recognizer", "fingerprint"}
    assert finding["location"] == {"page": 1, "index": 3, "text": "page 1 #3"}
    assert "text" not in {k for f in data["files"] for d in f["findings"] for k in d}


def test_summary_counts_and_gate_verdict(run_report):
    summary = json.loads(render_run(run_report, "json"))["summary"]
    assert summary["ok"] is False
    assert (summary["files"], summary["clean"], summary["findings"], summary["errors"]) == (4, 1, 2, 1)
    assert summary["exemptions"] == {"s31(1)(a)": 2, "s40(2)": 3}
    assert summary["hidden_removed"] == 2
    assert summary["actions"] == {"flag": 1, "keep": 1, "redact": 5, "remove": 2}
    assert (summary["suppressed"], summary["expired_suppressions"], summary["unused_suppressions"]) == (1, 1, 1)


def test_an_expired_suppression_alone_fails_the_gate():
    report = sample_run_report()
    report.files = [report.files[3]]
    assert json.loads(render_run(report, "json"))["summary"]["ok"] is False
    report.expired_suppressions = []
    assert json.loads(render_run(report, "json"))["summary"]["ok"] is True


def test_redacted_but_unverified_output_fails_closed():
    report = sample_run_report("redact")
    report.files[0].verified = None
    data = json.loads(render_run(report, "json"))
    assert data["files"][0]["problem"] == "the output was not verified"
