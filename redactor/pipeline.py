"""The one pipeline: walk → extract → detect → decide → (redact → verify) → audit, per file."""
from __future__ import annotations

import fnmatch
import gc
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from redactor.decide import decide, redaction_spans
from redactor.detect import FolderKnowledge, detect_document, mention_findings
from redactor.engine import Engine
from redactor.errors import RedactorError
from redactor.formats import handler_for
from redactor.formats.base import FormatHandler, ReadOptions
from redactor.hashing import HashKey
from redactor.models import Action, Decision, Document, FileResult, Finding, Status
from redactor.policy import Policy
from redactor.verify import expectations, verify_output

AUDIT_LOG_NAME = "redactor-audit.jsonl"
IGNORE_FILE = ".redactorignore"


class AuditSink(Protocol):
    def write_file(self, result: FileResult, *, input_root: str = "") -> None: ...


@dataclass
class RunOptions:
    redact: bool = False
    out_dir: Path | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    key: HashKey = field(default_factory=HashKey.from_env)
    jobs: int = 1
    # Per file and pass; files then run in worker processes that are stopped when they overrun.
    max_seconds: float | None = None


@dataclass
class InputFile:
    path: Path
    root: Path  # outputs keep the path relative to this

    @property
    def rel(self) -> Path:
        return self.path.relative_to(self.root) if self.path != self.root else Path(self.path.name)


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def walk(paths: list[Path], exclude: Path | None = None) -> list[InputFile]:
    """Files to process, sorted; skips our own logs, dotfiles and globs listed in .redactorignore."""
    found: list[InputFile] = []
    for given in paths:
        if given.is_file():
            found.append(InputFile(given, given.parent))
            continue
        if not given.is_dir():
            raise FileNotFoundError(str(given))
        ignore = _ignore_globs(given)
        for dirpath, dirnames, filenames in os.walk(given):
            here = Path(dirpath)
            if exclude is not None and _inside(here, exclude):
                dirnames[:] = []
                continue
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = here / name
                rel = path.relative_to(given).as_posix()
                if name.startswith(".") or name == AUDIT_LOG_NAME or any(fnmatch.fnmatch(rel, g) for g in ignore):
                    continue
                found.append(InputFile(path, given))
    return found


