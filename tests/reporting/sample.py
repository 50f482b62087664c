"""A small fixed run (check and redact), its audit log, and the golden-file helper shared by the report tests."""
from __future__ import annotations

import difflib
import itertools
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

from redactor.audit import AuditWriter
from redactor.hashing import HashKey, fingerprint
from redactor.models import Action, Decision, FileResult, Finding, Location, Status
from redactor.policy import compile_policy
from redactor.reporting import RunReport
from redactor.suppressions import Entry

GOLDEN = Path(__file__).parent / "golden"
START = datetime(2025, 3, 3, 9, 0, 0, tzinfo=timezone.utc)
KEY = HashKey.from_env({"REDACTOR_AUDIT_KEY": "golden-test-key"})
RUN_ID = "0123456789abcdef0123456789abcdef"

# Values planted in Finding.text: none of them may appear in any report or log.
PLANTED = {
    "PERSON": "Jane Plantedname",
    "EMAIL_ADDRESS": "jane.plantedname@example.gov.uk",
    "PHONE_NUMBER": "0300 123 4567",
    "SECURITY_PRODUCT": "FortiGate-PLANTED 600E",
    "SECURITY_VENDOR": "Planted Secure Ltd",
    "PERSON_2": "Bob Plantedson",
    "IP_ADDRESS": "10.99.12.34",
}

POLICY_TEXT = """\
name: golden-test
entities:
  PERSON: {exemption: "s40(2)"}
  EMAIL_ADDRESS: {exemption: "s40(2)"}
  PHONE_NUMBER: {exemption: "s40(2)"}
  SECURITY_PRODUCT: {exemption: "s31(1)(a)"}
  SECURITY_VENDOR: {exemption: "s31(1)(a)"}
  IP_ADDRESS: {exemption: "s31(1)(a)"}
exemptions:
  "s40(2)":
    title: Personal information
    explanation: Names and direct contact details of junior officers are withheld <as personal data>.
  "s31(1)(a)":
    title: Law enforcement
    qualified: true
    explanation: Security product details would help an attacker & are withheld.
    public_interest: Transparency about ICT spending is met by the other contracts released.
"""


def golden_policy():
    return compile_policy(yaml.safe_load(POLICY_TEXT), "tests:golden-test", POLICY_TEXT, None)


class TrapFinding(Finding):
    """A Finding whose text cannot be read: proves a writer never touches the withheld value."""

    @property
    def text(self) -> str:  # type: ignore[override]
        raise AssertionError("Finding.text was read by a report or log writer")

    @text.setter
    def text(self, value: str) -> None:
        self.__dict__["_withheld"] = value


def _decision(finding_cls, entity, value, location, action, exemption, *, rule="ner", score=0.85,
              recognizer="SpacyRecognizer", reason="", hidden_item=None, whole=False):
    kind = "PERSON" if entity.startswith("PERSON") else entity
    finding = finding_cls(segment=-1 if hidden_item is not None else 3, start=0, end=len(value), entity=kind,
                          score=score, rule=rule, recognizer=recognizer, text=value, whole_segment=whole,
                          hidden_item=hidden_item)
    return Decision(
        finding=finding,
        action=action,
        exemption=exemption,
        label=f"[Redacted {exemption}]" if action == Action.REDACT else "",
        reason=reason,
        value_hash=KEY.value_hash(kind, value) if value else "",
        location=location,
        fingerprint=fingerprint(kind, value) if value else "",
    )


