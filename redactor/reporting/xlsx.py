"""The redaction schedule as a workbook, for reviewers who annotate or sort it in Excel."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from redactor.audit import AuditReport, AuditRun
from redactor.reporting import (
    audit_file_problem,
    audit_verdict,
    entity_label,
    exemption_counts,
    exemption_texts,
    flagged,
    hidden_removed,
    is_exemption,
    pick_run,
    schedule_rows,
)

if TYPE_CHECKING:
    from redactor.policy import Policy

_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="ECEBE8")
_WRAP = Alignment(wrap_text=True, vertical="top")


def render(
    report: AuditReport,
    *,
    run_id: str | None = None,
    policy: "Policy | None" = None,
    generated: datetime | None = None,
) -> bytes:
    run = pick_run(report, run_id)
    wb = Workbook()
    _summary(wb.active, report, run, policy)
    _schedule(wb.create_sheet("Schedule"), run)
    _files(wb.create_sheet("Files"), run)
    _hidden(wb.create_sheet("Hidden data"), run)
    if flagged(run):
        _flagged(wb.create_sheet("For decision"), run)
    # Fixed document properties: the workbook says nothing about who or what produced it beyond the tool.
    stamp = (generated or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(tzinfo=None)
    wb.properties.creator = "redactor"
    wb.properties.lastModifiedBy = "redactor"
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.title = "Redaction schedule"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def set_text(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write a value that Excel must never evaluate: file names like '=HYPERLINK(...)' stay text."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)  # control characters cannot be stored
        cell.data_type = "s"
    else:
        cell.value = value


def _table(ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]) -> None:
    for col, name in enumerate(header, 1):
        set_text(ws, 1, col, name)
        ws.cell(row=1, column=col).font = _HEAD_FONT
        ws.cell(row=1, column=col).fill = _HEAD_FILL
    last = 1
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            set_text(ws, r, c, value)
            ws.cell(row=r, column=c).alignment = _WRAP
        last = r
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    if last > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"


def _summary(ws: Worksheet, report: AuditReport, run: AuditRun, policy: "Policy | None") -> None:
    ws.title = "Summary"
    verdict = audit_verdict(report, run)
    rows: list[tuple[str, Any]] = [
        ("Verdict", ("✓ " if verdict.ok else "✗ ") + verdict.headline),
        *[("Problem", p) for p in verdict.problems],
        ("Files", len(run.files)),
        ("Redactions", sum(r.action == "Redacted" for r in schedule_rows(run))),
        *[(f"Withheld under {code}", n) for code, n in exemption_counts(run).items()],
        ("Hidden items removed", len(hidden_removed(run))),
        ("Left for a person to decide", len(flagged(run))),
        ("Reviewer", run.reviewer),
        ("Run", run.run_id),
        ("Started (UTC)", run.started),
        ("Finished (UTC)", run.finished or "did not finish"),
        ("Policy", f"{run.policy_name} ({run.policy_source})"),
        ("Policy SHA-256", run.policy_sha256),
        ("Tool version", f"redactor {run.tool_version}"),
        ("Audit chain head (SHA-256)", report.head_hash),
    ]
    texts = exemption_texts(run, policy)
    for code in exemption_counts(run):
        text = texts.get(code) or {}
        rows.append((f"{code} {text.get('title', '')}".strip(), text.get("explanation", "no explanation in the policy")))
        if text.get("qualified"):
            rows.append((f"{code} public interest test", text.get("public_interest") or "not recorded in the policy"))
    _table(ws, ("Item", "Value"), rows, (34, 100))


def _schedule(ws: Worksheet, run: AuditRun) -> None:
    header = ("No.", "File", "Where", "Exemption", "Information withheld", "Entity", "Rule", "Action", "Reviewer")
    rows = [
        (r.number, r.file, r.where, r.exemption or "—", r.information, r.entity, r.rule, r.action, r.reviewer)
        for r in schedule_rows(run)
    ]
    _table(ws, header, rows, (6, 40, 22, 12, 28, 18, 16, 10, 16))


def _files(ws: Worksheet, run: AuditRun) -> None:
    header = ("File", "Status", "Output", "Format", "Input SHA-256", "Output SHA-256", "Verified", "Residue", "Withheld", "Error", "Needs attention")
    rows = [
        (
            f.path,
            f.status,
            f.output or "",
            f.format or "",
            f.input_sha256 or "",
            f.output_sha256 or "",
            {True: "yes", False: "FAILED", None: "no"}[f.verified],
            f.residue,
            len(f.withheld()),
            f.error or "",
            audit_file_problem(f, run.mode),
        )
        for f in run.files
    ]
    _table(ws, header, rows, (40, 10, 40, 8, 66, 66, 9, 8, 9, 30, 36))


def _hidden(ws: Worksheet, run: AuditRun) -> None:
    rows = [(f.path, d.where, entity_label(d.entity), d.exemption if is_exemption(d.exemption) else "—") for f, d in hidden_removed(run)]
    _table(ws, ("File", "Where", "What", "Exemption"), rows, (40, 24, 34, 12))


def _flagged(ws: Worksheet, run: AuditRun) -> None:
    rows = [(f.path, d.where, entity_label(d.entity), d.exemption, d.reason) for f, d in flagged(run)]
    _table(ws, ("File", "Where", "What", "Exemption", "Why"), rows, (40, 24, 28, 12, 40))
