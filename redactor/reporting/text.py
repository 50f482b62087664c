"""The terminal summary: one block per file, aligned columns, no matched text."""
from __future__ import annotations

import unicodedata

from redactor.audit import utc_iso
from redactor.models import Decision, FileResult
from redactor.reporting import RunReport, file_problem


def render(report: RunReport) -> str:
    rows = [_decision_row(d) for f in report.files for d in f.decisions]
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(6)]
    lines = [_heading(report), ""]
    for result in report.files:
        lines.append(_file_line(result, report.command))
        for decision in result.decisions:
            lines.append("  " + _aligned(_decision_row(decision), widths))
    lines += ["", _totals(report)]
    lines += _suppression_lines(report)
    lines.append(_result_line(report))
    return "\n".join(lines) + "\n"


def clean(text: object) -> str:
    """Printable on a terminal: control characters (escape sequences in file names) are shown escaped."""
    return "".join(_printable(ch) for ch in str(text))


def _printable(ch: str) -> str:
    if ch == " " or unicodedata.category(ch)[0] not in "CZ":
        return ch
    return f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"


def _heading(report: RunReport) -> str:
    return (
        f"redactor {clean(report.tool_version)} {report.command} · policy {clean(report.policy_name)}"
        f" (sha256 {report.policy_sha256[:12]}) · {utc_iso(report.started)}"
    )


def _file_line(result: FileResult, command: str) -> str:
    status = getattr(result.status, "value", result.status)
    bits = [clean(result.path), status]
    if result.verified is True:
        bits.append("verified")
    problem = file_problem(result, command)
    if problem:
        bits.append(f"— {clean(problem)}")
    elif result.decisions:
        bits.append(f"— {len(result.decisions)} item(s)")
    return "  ".join(bits) + "".join(f"\n  note: {clean(n)}" for n in result.notes)


def _decision_row(d: Decision) -> list[str]:
    location = clean(d.location) if d.location is not None else "file"
    action = getattr(d.action, "value", d.action)
    return [location, d.finding.entity, d.exemption, action, clean(d.finding.rule), f"{float(d.finding.score):.2f}", clean(d.reason)]


def _aligned(row: list[str], widths: list[int]) -> str:
    cells = [cell.ljust(width) for cell, width in zip(row, widths)] + row[len(widths):]
    return "  ".join(cells).rstrip()


def _totals(report: RunReport) -> str:
    s = report.summary()
    parts = [f"{s['files']} file(s)"]
    words = {"clean": "clean", "findings": "with findings", "redacted": "redacted", "errors": "failed"}
    parts += [f"{s[k]} {w}" for k, w in words.items() if s[k]]
    line = ", ".join(parts)
    if s["exemptions"]:
        line += " · withheld: " + ", ".join(f"{k} {v}" for k, v in s["exemptions"].items())
    if s["hidden_removed"]:
        line += f" · hidden items: {s['hidden_removed']}"
    if s["suppressed"]:
        line += f" · {s['suppressed']} suppressed"
    return line


def _suppression_lines(report: RunReport) -> list[str]:
    lines = []
    if report.expired_suppressions:
        lines.append("Expired suppressions (renew or remove them; the check fails until then):")
        lines += [f"  {clean(e.describe())}" for e in report.expired_suppressions]
    if report.unused_suppressions:
        lines.append("Unused suppressions (nothing matched them in this run):")
        lines += [f"  {clean(e.describe())}" for e in report.unused_suppressions]
    return lines


def _result_line(report: RunReport) -> str:
    if report.ok:
        return "Result: OK — safe to release" if report.command == "check" else "Result: OK — all outputs verified"
    n = len(report.problems()) + len(report.expired_suppressions)
    return f"Result: NOT SAFE TO RELEASE — {n} problem(s) need attention"
