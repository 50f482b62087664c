"""The reviewer's report: one self-contained, printable HTML page built from the audit log."""
from __future__ import annotations

import html
from collections import Counter
from datetime import datetime, timezone
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from redactor.audit import AuditFile, AuditReport, AuditRun, utc_iso
from redactor.models import Status
from redactor.reporting import (
    audit_file_problem,
    audit_verdict,
    entity_label,
    exemption_texts,
    exemption_counts,
    flagged,
    hidden_removed,
    is_exemption,
    pick_run,
    schedule_rows,
)

if TYPE_CHECKING:
    from redactor.policy import Policy

CSS = """
:root { --ink:#1b1b1b; --muted:#555; --line:#c8c8c8; --ok:#0b6b2e; --okbg:#e7f4ec; --bad:#a1140e; --badbg:#fbeaea; }
* { box-sizing:border-box; }
body { font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif; color:var(--ink); margin:0; background:#f4f4f2; }
main { max-width:64rem; margin:0 auto; padding:2rem 1.5rem 3rem; background:#fff; }
h1 { font-size:1.7rem; margin:0 0 .2rem; }
h2 { font-size:1.25rem; margin:2.2rem 0 .6rem; padding-bottom:.25rem; border-bottom:2px solid var(--ink); }
h3 { font-size:1.05rem; margin:1.2rem 0 .4rem; }
h4 { font-size:.95rem; margin:.8rem 0 .2rem; }
p { margin:.3rem 0 .6rem; }
.meta { color:var(--muted); margin:0; }
.verdict { border:2px solid; border-radius:6px; padding:1rem 1.2rem; margin:1.4rem 0; }
.verdict.ok { border-color:var(--ok); background:var(--okbg); }
.verdict.fail { border-color:var(--bad); background:var(--badbg); }
.verdict h2 { border:0; margin:0; padding:0; font-size:1.35rem; }
.verdict.ok h2 { color:var(--ok); } .verdict.fail h2 { color:var(--bad); }
.verdict ul { margin:.5rem 0 0; padding-left:1.2rem; }
.figures { display:grid; grid-template-columns:repeat(auto-fill,minmax(10rem,1fr)); gap:.6rem; margin:0; }
.figure { border:1px solid var(--line); border-radius:6px; padding:.6rem .8rem; margin:0; }
.figure dt { color:var(--muted); font-size:.85rem; } .figure dd { margin:0; font-size:1.5rem; font-weight:600; }
.exemption { border-left:4px solid var(--ink); padding:.2rem 0 .2rem 1rem; margin:1rem 0; }
.exemption .kind { color:var(--muted); font-size:.9rem; }
.cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(28rem,1fr)); gap:.8rem; }
.card { border:1px solid var(--line); border-radius:6px; padding:.8rem 1rem; }
.card h3 { margin:0 0 .4rem; word-break:break-all; }
.card dl { display:grid; grid-template-columns:9.5rem 1fr; gap:.15rem .6rem; margin:0; font-size:.9rem; }
.card dt { color:var(--muted); } .card dd { margin:0; overflow-wrap:anywhere; }
.badge { display:inline-block; font-size:.8rem; font-weight:600; padding:.05rem .5rem; border-radius:1rem; border:1px solid; }
.badge.good { color:var(--ok); } .badge.bad { color:var(--bad); } .badge.plain { color:var(--muted); }
.hash { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:.8rem; }
.problem { color:var(--bad); font-weight:600; }
table { border-collapse:collapse; width:100%; font-size:.88rem; margin:.4rem 0 1rem; }
th, td { border-bottom:1px solid var(--line); padding:.3rem .45rem; text-align:left; vertical-align:top; }
th { background:#ecebe8; } td.num { text-align:right; white-space:nowrap; }
tfoot td { font-weight:600; border-top:2px solid var(--ink); }
.empty { color:var(--muted); font-style:italic; }
footer { margin-top:2.5rem; color:var(--muted); font-size:.85rem; border-top:1px solid var(--line); padding-top:.6rem; }
@page { size:A4; margin:14mm 12mm; }
@media print {
  body { background:#fff; font-size:10.5pt; }
  main { max-width:none; padding:0; }
  .verdict, .badge { -webkit-print-color-adjust:exact; print-color-adjust:exact; }
  .cards { display:block; }
  .card, .exemption, .figure, .verdict, tr { break-inside:avoid; }
  .card { margin:0 0 .5rem; }
  thead { display:table-header-group; }
  h2 { break-after:avoid; }
}
"""


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def render(
    report: AuditReport,
    *,
    run_id: str | None = None,
    policy: "Policy | None" = None,
    generated: datetime | None = None,
) -> str:
    run = pick_run(report, run_id)
    generated = generated or datetime.now(timezone.utc)
    title = f"Redaction report — {run.started[:10]}" if run.started else "Redaction report"
    body = "\n".join(
        [
            _header(report, run),
            _verdict(report, run),
            _figures(run),
            _exemptions(run, exemption_texts(run, policy)),
            _files(run),
            _schedule(run),
            _hidden(run),
            _flagged(run),
            _audit_trail(report, run),
            _footer(run, generated),
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No external assets at all: the page must render the same offline and when archived.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _header(report: AuditReport, run: AuditRun) -> str:
    what = "Disclosure check" if run.mode == "check" else "Redaction"
    return (
        '<header>\n<h1>Redaction report</h1>\n'
        f'<p class="meta">{e(what)} of {len(run.files)} file{_s(len(run.files))} on {e(_when(run.started))}'
        f" · reviewer {e(run.reviewer or 'not recorded')} · policy {e(run.policy_name)}"
        f" · redactor {e(run.tool_version)}</p>\n"
        f'<p class="meta">Audit log: {e(PurePath(report.path).name)} · run {e(run.run_id)}</p>\n</header>'
    )


def _verdict(report: AuditReport, run: AuditRun) -> str:
    verdict = audit_verdict(report, run)
    mark = "✓" if verdict.ok else "✗"
    items = "".join(f"<li>{e(p)}</li>" for p in verdict.problems)
    detail = (
        "<p>Every output file was re-read with an independent extractor and no withheld value was found."
        " Hidden data was removed as listed below.</p>"
        if verdict.ok and run.mode != "check"
        else ""
    )
    return (
        f'<section class="verdict {"ok" if verdict.ok else "fail"}" id="verdict">\n'
        f"<h2>{mark} {e(verdict.headline)}</h2>\n{detail}"
        + (f"<ul>{items}</ul>" if items else "")
        + "\n</section>"
    )


def _figures(run: AuditRun) -> str:
    rows = schedule_rows(run)
    figures = [("Files", len(run.files)), ("Redactions", sum(r.action == "Redacted" for r in rows))]
    figures += [(f"Withheld under {code}", n) for code, n in exemption_counts(run).items()]
    figures += [("Hidden items removed", len(hidden_removed(run))), ("Left for a person to decide", len(flagged(run)))]
    cells = "".join(f'<div class="figure"><dt>{e(k)}</dt><dd>{e(v)}</dd></div>' for k, v in figures)
    return f'<section id="summary">\n<h2>Summary</h2>\n<dl class="figures">{cells}</dl>\n</section>'


def _exemptions(run: AuditRun, texts: dict[str, dict[str, Any]]) -> str:
    counts = exemption_counts(run)
    if not counts:
        return '<section id="exemptions">\n<h2>Exemptions applied</h2>\n<p class="empty">No information was withheld.</p>\n</section>'
    articles = [_exemption(code, n, texts.get(code)) for code, n in counts.items()]
    return '<section id="exemptions">\n<h2>Exemptions applied</h2>\n' + "\n".join(articles) + "\n</section>"


def _exemption(code: str, count: int, text: dict[str, Any] | None) -> str:
    if not text:
        return (
            f'<article class="exemption"><h3>{e(code)}</h3><p class="kind">{count} item{_s(count)} withheld</p>'
            '<p class="problem">The policy gives no explanation for this exemption.</p></article>'
        )
    qualified = bool(text.get("qualified"))
    kind = "Qualified exemption: subject to the public interest test" if qualified else "Absolute exemption"
    parts = [
        f'<article class="exemption"><h3>{e(code)} — {e(text.get("title", ""))}</h3>',
        f'<p class="kind">{e(kind)} · {count} item{_s(count)} withheld</p>',
        f"<p>{e(text.get('explanation', ''))}</p>",
    ]
    if qualified:
        pit = text.get("public_interest")
        parts.append("<h4>Public interest test</h4>")
        parts.append(f"<p>{e(pit)}</p>" if pit else '<p class="problem">The policy records no public interest test.</p>')
    parts.append("</article>")
    return "".join(parts)


def _files(run: AuditRun) -> str:
    if not run.files:
        return '<section id="files">\n<h2>Files</h2>\n<p class="empty">No files were processed.</p>\n</section>'
    cards = "\n".join(_card(f, run.mode) for f in run.files)
    return f'<section id="files">\n<h2>Files</h2>\n<div class="cards">\n{cards}\n</div>\n</section>'


def _card(f: AuditFile, mode: str) -> str:
    problem = audit_file_problem(f, mode)
    withheld = Counter(d.exemption for d in f.withheld() if is_exemption(d.exemption))
    rows = [
        ("Status", _status_badge(f, problem)),
        ("Output", e(f.output) if f.output else '<span class="empty">none</span>'),
        ("Format", e(f.format or "unknown")),
        ("Input SHA-256", f'<span class="hash">{e(f.input_sha256 or "not recorded")}</span>'),
        ("Output SHA-256", f'<span class="hash">{e(f.output_sha256 or "no output")}</span>'),
        ("Verification", _verification(f)),
        ("Withheld", e(", ".join(f"{code}: {n}" for code, n in sorted(withheld.items())) or "nothing")),
        ("Hidden data removed", e(sum(d.action == "remove" for d in f.decisions))),
    ]
    if f.error:
        rows.append(("Error", f'<span class="problem">{e(f.error)}</span>'))
    removed = [n.removeprefix("removed:").strip() for n in f.notes if n.startswith("removed:")]
    notes = [n for n in f.notes if not n.startswith("removed:")]
    if removed:
        rows.append(("Removed on writing", e(", ".join(removed))))
    if notes:
        rows.append(("Notes", "<br>".join(e(n) for n in notes)))
    if problem and not f.error:
        rows.append(("Needs attention", f'<span class="problem">{e(problem)}</span>'))
    body = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<article class="card"><h3>{e(f.path)}</h3><dl>{body}</dl></article>'


def _status_badge(f: AuditFile, problem: str) -> str:
    words = {
        Status.CLEAN.value: "Nothing to withhold",
        Status.REDACTED.value: "Redacted",
        Status.FINDINGS.value: "Findings",
        Status.ERROR.value: "Error",
    }
    tone = "bad" if problem else ("good" if f.status in (Status.CLEAN.value, Status.REDACTED.value) else "plain")
    return f'<span class="badge {tone}">{e(words.get(f.status, f.status))}</span>'


def _verification(f: AuditFile) -> str:
    if f.residue:
        return f'<span class="problem">Failed: {f.residue} withheld value{_s(f.residue)} found in the output</span>'
    if f.verified is True:
        return "✓ Verified: re-read independently, no withheld value found"
    if f.verified is False:
        return '<span class="problem">Failed verification</span>'
    return "Not verified" if f.output else "Not applicable (no output written)"


def _schedule(run: AuditRun) -> str:
    rows = schedule_rows(run)
    head = "<h2>Redaction schedule</h2>\n"
    if not rows:
        return f'<section id="schedule">\n{head}<p class="empty">No redactions were made.</p>\n</section>'
    cols = ("No.", "File", "Where", "Exemption", "Information withheld", "Rule", "Action", "Reviewer")
    body = "\n".join(
        "<tr>"
        f'<td class="num">{r.number}</td><td>{e(r.file)}</td><td>{e(r.where)}</td><td>{e(r.exemption or "—")}</td>'
        f"<td>{e(r.information)}</td><td>{e(r.rule)}</td><td>{e(r.action)}</td><td>{e(r.reviewer)}</td>"
        "</tr>"
        for r in rows
    )
    totals = [(f"Total under {code}", n) for code, n in sorted(Counter(r.exemption for r in rows if r.exemption).items())]
    hidden = sum(not r.exemption for r in rows)
    totals += [("Hidden data removed (no exemption needed)", hidden)] if hidden else []
    foot = "".join(f'<tr><td colspan="4">{e(k)}</td><td class="num">{n}</td><td colspan="3"></td></tr>' for k, n in totals)
    return (
        f'<section id="schedule">\n{head}'
        "<p>Each row is one item withheld from the release. Values are never shown: the audit log"
        " identifies each one only by a keyed hash.</p>\n"
        f"<table><thead><tr>{''.join(f'<th>{e(c)}</th>' for c in cols)}</tr></thead>\n<tbody>\n{body}\n</tbody>\n"
        f"<tfoot>{foot}</tfoot></table>\n</section>"
    )


def _hidden(run: AuditRun) -> str:
    items = hidden_removed(run)
    head = "<h2>Hidden data removed</h2>\n"
    if not items:
        return f'<section id="hidden">\n{head}<p class="empty">No hidden data was found.</p>\n</section>'
    rows = "\n".join(
        f"<tr><td>{e(f.path)}</td><td>{e(d.where)}</td><td>{e(entity_label(d.entity))}</td>"
        f"<td>{e(d.exemption if is_exemption(d.exemption) else '—')}</td></tr>"
        for f, d in items
    )
    return (
        f'<section id="hidden">\n{head}'
        "<p>Content a reader would not normally see, such as hidden sheets, comments and document"
        " properties, was removed from the released copies.</p>\n"
        "<table><thead><tr><th>File</th><th>Where</th><th>What</th><th>Exemption</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table>\n</section>"
    )


def _flagged(run: AuditRun) -> str:
    items = flagged(run)
    if not items:
        return ""
    rows = "\n".join(
        f"<tr><td>{e(f.path)}</td><td>{e(d.where)}</td><td>{e(entity_label(d.entity))}</td><td>{e(d.exemption)}</td>"
        f"<td>{e(d.reason)}</td></tr>"
        for f, d in items
    )
    return (
        '<section id="flagged">\n<h2>Left for a person to decide</h2>\n'
        "<table><thead><tr><th>File</th><th>Where</th><th>What</th><th>Exemption</th><th>Why</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table>\n</section>"
    )


def _audit_trail(report: AuditReport, run: AuditRun) -> str:
    if report.integrity_problems:
        integrity = f'<span class="problem">{len(report.integrity_problems)} integrity problem{_s(len(report.integrity_problems))} (listed above)</span>'
    else:
        integrity = "✓ Intact: every record's hash and link to the previous record checks out"
    rows = [
        ("Audit log", e(PurePath(report.path).name)),
        ("Hash chain", integrity),
        ("Chain head (SHA-256)", f'<span class="hash">{e(report.head_hash)}</span>'),
        ("Run", f'<span class="hash">{e(run.run_id)}</span>'),
        ("Started", e(_when(run.started))),
        ("Finished", e(_when(run.finished)) if run.finished else '<span class="problem">did not finish</span>'),
        ("Command", f'<span class="hash">{e(run.command)}</span>'),
        ("Reviewer", e(run.reviewer or "not recorded")),
        ("Policy", f"{e(run.policy_name)} ({e(run.policy_source)})"),
        ("Policy SHA-256", f'<span class="hash">{e(run.policy_sha256)}</span>'),
        ("Tool version", f"redactor {e(run.tool_version)}"),
        ("Value hashes", f"HMAC-SHA256, key {e(run.key_id)} ({e(_key_source(run.key_source))})"),
    ]
    body = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in rows)
    others = _other_runs(report, run)
    return f'<section id="audit">\n<h2>Audit trail</h2>\n<div class="card"><dl>{body}</dl></div>\n{others}</section>'


def _other_runs(report: AuditReport, shown: AuditRun) -> str:
    others = [r for r in report.runs if r is not shown]
    if not others:
        return ""
    rows = "\n".join(
        f'<tr><td class="hash">{e(r.run_id)}</td><td>{e(_when(r.started))}</td><td>{e(r.mode or "—")}</td>'
        f'<td class="num">{len(r.files)}</td><td>{"✓" if audit_verdict(report, r).ok else "✗"}</td></tr>'
        for r in others
    )
    return (
        "<h3>Other runs in this log</h3>\n"
        "<table><thead><tr><th>Run</th><th>Started</th><th>Command</th><th>Files</th><th>Passed</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table>\n"
    )


def _footer(run: AuditRun, generated: datetime) -> str:
    return (
        f"<footer>Generated {e(_when(utc_iso(generated)))} by redactor {e(run.tool_version)} from the audit log."
        " This report contains no withheld values.</footer>"
    )


def _key_source(source: str) -> str:
    return {"env": "organisation key from REDACTOR_AUDIT_KEY", "random": "one-off key for this run"}.get(source, source or "unknown")


def _when(iso: str | None) -> str:
    if not iso:
        return "unknown"
    return iso.replace("T", " ").replace("Z", " UTC")


def _s(n: int) -> str:
    return "" if n == 1 else "s"


__all__ = ["render"]
