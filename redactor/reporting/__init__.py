"""Report writers, one module per format: run reports (text/json/sarif/junit) and audit reports (html/xlsx)."""
from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from redactor.audit import AuditDecision, AuditFile, AuditReport, AuditRun, load_audit, location_record, utc_iso
from redactor.errors import ExitCode, FileProcessingError
from redactor.models import Action, Decision, FileResult, Status

if TYPE_CHECKING:
    from redactor.policy import Policy
    from redactor.suppressions import Entry, SuppressionOutcome, Suppressions

RUN_FORMATS = ("text", "json", "sarif", "junit")
AUDIT_FORMATS = ("html", "xlsx")
WITHHELD = (Action.REDACT.value, Action.REMOVE.value)
# decide.py gives hidden-data decisions this pseudo-exemption: they are listed as hidden data, not exemptions.
HIDDEN_DATA = "hidden-data"

# What a reviewer calls each kind of finding; unknown entities fall back to their name in words.
ENTITY_LABELS = {
    "PERSON": "Name of a person",
    "EMAIL_ADDRESS": "Email address",
    "ROLE_MAILBOX": "Team mailbox",
    "PHONE_NUMBER": "Telephone number",
    "UK_NINO": "National Insurance number",
    "UK_NHS": "NHS number",
    "UK_BANK_ACCOUNT": "Bank account number",
    "UK_SORT_CODE": "Bank sort code",
    "DATE_OF_BIRTH": "Date of birth",
    "SECURITY_PRODUCT": "Security product",
    "SECURITY_VENDOR": "Security supplier",
    "SECURITY_DETAIL": "Security arrangement detail",
    "IP_ADDRESS": "IP address",
    "HOSTNAME": "Host name",
    "HIDDEN_SHEET": "Hidden worksheet",
    "HIDDEN_ROW": "Hidden row",
    "HIDDEN_COLUMN": "Hidden column",
    "COMMENT": "Comment or note",
    "METADATA": "Document properties (metadata)",
    "PIVOT_CACHE": "Pivot table cache",
    "FAKE_REDACTION": "Text under a drawn box (fake redaction)",
    "TRACKED_CHANGE": "Tracked change",
    "EMBEDDED_FILE": "Embedded file",
    "ANNOTATION": "Annotation",
}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity) or entity.replace("_", " ").capitalize()


def _value(x: Any) -> Any:
    return getattr(x, "value", x)


def is_exemption(code: str) -> bool:
    """A real FOI exemption code, as opposed to no code or the hidden-data marker."""
    return bool(code) and code != HIDDEN_DATA


# --- the run report ------------------------------------------------------------------------------


@dataclass
class RunReport:
    """Everything a run-level writer needs about one `check` or `redact` run; holds no document text."""

    tool_version: str
    policy_name: str
    policy_sha256: str
    command: str  # "check" | "redact"
    files: list[FileResult]
    started: datetime
    finished: datetime
    policy_source: str = ""
    input_root: str = ""  # the folder the FileResult paths are relative to
    suppressed: dict[str, int] = field(default_factory=dict)  # entity -> decisions suppressed
    expired_suppressions: list["Entry"] = field(default_factory=list)
    unused_suppressions: list["Entry"] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        *,
        tool_version: str,
        policy: "Policy",
        command: str,
        files: list[FileResult],
        started: datetime,
        finished: datetime,
        suppression: "SuppressionOutcome | None" = None,
        input_root: str = "",
    ) -> "RunReport":
        """A report for a finished run; with a suppression outcome, its results (suppressed → KEEP) are shown."""
        report = cls(
            tool_version=tool_version,
            policy_name=policy.name,
            policy_sha256=policy.sha256,
            policy_source=policy.source,
            command=command,
            files=list(files),
            started=started,
            finished=finished,
            input_root=input_root,
        )
        if suppression is not None:
            report.files = list(suppression.results)
            report.suppressed = dict(suppression.suppressed)
            report.expired_suppressions = list(suppression.expired)
            report.unused_suppressions = list(suppression.unused)
        return report

    def problems(self) -> list[tuple[FileResult, str]]:
        """(file, reason) for every file that stops the run from passing."""
        return [(f, why) for f in self.files if (why := file_problem(f, self.command))]

    @property
    def ok(self) -> bool:
        """The gate verdict: no problem file and no expired suppression."""
        return not self.problems() and not self.expired_suppressions

    def summary(self) -> dict[str, Any]:
        decisions = [d for f in self.files for d in f.decisions]
        statuses = Counter(_value(f.status) for f in self.files)
        return {
            "ok": self.ok,
            "files": len(self.files),
            "clean": statuses[Status.CLEAN.value],
            "findings": statuses[Status.FINDINGS.value],
            "redacted": statuses[Status.REDACTED.value],
            "errors": statuses[Status.ERROR.value],
            "problems": len(self.problems()),
            "verified": sum(f.verified is True for f in self.files),
            "unverified": sum(f.verified is False for f in self.files),
            "decisions": len(decisions),
            "actions": _counts(_value(d.action) for d in decisions),
            "exemptions": _counts(d.exemption for d in decisions if _value(d.action) in WITHHELD and is_exemption(d.exemption)),
            "hidden_removed": sum(_value(d.action) == Action.REMOVE.value for d in decisions),
            "entities": _counts(d.finding.entity for d in decisions if _value(d.action) != Action.KEEP.value),
            "suppressed": sum(self.suppressed.values()),
            "expired_suppressions": len(self.expired_suppressions),
            "unused_suppressions": len(self.unused_suppressions),
        }


