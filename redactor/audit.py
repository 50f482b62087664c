"""The tamper-evident audit log: hash-chained JSON lines that never hold a redacted value or document text."""
from __future__ import annotations

import hashlib
import json
import os
import shlex
import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from redactor.errors import FileProcessingError
from redactor.hashing import HashKey
from redactor.models import Action, Decision, FileResult, Location
from redactor.policy import Policy

GENESIS = "0" * 64
AUDIT_VERSION = 1
# The values of these options are secrets or the very values being withheld, so they never reach the log.
SECRET_OPTIONS = ("--allow", "-a", "--password", "--passwords")
MODES = ("check", "redact")
RECORD_TYPES = ("run-start", "decision", "file", "run")
# Actions that withhold something from the release; what the totals per exemption count.
_WITHHELD = (Action.REDACT.value, Action.REMOVE.value)
HIDDEN_DATA = "hidden-data"  # the pseudo-exemption decide.py gives hidden-data decisions

Clock = Callable[[], datetime]


# --- canonical form and hashes -------------------------------------------------------------------


# Built once: json.dumps with options builds an encoder per call, and a register logs 175,000 records.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical(record: dict[str, Any]) -> str:
    """The one JSON spelling of a record: the hashes are computed over exactly this text."""
    return _CANONICAL.encode(record)


def hashed_line(record: dict[str, Any]) -> str:
    """canonical() of the record with its "hash" added, encoding the record once instead of twice.

    The members whose keys sort before "hash" and those after are encoded apart; joined they are
    exactly canonical(record) (what the hash covers), and with the hash member between them exactly
    the line.
    """
    before = canonical({k: v for k, v in record.items() if k < "hash"})[1:-1]
    after = canonical({k: v for k, v in record.items() if k > "hash"})[1:-1]
    digest = _sha256("{" + ",".join(p for p in (before, after) if p) + "}")
    return "{" + ",".join(p for p in (before, f'"hash":"{digest}"', after) if p) + "}"


def record_hash(record: dict[str, Any]) -> str:
    return _sha256(canonical({k: v for k, v in record.items() if k != "hash"}))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _system_clock() -> datetime:
    return datetime.now(timezone.utc)


# --- the command line, without secrets ----------------------------------------------------------


def safe_command(argv: str | Sequence[str], secret_options: Sequence[str] = SECRET_OPTIONS) -> str:
    """The command line with the value of every secret option replaced by '***'."""
    if isinstance(argv, str):
        try:
            words = shlex.split(argv)
        except ValueError:  # unbalanced quotes: still scrub what we can
            words = argv.split()
    else:
        words = [str(w) for w in argv]
    out: list[str] = []
    hide_next = False
    for word in words:
        if hide_next:
            out.append("***")
            hide_next = False
            continue
        name, eq, _ = word.partition("=")
        if name in secret_options:
            out.append(f"{name}=***" if eq else name)
            hide_next = not eq
            continue
        out.append(word)
    return shlex.join(out)


