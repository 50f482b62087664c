"""The `redactor` command line: parses options, runs the pipeline, renders results, picks the exit code."""
from __future__ import annotations

import getpass
import os
import sys
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from redactor import __version__
from redactor.errors import ExitCode, PolicyError, RedactorError

app = typer.Typer(
    name="redactor",
    help=(
        "Find and remove personal data (FOI s40(2)), security details (s31(1)(a)) and hidden data from "
        "FOI response attachments (PDF, XLSX, DOCX, CSV), prove the output clean, and keep an audit log.\n\n"
        "Exit codes: 0 clean, 1 findings or failed verification, 2 bad usage or invalid policy, "
        "3 a file could not be processed."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
audit_app = typer.Typer(help="Work with audit logs.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"


class ReportFormat(str, Enum):
    html = "html"
    xlsx = "xlsx"


PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders to process (folders are walked recursively).", show_default=False)]
PolicyOpt = Annotated[str, typer.Option("--policy", "-p", help="Built-in policy name (foi) or a policy YAML file.")]
AllowOpt = Annotated[Optional[list[str]], typer.Option("--allow", "-a", help="Exact value to keep, e.g. a published switchboard number or team mailbox. Repeatable.")]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format: text for people; json, sarif or junit for machines.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file instead of standard output.")]
PasswordOpt = Annotated[Optional[list[str]], typer.Option("--password", help="Password to try on encrypted files. Repeatable.")]
PasswordFileOpt = Annotated[Optional[Path], typer.Option("--password-file", help="File with one password per line to try on encrypted files.")]
ReviewerOpt = Annotated[Optional[str], typer.Option("--reviewer", help="Who ran this review, recorded in the audit log (default: the OS user).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output on standard error.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Files processed in parallel (default: number of CPU cores).")]
MaxSecondsOpt = Annotated[float, typer.Option("--max-seconds", min=0, help="Time limit per file and pass, in seconds; a file over it is stopped and reported (0: no limit).")]
MaxMbOpt = Annotated[int, typer.Option("--max-mb", min=1, help="Largest file to open, in MB; larger files are reported, not read.")]
DEFAULT_MAX_SECONDS = 300.0
DEFAULT_MAX_MB = 200


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted: no partial outputs were left behind", err=True)
        sys.exit(130)


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False) -> None:
    if version:
        typer.echo(f"redactor {__version__}")
        raise typer.Exit(0)


@app.command()
def check(
    paths: PathsArg,
    policy: PolicyOpt = "foi",
    allow: AllowOpt = None,
    format: FormatOpt = OutputFormat.text,
    output: OutputOpt = None,
    suppressions: Annotated[Optional[Path], typer.Option("--suppressions", help="Accepted-findings file (default: .redactor-suppressions.yaml in a checked folder).")] = None,
    password: PasswordOpt = None,
    password_file: PasswordFileOpt = None,
    jobs: JobsOpt = os.cpu_count() or 1,
    max_seconds: MaxSecondsOpt = DEFAULT_MAX_SECONDS,
    max_mb: MaxMbOpt = DEFAULT_MAX_MB,
    quiet: QuietOpt = False,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Write this suppressions file accepting every finding still reported (needs --approved-by, --reason, --expires), then check against it.")] = None,
    approved_by: Annotated[Optional[str], typer.Option("--approved-by", help="(--baseline) Who approved releasing these findings.")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="(--baseline) Why they may be released.")] = None,
    expires: Annotated[Optional[datetime], typer.Option("--expires", formats=["%Y-%m-%d"], help="(--baseline) Last day the acceptance holds, YYYY-MM-DD.")] = None,
) -> None:
    """Report what would be redacted or removed, and why, per file and location. Exit 1 if anything needs action."""
    request = _baseline_request(baseline, approved_by, reason, expires)
    code = _run(paths, policy=policy, allow=allow, fmt=format, output=output, redact=False, out_dir=None,
                audit_log=None, reviewer=None, passwords=_passwords(password, password_file), quiet=quiet,
                suppressions=suppressions, jobs=jobs, baseline=request,
                max_seconds=max_seconds, max_mb=max_mb)
    raise typer.Exit(code)


@app.command()
def redact(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", help="Folder for the redacted copies (same relative paths). Inputs are never modified.")],
    policy: PolicyOpt = "foi",
    allow: AllowOpt = None,
    format: FormatOpt = OutputFormat.text,
    output: OutputOpt = None,
    audit_log: Annotated[Optional[Path], typer.Option("--audit-log", help="Audit log (JSON lines) to append to. Default: OUT/redactor-audit.jsonl.")] = None,
    reviewer: ReviewerOpt = None,
    password: PasswordOpt = None,
    password_file: PasswordFileOpt = None,
    jobs: JobsOpt = os.cpu_count() or 1,
    max_seconds: MaxSecondsOpt = DEFAULT_MAX_SECONDS,
    max_mb: MaxMbOpt = DEFAULT_MAX_MB,
    quiet: QuietOpt = False,
) -> None:
    """Write redacted, sanitised and verified copies under --out, and an audit log."""
    code = _run(paths, policy=policy, allow=allow, fmt=format, output=output, redact=True, out_dir=out,
                audit_log=audit_log or out / "redactor-audit.jsonl", reviewer=reviewer,
                passwords=_passwords(password, password_file), quiet=quiet, suppressions=None, jobs=jobs,
                max_seconds=max_seconds, max_mb=max_mb)
    raise typer.Exit(code)


@app.command()
def report(
    audit_log: Annotated[Path, typer.Argument(help="An audit log written by `redactor redact`.")],
    out: Annotated[Path, typer.Option("--out", help="Report file to write.")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="html (a printable report for ICO review) or xlsx (the redaction schedule).")] = ReportFormat.html,
    policy: PolicyOpt = "foi",
) -> None:
    """Build the audit report for ICO review from an audit log (no redacted values appear in it)."""
    from redactor import reporting
    from redactor.policy import load_policy

    try:
        pol = load_policy(policy)
        data = reporting.build_audit_report(audit_log, pol)
        payload = reporting.render_audit_report(format.value, data)
        _atomic_write(out, payload)
    except PolicyError as exc:
        _fail(str(exc), ExitCode.USAGE)
    except RedactorError as exc:
        _fail(f"{audit_log}: {exc}", ExitCode.PROCESSING)
    except OSError as exc:
        _fail(f"{audit_log}: cannot read or write ({exc.strerror or exc.__class__.__name__})", ExitCode.PROCESSING)
    typer.echo(f"wrote {out}", err=True)


