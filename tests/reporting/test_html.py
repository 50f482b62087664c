"""The reviewer's HTML report: golden output, content, escaping, self-containment, and a real browser."""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.reporting.sample import START, assert_golden, sample_results, write_sample_log
from redactor.audit import load_audit
from redactor.reporting import render_audit

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def render(report, **kw):
    return render_audit(report, "html", generated=START, **kw)


def test_html_report_matches_golden(audit_report):
    assert_golden("report.html", render(audit_report))


def test_summary_exemption_texts_and_schedule(audit_report):
    page = render(audit_report)
    assert "1 problem needs attention — 3 of 4 files passed" in page
    assert "s31(1)(a) — Law enforcement" in page and "s40(2) — Personal information" in page
    # Only the qualified exemption carries a public interest test.
    assert page.count("<h4>Public interest test</h4>") == 1
    assert page.index("Public interest test") > page.index("s31(1)(a) — Law enforcement")
    assert "Transparency about ICT spending" in page
    schedule = page[page.index('id="schedule"'):page.index('id="hidden"')]
    assert len(re.findall(r"<tr><td class=\"num\">\d+</td>", schedule)) == 7
    assert "Contracts!C4" in schedule and "A. Officer" in schedule
    assert "<dt>Removed on writing</dt><dd>docProps/core.xml:creator, xl/comments1.xml</dd>" in page


def test_everything_from_the_log_is_escaped(audit_report):
    page = render(audit_report)
    assert "Budget <notes>.docx" not in page and "Budget &lt;notes&gt;.docx" in page
    assert "withheld &lt;as personal data&gt;" in page
    assert "attacker &amp; are" in page


def test_page_is_self_contained_and_printable(audit_report):
    page = render(audit_report)
    assert not re.search(r"<(script|link|img|iframe|object)\b", page, re.I)
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", page, re.I)
    assert "@media print" in page and "default-src 'none'" in page


def test_all_verified_run_says_so(tmp_path):
    good = [r for r in sample_results("redact") if r.status.value != "error"]
    page = render(load_audit(write_sample_log(tmp_path / "a.jsonl", results=good)))
    assert "✓ All 3 files verified: 2 redacted, 1 needed no redaction" in page


def test_tampered_log_turns_the_verdict_red(tmp_path):
    path = write_sample_log(tmp_path / "a.jsonl")
    lines = path.read_text("utf-8").splitlines(keepends=True)
    del lines[2]
    path.write_text("".join(lines), "utf-8")
    page = render(load_audit(path))
    assert 'class="verdict fail"' in page and "Audit log: line 3 (seq 3)" in page


def test_other_runs_in_the_log_are_listed_and_selectable(tmp_path):
    path = write_sample_log(tmp_path / "a.jsonl", command="check", run_id="run-one")
    write_sample_log(path, run_id="run-two")
    report = load_audit(path)
    assert report.integrity_problems == []
    latest = render(report)
    assert "Other runs in this log" in latest and "run-one" in latest
    assert "Redaction of 4 files" in latest
    assert "Disclosure check of 4 files" in render(report, run_id="run-one")


# --- a real browser ------------------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail("chromium is required in CI for the HTML report browser test (apt-get install chromium)")
    pytest.skip("chromium is not installed; the browser test runs in CI (apt-get install chromium)")


def _headless(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)


def test_reviewer_sees_verdict_exemptions_and_schedule_in_a_real_browser(tmp_path, audit_report):
    lxml_html = pytest.importorskip("lxml.html")
    binary = _chromium()
    page = tmp_path / "report.html"
    page.write_text(render(audit_report), "utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "redaction-report.png"
    shot.unlink(missing_ok=True)

    done = _headless(binary, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert shot.exists(), f"chromium wrote no screenshot: {done.stderr[-500:]}"
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1280, 2000)
    assert len(png) > 20_000  # a rendered page, not a blank canvas

    dom = _headless(binary, tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    tree = lxml_html.fromstring(dom)
    verdict = tree.xpath("string(//section[@id='verdict']/h2)").strip()
    assert verdict == "✗ 1 problem needs attention — 3 of 4 files passed"
    headings = [h.text_content() for h in tree.xpath("//section[@id='exemptions']//h3")]
    assert headings == ["s31(1)(a) — Law enforcement", "s40(2) — Personal information"]
    assert tree.xpath("//section[@id='exemptions']//h4/text()") == ["Public interest test"]
    rows = tree.xpath("//section[@id='schedule']//tbody/tr")
    assert len(rows) == 7
    assert [td.text_content() for td in rows[3]] == [
        "4", "contracts/ICT contracts.xlsx", "Contracts!C4", "s31(1)(a)", "Security product", "security-row",
        "Redacted", "A. Officer",
    ]
    assert "Budget <notes>.docx" in tree.xpath("string(//section[@id='files'])")


def test_report_prints_to_pdf_with_the_verdict_and_schedule(tmp_path, audit_report):
    pypdf = pytest.importorskip("pypdf")
    binary = _chromium()
    page = tmp_path / "report.html"
    page.write_text(render(audit_report), "utf-8")
    pdf = tmp_path / "report.pdf"
    done = _headless(binary, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists(), f"chromium printed nothing: {done.stderr[-500:]}"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    text = " ".join(text.split())
    for expected in ("1 problem needs attention", "Public interest test", "Redaction schedule", "Contracts!C4"):
        assert expected in text