def mode_of(command: str) -> str:
    """'check' or 'redact' when the command names one of them, else ''."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    return next((w for w in words[1:] if w in MODES), "")


# --- records ---------------------------------------------------------------------------------------


def _enum_value(value: Any) -> Any:
    return getattr(value, "value", value)


def location_record(location: Location | None) -> dict[str, Any]:
    """A location as stored in logs and reports: its fields plus the text a reviewer reads."""
    loc = location or Location()
    return {**loc.to_dict(), "text": str(loc)}


def decision_record(file: str, decision: Decision) -> dict[str, Any]:
    # Only the finding's metadata is read: its `text` is the withheld value and must not be logged.
    finding = decision.finding
    return {
        "type": "decision",
        "file": file,
        "location": location_record(decision.location),
        "entity": finding.entity,
        "exemption": decision.exemption,
        "action": _enum_value(decision.action),
        "label": decision.label,
        "rule": finding.rule,
        "score": round(float(finding.score), 4),
        "recognizer": finding.recognizer,
        "value_hash": decision.value_hash,
        "reason": decision.reason,
        "whole_segment": bool(finding.whole_segment),
        "hidden": finding.hidden_item is not None,
    }


def _policy_exemptions(policy: Policy) -> dict[str, dict[str, Any]]:
    # Copied into the log so a report written later explains the exemptions as they stood for this run.
    return {code: text.model_dump() for code, text in policy.exemptions.items()}


# --- the writer ------------------------------------------------------------------------------------


class AuditWriter:
    """Appends one run to an audit log: a run-start record, per-file records, and a closing run record.

    Use as a context manager, or call close(); every write_file is flushed and fsynced.
    """

    def __init__(
        self,
        path: Path,
        *,
        hash_key: HashKey,
        policy: Policy,
        tool_version: str,
        reviewer: str,
        command: str | Sequence[str],
        run_id: str | None = None,
        mode: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.path = Path(path)
        self.run_id = run_id or uuid.uuid4().hex
        self._clock = clock or _system_clock
        self._policy = policy
        self._tool_version = tool_version
        self._reviewer = reviewer
        self._started = utc_iso(self._clock())
        self._totals: Counter[str] = Counter()
        self._statuses: Counter[str] = Counter()
        self._actions: Counter[str] = Counter()
        self._exemptions: Counter[str] = Counter()
        self._closed = False
        self._mutex = threading.Lock()  # write_file may be called from the pipeline's worker threads
        safe = safe_command(command)
        self._fh = self._open()
        try:
            self._seq, self._prev = _chain_tail(self._fh, self.path)
            self._append(
                [
                    {
                        "type": "run-start",
                        "audit_version": AUDIT_VERSION,
                        "run_id": self.run_id,
                        "tool_version": tool_version,
                        "policy": {"name": policy.name, "source": policy.source, "sha256": policy.sha256},
                        "exemptions": _policy_exemptions(policy),
                        "key_id": hash_key.key_id,
                        "key_source": hash_key.source,
                        "reviewer": reviewer,
                        "command": safe,
                        "mode": mode if mode is not None else mode_of(safe),
                        "time": self._started,
                    }
                ]
            )
        except BaseException:
            self._release()
            raise

    @property
    def last_hash(self) -> str:
        """sha256 of the last line written: publish it to anchor the chain outside the file."""
        return self._prev

    def write_file(self, result: FileResult, *, input_root: str = "") -> None:
        """Append one record per decision, then the file record, and fsync."""
        records = [decision_record(result.path, d) for d in result.decisions]
        with self._mutex:
            if self._closed:
                raise ValueError("audit log already closed")
            records.append(self._file_record(result, input_root))
            self._append(records)
            self._count(result)

    def close(self, *, complete: bool = True) -> None:
        """Write the closing run record with totals; `complete=False` marks an interrupted run."""
        with self._mutex:
            if self._closed:
                return
            try:
                self._append([self._run_record(complete)])
            finally:
                self._release()

    def __enter__(self) -> "AuditWriter":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.close(complete=exc_type is None)

    # -- internals --

    def _open(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(self.path, "ab+")
        except OSError as exc:
            raise FileProcessingError(f"cannot open audit log {self.path}: {exc.strerror or exc}") from None
        _lock(fh, self.path)
        return fh

    def _release(self) -> None:
        self._closed = True
        try:
            _unlock(self._fh)
        finally:
            self._fh.close()

    def _append(self, records: list[dict[str, Any]]) -> None:
        lines = []
        seq, prev = self._seq, self._prev
        for record in records:
            line = hashed_line({**record, "run_id": self.run_id, "seq": seq, "prev": prev})
            lines.append(line + "\n")
            seq, prev = seq + 1, _sha256(line)
        try:
            self._fh.write("".join(lines).encode("utf-8"))
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise FileProcessingError(f"cannot write audit log {self.path}: {exc.strerror or exc}") from None
        self._seq, self._prev = seq, prev

    def _file_record(self, result: FileResult, input_root: str) -> dict[str, Any]:
        return {
            "type": "file",
            "path": result.path,
            "input_root": input_root,
            "output": result.output,
            "status": _enum_value(result.status),
            "format": result.format,
            "input_sha256": result.input_sha256,
            "output_sha256": result.output_sha256,
            "verified": result.verified,
            "residue": len(result.residue),
            "error": result.error,
            "notes": list(result.notes),
            "decisions": len(result.decisions),
            "policy": {"name": self._policy.name, "sha256": self._policy.sha256},
            "tool_version": self._tool_version,
            "reviewer": self._reviewer,
            "time": utc_iso(self._clock()),
        }

    def _count(self, result: FileResult) -> None:
        self._totals["files"] += 1
        self._totals["decisions"] += len(result.decisions)
        self._totals["residue"] += len(result.residue)
        self._totals["verified"] += result.verified is True
        self._totals["unverified"] += result.verified is False
        self._statuses[_enum_value(result.status)] += 1
        for d in result.decisions:
            action = _enum_value(d.action)
            self._actions[action] += 1
            if action in _WITHHELD and d.exemption and d.exemption != HIDDEN_DATA:
                self._exemptions[d.exemption] += 1

    def _run_record(self, complete: bool) -> dict[str, Any]:
        return {
            "type": "run",
            "complete": complete,
            "started": self._started,
            "time": utc_iso(self._clock()),
            "files": self._totals["files"],
            "decisions": self._totals["decisions"],
            "verified": self._totals["verified"],
            "unverified": self._totals["unverified"],
            "residue": self._totals["residue"],
            "statuses": dict(sorted(self._statuses.items())),
            "actions": dict(sorted(self._actions.items())),
            "exemptions": dict(sorted(self._exemptions.items())),
        }


def _lock(fh, path: Path) -> None:
    # Two runs appending at once would interleave their chains; refuse rather than corrupt.
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locking available
        return
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise FileProcessingError(f"audit log {path} is in use by another run") from None


def _unlock(fh) -> None:
    try:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except (ImportError, OSError, ValueError):
        pass


def _chain_tail(fh, path: Path) -> tuple[int, str]:
    """The next seq and prev hash for a log, continuing from its last line."""
    line = _last_line(fh)
    if line is None:
        return 0, GENESIS
    try:
        text = line.decode("utf-8")
        seq = json.loads(text)["seq"]
        if not isinstance(seq, int):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise FileProcessingError(
            f"audit log {path}: its last line is not a complete audit record; refusing to append"
        ) from None
    return seq + 1, _sha256(text)


def _last_line(fh, block: int = 65536) -> bytes | None:
    """The last line of the file without its newline, read from the end (logs can be large).

    A file that does not end with a newline had a write cut short; b"" makes the caller refuse it.
    """
    end = fh.seek(0, os.SEEK_END)
    if end == 0:
        return None
    pos, tail = end, b""
    while pos > 0 and b"\n" not in tail[:-1]:
        step = min(block, pos)
        pos -= step
        fh.seek(pos)
        tail = fh.read(step) + tail
    fh.seek(0, os.SEEK_END)
    if not tail.endswith(b"\n"):
        return b""
    return tail[:-1].rsplit(b"\n", 1)[-1]


# --- verification --------------------------------------------------------------------------------


def read_lines(path: Path) -> tuple[list[str], bool]:
    """The lines of a log and whether the file ends with a newline; FileProcessingError if unreadable."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise FileProcessingError(f"cannot read audit log {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise FileProcessingError(f"audit log {path} is not UTF-8 text") from None
    if not text:
        return [], True
    ends = text.endswith("\n")
    lines = text.split("\n")
    if ends:
        lines.pop()
    return lines, ends


def verify_log(path: Path) -> list[str]:
    """Every integrity problem in a log, each naming the line and seq; [] when the chain is intact."""
    lines, ends_with_newline = read_lines(path)
    if not lines:
        return ["the audit log is empty: it holds no records"]
    checker = _ChainChecker()
    for number, line in enumerate(lines, 1):
        checker.check(number, line)
    if not ends_with_newline:
        checker.problems.append(f"line {len(lines)}: the last record is not terminated (a write was cut short)")
    checker.finish(len(lines))
    return checker.problems


@dataclass
class _OpenRun:
    run_id: str
    line: int
    files: int = 0
    decisions: int = 0
    pending: Counter[str] = field(default_factory=Counter)  # decisions seen per file, awaiting its record


class _ChainChecker:
    """Walks a log line by line: hash of each record, link to the previous line, seq, run structure."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.prev = GENESIS
        self.expected_seq = 0
        self.run: _OpenRun | None = None

    def check(self, number: int, line: str) -> None:
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError
        except ValueError:
            self.problems.append(f"line {number}: not a JSON audit record")
            self.prev, self.expected_seq = _sha256(line), self.expected_seq + 1
            return
        seq = record.get("seq")
        name = f"line {number} (seq {seq})"
        if record.get("hash") != record_hash(record):
            self.problems.append(f"{name}: record was edited (its hash does not match its content)")
        if record.get("prev") != self.prev:
            self.problems.append(
                f"{name}: does not follow line {number - 1} (a record before it was edited, removed, inserted or moved)"
                if number > 1
                else f"{name}: is not the start of a chain (records before it were removed)"
            )
        if seq != self.expected_seq:
            self.problems.append(f"{name}: expected seq {self.expected_seq} (a record was removed, inserted or moved)")
        self.expected_seq = (seq if isinstance(seq, int) else self.expected_seq) + 1
        self.prev = _sha256(line)
        self._structure(name, number, record)

    def _structure(self, name: str, number: int, record: dict[str, Any]) -> None:
        kind, run_id = record.get("type"), record.get("run_id")
        if kind not in RECORD_TYPES:
            self.problems.append(f"{name}: unknown record type {kind!r}")
            return
        if kind == "run-start":
            self._unclosed(number)
            self.run = _OpenRun(run_id=str(run_id), line=number)
            return
        if self.run is None or run_id != self.run.run_id:
            self.problems.append(f"{name}: {kind} record outside its run (run-start missing or moved)")
            return
        if kind == "decision":
            self.run.decisions += 1
            self.run.pending[str(record.get("file"))] += 1
        elif kind == "file":
            self.run.files += 1
            seen = self.run.pending.pop(str(record.get("path")), 0)
            if record.get("decisions") != seen:
                self.problems.append(
                    f"{name}: file record counts {record.get('decisions')} decisions but {seen} precede it"
                )
        else:
            self._close_run(name, record)

    def _close_run(self, name: str, record: dict[str, Any]) -> None:
        assert self.run is not None
        for key, seen in (("files", self.run.files), ("decisions", self.run.decisions)):
            if record.get(key) != seen:
                self.problems.append(f"{name}: run record counts {record.get(key)} {key} but the log holds {seen}")
        self.run = None

    def _unclosed(self, number: int) -> None:
        if self.run is not None:
            self.problems.append(
                f"line {number}: run {self.run.run_id} (from line {self.run.line}) has no closing run record"
                " (interrupted, or records were removed)"
            )

    def finish(self, last_line: int) -> None:
        if self.run is not None:
            self.problems.append(
                f"line {last_line}: the log ends inside run {self.run.run_id} (from line {self.run.line}):"
                " the run was interrupted or records were removed from the end"
            )


# --- reading a log back for reports --------------------------------------------------------------


@dataclass
class AuditDecision:
    file: str
    location: dict[str, Any]
    entity: str
    exemption: str
    action: str
    rule: str
    score: float
    recognizer: str
    value_hash: str
    reason: str
    label: str
    hidden: bool
    seq: int

    @property
    def where(self) -> str:
        return str(self.location.get("text", "file"))


@dataclass
class AuditFile:
    path: str
    status: str
    output: str | None = None
    input_root: str = ""
    format: str | None = None
    input_sha256: str | None = None
    output_sha256: str | None = None
    verified: bool | None = None
    residue: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    reviewer: str = ""
    time: str = ""
    decisions: list[AuditDecision] = field(default_factory=list)

    def withheld(self) -> list[AuditDecision]:
        return [d for d in self.decisions if d.action in _WITHHELD]


@dataclass
class AuditRun:
    run_id: str
    tool_version: str = ""
    policy_name: str = ""
    policy_source: str = ""
    policy_sha256: str = ""
    exemptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    key_id: str = ""
    key_source: str = ""
    reviewer: str = ""
    command: str = ""
    mode: str = ""
    started: str = ""
    finished: str | None = None
    complete: bool = False  # a closing run record says the run finished normally
    files: list[AuditFile] = field(default_factory=list)

    def decisions(self) -> list[AuditDecision]:
        return [d for f in self.files for d in f.decisions]


@dataclass
class AuditReport:
    """A log read back: its runs in order, and the integrity problems verify_log found."""

    path: str
    runs: list[AuditRun] = field(default_factory=list)
    integrity_problems: list[str] = field(default_factory=list)
    head_hash: str = ""  # sha256 of the last line: compare with the value published at the time

    def run(self, run_id: str | None = None) -> AuditRun | None:
        """The named run, or the last one."""
        if run_id is None:
            return self.runs[-1] if self.runs else None
        return next((r for r in self.runs if r.run_id == run_id), None)


def load_audit(path: Path) -> AuditReport:
    """Read a log into runs → files → decisions; integrity problems are reported, not raised."""
    lines, _ = read_lines(path)
    report = AuditReport(path=str(path), integrity_problems=verify_log(path))
    report.head_hash = _sha256(lines[-1]) if lines else ""
    current: AuditRun | None = None
    pending: dict[str, list[AuditDecision]] = {}
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        kind = record.get("type")
        if kind == "run-start":
            current, pending = _run_from(record), {}
            report.runs.append(current)
        elif current is None:
            continue
        elif kind == "decision":
            decision = _decision_from(record)
            pending.setdefault(decision.file, []).append(decision)
        elif kind == "file":
            audit_file = _file_from(record)
            audit_file.decisions = pending.pop(audit_file.path, [])
            current.files.append(audit_file)
        elif kind == "run":
            current.finished = record.get("time")
            current.complete = bool(record.get("complete"))
    return report


def _run_from(record: dict[str, Any]) -> AuditRun:
    policy = record.get("policy") or {}
    return AuditRun(
        run_id=str(record.get("run_id", "")),
        tool_version=str(record.get("tool_version", "")),
        policy_name=str(policy.get("name", "")),
        policy_source=str(policy.get("source", "")),
        policy_sha256=str(policy.get("sha256", "")),
        exemptions=dict(record.get("exemptions") or {}),
        key_id=str(record.get("key_id", "")),
        key_source=str(record.get("key_source", "")),
        reviewer=str(record.get("reviewer", "")),
        command=str(record.get("command", "")),
        mode=str(record.get("mode", "")),
        started=str(record.get("time", "")),
    )


def _decision_from(record: dict[str, Any]) -> AuditDecision:
    return AuditDecision(
        file=str(record.get("file", "")),
        location=dict(record.get("location") or {}),
        entity=str(record.get("entity", "")),
        exemption=str(record.get("exemption", "")),
        action=str(record.get("action", "")),
        rule=str(record.get("rule", "")),
        score=float(record.get("score") or 0.0),
        recognizer=str(record.get("recognizer", "")),
        value_hash=str(record.get("value_hash", "")),
        reason=str(record.get("reason", "")),
        label=str(record.get("label", "")),
        hidden=bool(record.get("hidden")),
        seq=int(record.get("seq", -1)),
    )


def _file_from(record: dict[str, Any]) -> AuditFile:
    return AuditFile(
        path=str(record.get("path", "")),
        status=str(record.get("status", "")),
        output=record.get("output"),
        input_root=str(record.get("input_root", "")),
        format=record.get("format"),
        input_sha256=record.get("input_sha256"),
        output_sha256=record.get("output_sha256"),
        verified=record.get("verified"),
        residue=int(record.get("residue") or 0),
        error=record.get("error"),
        notes=[str(n) for n in record.get("notes") or []],
        reviewer=str(record.get("reviewer", "")),
        time=str(record.get("time", "")),
    )


__all__ = [
    "AuditDecision",
    "AuditFile",
    "AuditReport",
    "AuditRun",
    "AuditWriter",
    "GENESIS",
    "canonical",
    "load_audit",
    "location_record",
    "record_hash",
    "safe_command",
    "verify_log",
]