@audit_app.command("verify")
def audit_verify(log: Annotated[Path, typer.Argument(help="The audit log to check.")]) -> None:
    """Check the audit log's hash chain: any edited, removed, inserted or reordered record fails."""
    from redactor.audit import verify_log

    try:
        problems = verify_log(log)
    except RedactorError as exc:
        _fail(f"{log}: {exc}", ExitCode.PROCESSING)
    except OSError as exc:
        _fail(f"{log}: cannot read ({exc.strerror or exc.__class__.__name__})", ExitCode.PROCESSING)
    if problems:
        for p in problems:
            typer.echo(f"{log}: {p}", err=True)
        raise typer.Exit(ExitCode.FINDINGS)
    typer.echo(f"{log}: chain intact")


def _run(paths, *, policy, allow, fmt, output, redact, out_dir, audit_log, reviewer, passwords, quiet, suppressions, jobs, baseline=None,
         max_seconds=DEFAULT_MAX_SECONDS, max_mb=DEFAULT_MAX_MB) -> int:
    from redactor import pipeline, reporting
    from redactor.formats.base import ReadOptions
    from redactor.policy import load_policy

    try:
        pol = load_policy(policy).with_allow(list(allow or []))
    except PolicyError as exc:
        _fail(str(exc), ExitCode.USAGE)
    try:
        files = pipeline.walk(paths, exclude=out_dir)
    except FileNotFoundError as exc:
        _fail(f"no such file or folder: {exc}", ExitCode.USAGE)
    if out_dir is not None and any(_same_or_inside(out_dir, f.path) for f in files):
        _fail("--out must not be one of the input files", ExitCode.USAGE)
    sup = _load_suppressions(paths, suppressions)
    started = datetime.now(timezone.utc)
    progress = None if quiet else _progress_printer()
    engine = _build_engine(quiet, pol.security_catalogue)
    options = pipeline.RunOptions(redact=redact, out_dir=out_dir, jobs=jobs, max_seconds=max_seconds or None,
                                  read=ReadOptions(passwords=passwords, max_bytes=max_mb * 1024 * 1024))
    audit = None
    if audit_log is not None:
        from redactor.audit import AuditWriter

        try:
            audit_log.parent.mkdir(parents=True, exist_ok=True)
            audit = AuditWriter(audit_log, hash_key=options.key, policy=pol, tool_version=__version__,
                                reviewer=reviewer or _os_user(), command=_safe_argv())
        except RedactorError as exc:
            _fail(f"{audit_log}: {exc}", ExitCode.PROCESSING)
        except OSError as exc:
            _fail(f"{audit_log}: cannot write the audit log ({exc.strerror or exc.__class__.__name__})", ExitCode.PROCESSING)
    complete = False
    try:
        results = pipeline.run(files, pol, engine, options, audit=audit, progress=progress)
        complete = True
    except KeyboardInterrupt:
        # Typer turns Ctrl-C into a bare exit 130; say what state the run left behind.
        done = "outputs already verified stay; no partial outputs were left behind" if redact else "nothing was written"
        typer.echo(f"interrupted: {done}" + ("; the audit log marks the run incomplete" if audit is not None else ""), err=True)
        raise typer.Exit(130) from None
    finally:
        if audit is not None:
            audit.close(complete=complete)  # an interrupted run is logged as incomplete
    suppressed = reporting.apply_suppressions(results, sup, date.today()) if sup is not None else None
    if baseline is not None:
        sup = _write_baseline(baseline, suppressed.results if suppressed is not None else results, sup)
        suppressed = reporting.apply_suppressions(results, sup, date.today())
    run_report = reporting.RunReport.build(
        tool_version=__version__, policy=pol, command="redact" if redact else "check", files=results,
        started=started, finished=datetime.now(timezone.utc), suppression=suppressed,
        # File paths are relative to the folder checked; SARIF needs that base to map results.
        input_root=str(paths[0]) if len(paths) == 1 and paths[0].is_dir() else "",
    )
    text = reporting.render(fmt.value, run_report)
    if output is not None:
        _atomic_write(output, text.encode("utf-8"))
    else:
        typer.echo(text, nl=not text.endswith("\n"))
    for r in results:
        if r.error:
            typer.echo(f"error: {r.path}: {r.error}", err=True)
    code = pipeline.exit_code(results, redact)
    if suppressed is not None:
        code = reporting.exit_code_with_suppressions(code, results, suppressed, redact)
    return code