def sample_results(command: str, finding_cls=Finding) -> list[FileResult]:
    d = lambda *a, **k: _decision(finding_cls, *a, **k)  # noqa: E731
    redact = command == "redact"
    letter = FileResult(
        path="letters/Response letter.pdf",
        status=Status.REDACTED if redact else Status.FINDINGS,
        format="pdf",
        input_sha256="a" * 64,
        output="out/letters/Response letter.pdf" if redact else None,
        output_sha256=("b" * 64) if redact else None,
        verified=True if redact else None,
        notes=["page 3 is image-only: not examined"],
        decisions=[
            d("PERSON", PLANTED["PERSON"], Location(page=1, index=3), Action.REDACT, "s40(2)"),
            d("EMAIL_ADDRESS", PLANTED["EMAIL_ADDRESS"], Location(page=1, index=4), Action.REDACT, "s40(2)",
              rule="pattern", score=1.0, recognizer="EmailRecognizer"),
            d("PHONE_NUMBER", PLANTED["PHONE_NUMBER"], Location(page=2), Action.KEEP, "s40(2)", rule="pattern",
              score=0.75, recognizer="UkPhoneRecognizer", reason="allow: published switchboard"),
            d("METADATA", "", Location(part="metadata"), Action.REMOVE, "hidden-data", rule="hidden-data",
              score=1.0, recognizer="pdf", hidden_item=0),
        ],
    )
    workbook = FileResult(
        path="contracts/ICT contracts.xlsx",
        status=Status.REDACTED if redact else Status.FINDINGS,
        format="xlsx",
        input_sha256="c" * 64,
        output="out/contracts/ICT contracts.xlsx" if redact else None,
        output_sha256=("d" * 64) if redact else None,
        verified=True if redact else None,
        notes=["removed: docProps/core.xml:creator", "removed: xl/comments1.xml"] if redact else [],
        decisions=[
            d("SECURITY_PRODUCT", PLANTED["SECURITY_PRODUCT"], Location(sheet="Contracts", cell="C4"), Action.REDACT,
              "s31(1)(a)", rule="security-row", score=0.95, recognizer="SecurityCatalogue", whole=True),
            d("SECURITY_VENDOR", PLANTED["SECURITY_VENDOR"], Location(sheet="Contracts", cell="D4"), Action.REDACT,
              "s31(1)(a)", rule="catalogue", score=0.9, recognizer="SecurityCatalogue"),
            d("PERSON_2", PLANTED["PERSON_2"], Location(sheet="Staff", cell="A2"), Action.REDACT, "s40(2)"),
            d("HIDDEN_SHEET", "", Location(sheet="Staff"), Action.REMOVE, "hidden-data", rule="hidden-data", score=1.0,
              recognizer="xlsx", hidden_item=0),
            d("IP_ADDRESS", PLANTED["IP_ADDRESS"], Location(sheet="Notes", cell="B2"), Action.FLAG, "s31(1)(a)",
              rule="pattern", score=0.4, recognizer="IpRecognizer", reason="below threshold: needs review"),
        ],
    )
    encrypted = FileResult(
        path="notes/Budget <notes>.docx",
        status=Status.ERROR,
        format="docx",
        input_sha256="e" * 64,
        error="file is encrypted and no password was given",
    )
    clean = FileResult(
        path="data/open-data.csv",
        status=Status.CLEAN,
        format="csv",
        input_sha256="f" * 64,
        output="out/data/open-data.csv" if redact else None,
        output_sha256=("f" * 64) if redact else None,
        verified=True if redact else None,
    )
    return [letter, workbook, encrypted, clean]


def sample_entries() -> tuple[list[Entry], list[Entry]]:
    expired = Entry(fingerprint("PERSON", "Old Acceptedname"), "PERSON", "named in the published org chart",
                    "J. Reviewer", date(2025, 1, 31), "letters/*.pdf", 2, ".redactor-suppressions.yaml")
    unused = Entry(fingerprint("HOSTNAME", "fw01.example"), "HOSTNAME", "public DNS name of the web proxy",
                   "J. Reviewer", date(2025, 12, 31), None, 3, ".redactor-suppressions.yaml")
    return [expired], [unused]


def sample_run_report(command: str = "check", finding_cls=Finding) -> RunReport:
    expired, unused = sample_entries()
    policy = golden_policy()
    return RunReport(
        tool_version="0.1.0",
        policy_name=policy.name,
        policy_sha256=policy.sha256,
        policy_source=policy.source,
        command=command,
        files=sample_results(command, finding_cls),
        started=START,
        finished=START + timedelta(seconds=7, milliseconds=250),
        input_root="/srv/foi/case-042",
        suppressed={"PERSON": 1},
        expired_suppressions=expired,
        unused_suppressions=unused,
    )


def ticking_clock():
    ticks = itertools.count()
    return lambda: START + timedelta(seconds=next(ticks))


def write_sample_log(path: Path, finding_cls=Finding, *, command: str = "redact", run_id: str = RUN_ID,
                     results: list[FileResult] | None = None) -> Path:
    argv = ["redactor", command, "in", "--out", "out", "--allow", PLANTED["PHONE_NUMBER"], "--reviewer", "A. Officer"]
    with AuditWriter(path, hash_key=KEY, policy=golden_policy(), tool_version="0.1.0", reviewer="A. Officer",
                     command=argv, run_id=run_id, clock=ticking_clock()) as log:
        for result in results if results is not None else sample_results(command, finding_cls):
            log.write_file(result, input_root="/srv/foi/case-042")
    return path


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/reporting/golden/<name>; REGEN_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("REGEN_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"golden file {path} is missing: run the tests once with REGEN_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "actual", lineterm="", n=1)
        shown = "\n".join(list(diff)[:60])
        raise AssertionError(f"{name} differs from its golden file (REGEN_GOLDEN=1 if intended):\n{shown}")