def file_problem(result: FileResult, command: str) -> str:
    """Why this file fails the run, or '' when it passes. Unverified output fails closed."""
    open_items = sum(_value(d.action) != Action.KEEP.value for d in result.decisions)
    return _problem(_value(result.status), result.error, len(result.residue), result.verified, open_items, command)


def _problem(status: str, error: str | None, residue: int, verified: bool | None, open_items: int, mode: str) -> str:
    if status == Status.ERROR.value:
        return f"could not be processed: {error or 'unknown error'}"
    if residue:
        return f"verification found {residue} withheld value(s) still in the output"
    if verified is False:
        return "the output failed verification"
    if status == Status.FINDINGS.value:
        return f"{open_items} finding(s) not redacted" if mode == "check" else f"{open_items} item(s) left for review"
    if status == Status.REDACTED.value and verified is None:
        return "the output was not verified"
    return ""


def _counts(items: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(items).items()))


def finding_record(decision: Decision) -> dict[str, Any]:
    """One decision as the JSON and SARIF writers show it: never the matched text."""
    finding = decision.finding
    record: dict[str, Any] = {
        "entity": finding.entity,
        "exemption": decision.exemption,
        "action": _value(decision.action),
        "label": decision.label,
        "reason": decision.reason,
        "rule": finding.rule,
        "score": round(float(finding.score), 4),
        "location": location_record(decision.location),
        "recognizer": finding.recognizer,
    }
    if decision.fingerprint:
        record["fingerprint"] = decision.fingerprint
    return record


def entry_record(entry: "Entry") -> dict[str, Any]:
    return {
        "ref": entry.ref,
        "entity": entry.entity,
        "fingerprint": entry.fingerprint,
        "file": entry.file,
        "approved_by": entry.approved_by,
        "expires": entry.expires.isoformat(),
    }


def render_run(report: RunReport, fmt: str) -> str:
    """Render a run report as text, json, sarif or junit."""
    if fmt not in RUN_FORMATS:
        raise ValueError(f"unknown run report format {fmt!r}; expected one of {', '.join(RUN_FORMATS)}")
    return importlib.import_module(f"redactor.reporting.{fmt}").render(report)


def render(fmt: str, report: RunReport) -> str:
    """render_run with the argument order cli.py uses."""
    return render_run(report, fmt)


def apply_suppressions(results: list[FileResult], suppressions: "Suppressions", today: date) -> "SuppressionOutcome":
    """Suppressed decisions become KEEP; the outcome also lists expired and unused entries."""
    return suppressions.apply(results, None, today)


def exit_code_with_suppressions(code: int, results: list[FileResult], outcome: "SuppressionOutcome", redact: bool) -> int:
    """`check`'s exit code once suppressions apply: suppressed findings pass, an expired entry fails."""
    if redact or code not in (ExitCode.CLEAN, ExitCode.FINDINGS):
        return code  # processing errors and usage errors keep their own code
    still_failing = any(
        _value(r.status) == Status.FINDINGS.value or r.verified is False or r.residue for r in outcome.results
    )
    return int(ExitCode.FINDINGS if still_failing or outcome.expired else ExitCode.CLEAN)


# --- reports built from the audit log ------------------------------------------------------------


@dataclass
class ScheduleRow:
    """One line of the redaction schedule an ICO reviewer reads."""

    number: int
    file: str
    where: str
    exemption: str
    information: str  # what kind of information, in words
    entity: str
    rule: str
    action: str  # "Redacted" / "Removed"
    reviewer: str


def schedule_rows(run: AuditRun) -> list[ScheduleRow]:
    rows = []
    for audit_file in run.files:
        for d in audit_file.withheld():
            rows.append(
                ScheduleRow(
                    number=len(rows) + 1,
                    file=audit_file.path,
                    where=d.where,
                    exemption=d.exemption if is_exemption(d.exemption) else "",
                    information=entity_label(d.entity),
                    entity=d.entity,
                    rule=d.rule,
                    action="Removed" if d.action == Action.REMOVE.value else "Redacted",
                    reviewer=audit_file.reviewer or run.reviewer,
                )
            )
    return rows