def _build_engine(quiet: bool, security_catalogue: Path | None = None):
    from redactor.engine import build_engine

    if not quiet:
        typer.echo("loading language model…", err=True)
    return build_engine(security_catalogue)


def _load_suppressions(paths: list[Path], explicit: Optional[Path]):
    from redactor.suppressions import SUPPRESSIONS_FILE, load_suppressions

    candidate = explicit
    if candidate is None:
        for p in paths:
            if p.is_dir() and (p / SUPPRESSIONS_FILE).is_file():
                candidate = p / SUPPRESSIONS_FILE
                break
    if candidate is None:
        return None
    try:
        return load_suppressions(candidate)
    except PolicyError as exc:
        _fail(str(exc), ExitCode.USAGE)
    except OSError as exc:
        _fail(f"{candidate}: cannot read ({exc.strerror or exc.__class__.__name__})", ExitCode.USAGE)


def _baseline_request(path: Optional[Path], approved_by: Optional[str], reason: Optional[str], expires: Optional[datetime]):
    from redactor.suppressions import BaselineRequest

    if path is None:
        if approved_by or reason or expires:
            _fail("--approved-by, --reason and --expires are only used with --baseline FILE", ExitCode.USAGE)
        return None
    try:
        return BaselineRequest.parse(path, approved_by, reason, expires.date() if expires else None, date.today())
    except PolicyError as exc:
        _fail(str(exc), ExitCode.USAGE)


def _write_baseline(request, results, active):
    """Accept the findings still reported into request.path; returns the suppressions to check against now."""
    from redactor.suppressions import write_baseline

    try:
        outcome = write_baseline(request, results, active)
    except PolicyError as exc:
        _fail(str(exc), ExitCode.USAGE)
    typer.echo(f"{request.path}: added {len(outcome.added)} suppression(s), approved by {request.approved_by}, "
               f"expiring {request.expires}", err=True)
    if outcome.not_accepted:
        typer.echo(f"{request.path}: {outcome.not_accepted} finding(s) have no fingerprint (hidden data) and cannot be "
                   "accepted: redact them", err=True)
    return outcome.suppressions


def _progress_printer():
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage == "done":
            bar.stop()
            return
        if not tasks:
            bar.start()
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done)

    return update


def _passwords(passwords: Optional[list[str]], password_file: Optional[Path]) -> list[str]:
    out = list(passwords or [])
    if password_file is not None:
        try:
            out += [ln.rstrip("\r\n") for ln in password_file.read_text("utf-8").splitlines() if ln.strip()]
        except OSError as exc:
            _fail(f"{password_file}: cannot read password file ({exc.strerror or exc.__class__.__name__})", ExitCode.USAGE)
    return out


def _safe_argv() -> str:
    """The command line for the audit log, with values of --allow and --password masked."""
    masked, hide = [], False
    for arg in sys.argv[1:]:
        if hide:
            masked.append("***")
            hide = False
            continue
        if arg in ("--allow", "-a", "--password"):
            hide = True
        elif arg.startswith(("--allow=", "--password=")):
            arg = arg.split("=", 1)[0] + "=***"
        masked.append(arg)
    return "redactor " + " ".join(masked)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return os.environ.get("USER", "unknown")


def _same_or_inside(out_dir: Path, path: Path) -> bool:
    try:
        return out_dir.resolve() == path.resolve()
    except OSError:
        return False


def _atomic_write(path: Path, payload: bytes) -> None:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _fail(message: str, code: ExitCode) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(int(code))