def _ignore_globs(folder: Path) -> list[str]:
    file = folder / IGNORE_FILE
    if not file.is_file():
        return []
    lines = file.read_text("utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


@dataclass
class _Pending:
    file: InputFile
    handler: FormatHandler
    doc: Document | None  # None when a worker process read it (pass 2 reads it again)
    findings: list[Finding]
    learnt: FolderKnowledge


def run(
    files: list[InputFile],
    policy: Policy,
    engine: Engine,
    options: RunOptions,
    audit: AuditSink | None = None,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Process every file; a file that fails is reported by name and the rest still run.

    Pass 1 reads and analyses each file on its own; the names it learns are merged in file
    order; pass 2 finds later mentions of those names, decides, redacts and verifies. Results
    are the same whatever --jobs is.
    """
    jobs = max(1, min(options.jobs, len(files)))
    logged = _InFileOrder(files, audit)
    if files and (jobs > 1 or options.max_seconds):
        from redactor.parallel import run_in_workers

        # Audit records are written (in file order) while later files are still running.
        ordered = run_in_workers(files, policy, engine, options, jobs, progress, on_result=logged.add)
    else:
        ordered = _run_serial(files, policy, engine, options, progress)
    for i, result in enumerate(ordered):
        logged.add(i, result)
    if progress:
        progress("done", len(files), len(files))
    return ordered


class _InFileOrder:
    """Writes each file's audit record once it and every file before it have a result."""

    def __init__(self, files: list[InputFile], audit: AuditSink | None):
        self.files, self.audit = files, audit
        self.waiting: dict[int, FileResult] = {}
        self.next = 0

    def add(self, index: int, result: FileResult) -> None:
        if self.audit is None or index < self.next:
            return
        self.waiting[index] = result
        while self.next in self.waiting:
            self.audit.write_file(self.waiting.pop(self.next), input_root=str(self.files[self.next].root))
            self.next += 1


def _run_serial(files: list[InputFile], policy: Policy, engine: Engine, options: RunOptions, progress: Progress | None) -> list[FileResult]:
    results: dict[int, FileResult] = {}
    pending: list[tuple[int, _Pending]] = []
    for i, item in enumerate(files):
        if progress:
            progress("reading", i, len(files))
        outcome = guarded(item, lambda: read_and_detect(item, engine, policy, options))
        if isinstance(outcome, FileResult):
            results[i] = outcome
        else:
            pending.append((i, outcome))
    knowledge = merge_knowledge(policy, [p.learnt for _, p in pending])
    for n, (i, p) in enumerate(pending):
        if progress:
            progress("redacting" if options.redact else "checking", n, len(pending))
        results[i] = guarded(p.file, lambda: finish(p, policy, knowledge, options))
    return [results[i] for i in range(len(files))]


def guarded(item: InputFile, step: Callable):
    """Run one file's step; any failure becomes that file's one-line error, never a traceback."""
    try:
        return step()
    except RedactorError as exc:
        return _error(item, str(exc))
    except MemoryError:
        return _error(item, "could not be processed (out of memory)")
    except RecursionError:
        return _error(item, "could not be processed (structure nested too deeply)")
    except Exception as exc:  # a library choking on hostile input must not stop the folder
        return _error(item, f"could not be processed ({exc.__class__.__name__})")


def folder_knowledge(policy: Policy) -> FolderKnowledge:
    knowledge = FolderKnowledge()
    for name in policy.people.councillors:
        knowledge.councillors.add(name.casefold())
    for row in policy.directory_rows:
        name = row.get("name", "")
        if not name:
            continue
        if row.get("disclose", "").strip().lower() in ("yes", "y", "true", "1"):
            knowledge.disclosed.add(name.casefold())
        else:
            knowledge.add_person(name)
    return knowledge


def merge_knowledge(policy: Policy, learnt: list[FolderKnowledge]) -> FolderKnowledge:
    """The policy's people plus what every file taught, merged in file order (deterministic)."""
    merged = folder_knowledge(policy)
    for k in learnt:
        merged.councillors |= k.councillors
        merged.surnames |= k.surnames
        merged.given_names = merged.given_names or k.given_names
    for k in learnt:
        for key, name in k.people.items():
            if key not in merged.councillors and key not in merged.disclosed:
                merged.people.setdefault(key, name)
    return merged


@contextmanager
def fewer_full_collections():
    """While one file is processed, walk every live object (a full garbage collection) about once per
    7 million allocations, not every time the heap has grown by a quarter: a 400,000-cell workbook is
    millions of objects, and those walks cost a quarter of its time. Young garbage is still collected
    as usual. (Rarer still saved no more time and raised the peak.)"""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, max(old, 1000))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


def read_and_detect(item: InputFile, engine: Engine, policy: Policy, options: RunOptions, keep_doc: bool = True) -> _Pending:
    with fewer_full_collections():
        handler = handler_for(item.path)
        doc = handler.extract(item.path, options.read)
        learnt = folder_knowledge(policy)
        findings = detect_document(engine, doc, learnt)
    return _Pending(item, handler, doc if keep_doc else None, findings, learnt)


def finish(p: _Pending, policy: Policy, knowledge: FolderKnowledge, options: RunOptions) -> FileResult:
    with fewer_full_collections():
        return _finish(p, policy, knowledge, options)


def _finish(p: _Pending, policy: Policy, knowledge: FolderKnowledge, options: RunOptions) -> FileResult:
    if p.doc is None:
        p.doc = p.handler.extract(p.file.path, options.read)
    # A name another file showed to be a councillor's is kept here too.
    p.findings = [f for f in p.findings if not (f.entity == "PERSON" and f.text.casefold() in knowledge.councillors)]
    taken: dict[int, list[tuple[int, int]]] = {}
    for f in p.findings:
        if f.hidden_item is None:
            taken.setdefault(f.segment, []).append((0, len(p.doc.segments[f.segment].text)) if f.whole_segment else (f.start, f.end))
    findings = p.findings + mention_findings(p.doc, knowledge, taken)
    decisions = decide(policy, p.doc, findings, options.key, knowledge)
    result = FileResult(
        path=p.file.rel.as_posix(),
        status=Status.CLEAN,
        decisions=decisions,
        input_sha256=sha256_file(p.file.path),
        notes=list(p.doc.notes),
        format=p.handler.name,
    )
    needs_action = [d for d in decisions if d.action is not Action.KEEP]
    if not options.redact:
        result.status = Status.FINDINGS if needs_action else Status.CLEAN
        return result
    unexamined = [d for d in decisions if d.finding.entity in UNEXAMINED and d.action is not Action.KEEP]
    if unexamined:
        # Fail closed: content nobody could read cannot be proved clean, so nothing is written.
        where = ", ".join(str(d.location) for d in unexamined[:3]) + (" ..." if len(unexamined) > 3 else "")
        result.status = Status.ERROR
        result.error = (f"{len(unexamined)} image-only page(s) not examined (no OCR): {where}; no output written "
                        "(policy hidden_data IMAGE_ONLY_PAGE: keep releases them unexamined)")
        return result
    assert options.out_dir is not None
    target = options.out_dir / p.file.rel
    write_verified(p, decisions, target, options, result)
    return result


# Hidden items that mark content the tool could not read at all.
UNEXAMINED = frozenset({"IMAGE_ONLY_PAGE"})


def write_verified(p: _Pending, decisions: list[Decision], target: Path, options: RunOptions, result: FileResult) -> None:
    """Write to a temp file beside the target, verify it, and only then rename it into place.

    The temp file sits in a private folder named after the target (.NAME.*.part), so whatever a
    writer leaves there, or a worker killed mid-write, is removed with the folder.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    tmp = work / target.name
    try:
        # The spans are worked out once: the writer and the verifier's expectations both need them.
        spans = redaction_spans(decisions)
        written = p.handler.redact(p.doc, writer_decisions(decisions, spans), tmp, options.read)
        result.notes += [f"removed: {r}" for r in written.removed] + [f"warning: {w}" for w in written.warnings]
        expected, _skipped = expectations(p.doc, decisions, spans)
        try:
            problems = verify_output(p.handler, tmp, options.read, expected)
        except RedactorError as exc:
            problems = [f"output could not be re-read for verification ({exc})"]
        except Exception as exc:
            problems = [f"output could not be re-read for verification ({exc.__class__.__name__})"]
        result.residue = problems
        result.verified = not problems
        if problems:
            # Fail closed: an output we cannot prove clean is never put where it could be sent.
            result.status = Status.ERROR
            result.error = f"verification failed: {problems[0]}" + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
            return
        result.output_sha256 = sha256_file(tmp)
        os.replace(tmp, target)
        result.output = target.as_posix()
        result.status = Status.REDACTED
    finally:
        shutil.rmtree(work, ignore_errors=True)


def writer_decisions(decisions: list[Decision],
                     spans: dict[int, list[tuple[int, int, Decision]]] | None = None) -> list[Decision]:
    """What a format writer needs: non-overlapping redactions per segment, plus hidden-item actions.

    spans: redaction_spans(decisions) when the caller already has them.
    """
    out: list[Decision] = [d for d in decisions if d.finding.hidden_item is not None]
    if spans is None:
        spans = redaction_spans(decisions)
    for seg_id, seg_spans in spans.items():
        if any(d.finding.whole_segment for _, _, d in seg_spans):
            whole = next(d for _, _, d in seg_spans if d.finding.whole_segment)
            out.append(whole)
            continue
        for s, e, d in seg_spans:
            if (s, e) == (d.finding.start, d.finding.end):
                out.append(d)
            else:
                f = d.finding
                merged = Finding(f.segment, s, e, f.entity, f.score, f.rule, f.recognizer, "", whole_segment=False)
                out.append(Decision(merged, d.action, d.exemption, d.label, d.reason, d.value_hash, d.location, fingerprint=d.fingerprint))
    return out


def _error(item: InputFile, reason: str) -> FileResult:
    return FileResult(path=item.rel.as_posix(), status=Status.ERROR, error=reason.splitlines()[0] if reason else "failed")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def exit_code(results: list[FileResult], redact: bool) -> int:
    """3 if any file failed, else 1 if anything needs action (check) or failed verification, else 0."""
    if any(r.status is Status.ERROR and r.verified is not False for r in results):
        return 3
    if any(r.verified is False for r in results):
        return 1
    if not redact and any(r.status is Status.FINDINGS for r in results):
        return 1
    return 0