def hidden_removed(run: AuditRun) -> list[tuple[AuditFile, AuditDecision]]:
    return [(f, d) for f in run.files for d in f.decisions if d.action == Action.REMOVE.value]


def flagged(run: AuditRun) -> list[tuple[AuditFile, AuditDecision]]:
    return [(f, d) for f in run.files for d in f.decisions if d.action == Action.FLAG.value]


def exemption_counts(run: AuditRun) -> dict[str, int]:
    # Hidden data removed without an exemption (metadata, empty comments) is listed separately.
    return _counts(d.exemption for d in run.decisions() if d.action in WITHHELD and is_exemption(d.exemption))


def audit_file_problem(audit_file: AuditFile, mode: str) -> str:
    """Why a logged file needs attention, or ''; the same rules as file_problem."""
    open_items = sum(d.action != Action.KEEP.value for d in audit_file.decisions)
    return _problem(audit_file.status, audit_file.error, audit_file.residue, audit_file.verified, open_items, mode)


@dataclass
class Verdict:
    ok: bool
    headline: str
    problems: list[str]


def audit_verdict(report: AuditReport, run: AuditRun) -> Verdict:
    """The one-line answer at the top of an audit report, and the problems behind it."""
    problems = [f"Audit log: {p}" for p in report.integrity_problems]
    if not run.complete:
        problems.append("The run did not finish: the log has no closing record for it.")
    problems += [f"{f.path}: {why}" for f in run.files if (why := audit_file_problem(f, run.mode))]
    n = len(run.files)
    if problems:
        k = len(problems)
        passed = sum(not audit_file_problem(f, run.mode) for f in run.files)
        headline = f"{k} problem{'s need' if k != 1 else ' needs'} attention — {passed} of {n} file{'s' if n != 1 else ''} passed"
        return Verdict(False, headline, problems)
    if run.mode == "check":
        return Verdict(True, f"All {n} file{'s' if n != 1 else ''} checked: nothing left to withhold", [])
    redacted = sum(f.status == Status.REDACTED.value for f in run.files)
    headline = f"All {n} file{'s' if n != 1 else ''} verified: {redacted} redacted"
    if n - redacted:
        headline += f", {n - redacted} needed no redaction"
    return Verdict(True, headline, [])


def exemption_texts(run: AuditRun, policy: "Policy | None" = None) -> dict[str, dict[str, Any]]:
    """Explanatory text per exemption: the copy the log recorded (what the run applied); the policy fills gaps."""
    texts = {code: text.model_dump() for code, text in policy.exemptions.items()} if policy is not None else {}
    texts.update(run.exemptions)
    return texts


def render_audit(
    report: AuditReport,
    fmt: str,
    *,
    run_id: str | None = None,
    policy: "Policy | None" = None,
    generated: datetime | None = None,
) -> str | bytes:
    """Render one run of an audit log (the last by default) as html (str) or xlsx (bytes)."""
    if fmt not in AUDIT_FORMATS:
        raise ValueError(f"unknown audit report format {fmt!r}; expected one of {', '.join(AUDIT_FORMATS)}")
    module = importlib.import_module(f"redactor.reporting.{fmt}")
    return module.render(report, run_id=run_id, policy=policy, generated=generated)


@dataclass
class AuditBundle:
    """An audit log read back, with the policy that fills in exemption texts the log lacks."""

    report: AuditReport
    policy: "Policy | None" = None
    run_id: str | None = None


def build_audit_report(path: Path, policy: "Policy | None" = None, run_id: str | None = None) -> AuditBundle:
    """Read an audit log for `redactor report`; FileProcessingError if it cannot be read."""
    return AuditBundle(load_audit(path), policy, run_id)


def render_audit_report(fmt: str, data: AuditBundle, generated: datetime | None = None) -> bytes:
    """The bytes of the html or xlsx report for `redactor report --out`."""
    payload = render_audit(data.report, fmt, run_id=data.run_id, policy=data.policy, generated=generated)
    return payload.encode("utf-8") if isinstance(payload, str) else payload


def pick_run(report: AuditReport, run_id: str | None) -> AuditRun:
    run = report.run(run_id)
    if run is None:
        what = f"run {run_id}" if run_id else "any run"
        raise FileProcessingError(f"audit log {report.path} does not contain {what}")
    return run


__all__ = [
    "AUDIT_FORMATS",
    "AuditBundle",
    "apply_suppressions",
    "build_audit_report",
    "exit_code_with_suppressions",
    "render",
    "render_audit_report",
    "RUN_FORMATS",
    "RunReport",
    "ScheduleRow",
    "Verdict",
    "audit_verdict",
    "entity_label",
    "file_problem",
    "render_audit",
    "render_run",
    "schedule_rows",
    "utc_iso",
]
