"""Accepted findings a CI gate may commit: each keyed by content fingerprint, justified, approved and dated."""
from __future__ import annotations

import datetime as dt
import fnmatch
import glob
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping, Sequence

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from redactor.errors import PolicyError
from redactor.models import Action, Decision, FileResult, Status

DEFAULT_NAME = ".redactor-suppressions.yaml"
SUPPRESSIONS_FILE = DEFAULT_NAME  # the name cli.py imports
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_HEADER = """\
# Accepted findings for `redactor check`.
# Each entry suppresses one value, identified by a one-way fingerprint of its content (never the
# value itself), optionally only in files matching `file` (a glob). An entry stops suppressing
# after `expires`, and an expired entry makes `redactor check` fail until it is renewed or removed.
"""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RawEntry(_Strict):
    fingerprint: str = Field(pattern=r"^fp:[0-9a-f]{32}$")
    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    file: str | None = Field(default=None, min_length=1)
    reason: str = Field(min_length=3)
    approved_by: str = Field(min_length=1)
    expires: dt.date

    @field_validator("expires", mode="before")
    @classmethod
    def _iso_date_only(cls, value: Any) -> Any:
        # pydantic would also read numbers as timestamps; a reviewer must write a calendar date.
        if isinstance(value, dt.datetime):
            raise ValueError("give a date as YYYY-MM-DD, without a time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _DATE.fullmatch(value.strip()):
            return value.strip()
        raise ValueError("give a date as YYYY-MM-DD")


class RawSuppressions(_Strict):
    version: Literal[1] = 1
    suppressions: list[RawEntry] = []


@dataclass(frozen=True)
class Entry:
    """One accepted finding. `number` is its 1-based position in `source`, for messages."""

    fingerprint: str
    entity: str
    reason: str
    approved_by: str
    expires: dt.date
    file: str | None = None
    number: int = 0
    source: str = ""

    def is_expired(self, today: dt.date) -> bool:
        # `expires` is the last day the entry still suppresses.
        return today > self.expires

    def covers(self, entity: str, fp: str, file_path: str) -> bool:
        return entity == self.entity and fp == self.fingerprint and (self.file is None or _glob_match(file_path, self.file))

    @property
    def ref(self) -> str:
        return f"{self.source or 'suppressions'} entry {self.number}"

    def describe(self) -> str:
        scope = f" in {self.file}" if self.file else ""
        return f"{self.ref}: {self.entity} {self.fingerprint}{scope}, approved by {self.approved_by}, expires {self.expires}"

    def to_yaml_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"fingerprint": self.fingerprint, "entity": self.entity}
        if self.file:
            data["file"] = self.file
        data.update(reason=self.reason, approved_by=self.approved_by, expires=self.expires)
        return data


def _normal_path(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def _glob_match(file_path: str, pattern: str) -> bool:
    """fnmatch on the relative path; a pattern without '/' also matches the file name alone."""
    path, pattern = _normal_path(file_path), _normal_path(pattern)
    if fnmatch.fnmatchcase(path, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)


@dataclass
class SuppressionOutcome:
    """What apply() did: the results with suppressed decisions turned into KEEP, and the data for the gate."""

    results: list[FileResult]
    suppressed: dict[str, int]  # per entity
    expired: list[Entry]  # these must make `check` fail
    unused: list[Entry]

    @property
    def suppressed_total(self) -> int:
        return sum(self.suppressed.values())


class Suppressions:
    """The entries of one suppressions file, and which of them this run has used."""

    def __init__(self, entries: Sequence[Entry] = (), source: str = "") -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.source = source
        self._touched: set[int] = set()  # indices matched this run, expired or not

    def __len__(self) -> int:
        return len(self.entries)

    def match(self, entity: str, fp: str, file_path: str, today: dt.date) -> Entry | None:
        """The live entry that suppresses this value in this file, or None; expired entries never do."""
        found: Entry | None = None
        for index, entry in enumerate(self.entries):
            if entry.covers(entity, fp, file_path):
                self._touched.add(index)
                if found is None and not entry.is_expired(today):
                    found = entry
        return found

    def expired(self, today: dt.date) -> list[Entry]:
        return [e for e in self.entries if e.is_expired(today)]

    def unused(self) -> list[Entry]:
        """Entries that matched nothing so far in this run (candidates for removal)."""
        return [e for i, e in enumerate(self.entries) if i not in self._touched]

    def apply(
        self,
        file_results: Iterable[FileResult],
        fingerprints_by_decision: Mapping[int, str] | None,
        today: dt.date,
    ) -> SuppressionOutcome:
        """Turn suppressed decisions into KEEP (with the entry as the reason) and re-derive FINDINGS → CLEAN.

        A decision's fingerprint is `fingerprints_by_decision[id(decision)]` or else `decision.fingerprint`.
        """
        fps = fingerprints_by_decision or {}
        suppressed: Counter[str] = Counter()
        results = []
        for result in file_results:
            decisions = [self._suppress(d, fps, result.path, today, suppressed) for d in result.decisions]
            status = result.status
            if status == Status.FINDINGS and decisions and all(d.action == Action.KEEP for d in decisions):
                status = Status.CLEAN
            results.append(replace(result, decisions=decisions, status=status))
        return SuppressionOutcome(results, dict(sorted(suppressed.items())), self.expired(today), self.unused())

    def _suppress(
        self, decision: Decision, fps: Mapping[int, str], path: str, today: dt.date, counts: Counter[str]
    ) -> Decision:
        fp = fps.get(id(decision)) or decision.fingerprint
        if decision.action == Action.KEEP or not fp:
            return decision
        entry = self.match(decision.finding.entity, fp, path, today)
        if entry is None:
            return decision
        counts[decision.finding.entity] += 1
        reason = f"suppressed by {entry.ref}: {entry.reason} (approved by {entry.approved_by}, until {entry.expires})"
        return replace(decision, action=Action.KEEP, reason=reason, fingerprint=fp)


# --- reading -------------------------------------------------------------------------------------


def find_suppressions(folder: Path) -> Path | None:
    """The default suppressions file of a checked folder, if there is one."""
    candidate = Path(folder) / DEFAULT_NAME
    return candidate if candidate.is_file() else None


def load_suppressions(path: Path) -> Suppressions:
    """Read and validate a suppressions file; PolicyError names the file, entry and key on any problem."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{source}: suppressions file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{source}: cannot read suppressions file ({exc.__class__.__name__})") from None
    return parse_suppressions(text, source)


def parse_suppressions(text: str, source: str) -> Suppressions:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark else ""
        raise PolicyError(f"{source}:{where} is not valid YAML") from None
    if data is None:
        return Suppressions((), source)
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: must be a mapping with a 'suppressions' list")
    try:
        raw = RawSuppressions.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(_format_error(exc, source)) from None
    entries = [
        Entry(e.fingerprint, e.entity, e.reason, e.approved_by, e.expires, e.file, number, source)
        for number, e in enumerate(raw.suppressions, 1)
    ]
    _reject_duplicates(entries, source)
    return Suppressions(entries, source)


def _format_error(exc: ValidationError, source: str) -> str:
    first = exc.errors()[0]
    loc = list(first["loc"])
    if len(loc) >= 2 and loc[0] == "suppressions" and isinstance(loc[1], int):
        where = f"entry {loc[1] + 1}" + "".join(f": {part}" for part in loc[2:])
    else:
        where = ".".join(str(p) for p in loc) or "(top level)"
    msg = first["msg"].removeprefix("Value error, ")
    if first["type"] == "string_pattern_mismatch":
        msg = {
            "fingerprint": "must look like fp:<32 hex digits> (as printed by redactor check)",
            "entity": "must be an UPPER_SNAKE_CASE entity name such as PERSON",
        }.get(str(loc[-1]), msg)
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{source}: {where}: {msg}{more}"


def _reject_duplicates(entries: list[Entry], source: str) -> None:
    seen: dict[tuple[str, str, str | None], int] = {}
    for entry in entries:
        key = (entry.entity, entry.fingerprint, entry.file)
        if key in seen:
            raise PolicyError(f"{source}: entry {entry.number} duplicates entry {seen[key]}")
        seen[key] = entry.number


# --- writing (redactor check --baseline) -----------------------------------------------------------


def baseline_entries(
    file_results: Iterable[FileResult],
    *,
    approved_by: str,
    reason: str,
    expires: dt.date,
    fingerprints_by_decision: Mapping[int, str] | None = None,
    per_file: bool = True,
) -> list[Entry]:
    """One entry per distinct value still reported (not KEEP); scoped to its file unless per_file=False.

    Decisions without a fingerprint cannot be baselined and are skipped.
    """
    fps = fingerprints_by_decision or {}
    entries: dict[tuple[str, str, str | None], Entry] = {}
    for result in file_results:
        scope = glob.escape(_normal_path(result.path)) if per_file else None
        for decision in result.decisions:
            fp = fps.get(id(decision)) or decision.fingerprint
            if decision.action == Action.KEEP or not fp:
                continue
            key = (decision.finding.entity, fp, scope)
            entries.setdefault(key, Entry(fp, decision.finding.entity, reason, approved_by, expires, scope))
    return list(entries.values())


class _PlainDumper(yaml.SafeDumper):
    """Never writes &anchors/*aliases (entries sharing one expiry date would get them): people edit this file."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_suppressions(entries: Iterable[Entry]) -> str:
    body = {"version": 1, "suppressions": [e.to_yaml_dict() for e in entries]}
    return _HEADER + yaml.dump(body, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, default_flow_style=False)


def write_suppressions(path: Path, entries: Iterable[Entry], *, existing: Suppressions | None = None) -> list[Entry]:
    """Write existing entries plus the new ones not already present; returns the entries added.

    The file is replaced atomically so an interrupted write never leaves half a file in the repository.
    """
    path = Path(path)
    kept = list(existing.entries) if existing else []
    present = {(e.entity, e.fingerprint, e.file) for e in kept}
    added = [e for e in entries if (e.entity, e.fingerprint, e.file) not in present]
    text = dump_suppressions(kept + added)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".suppressions-", suffix=".tmp", dir=path.parent or Path("."))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise PolicyError(f"{path}: cannot write suppressions file ({exc.strerror or exc})") from None
    return added


@dataclass(frozen=True)
class BaselineRequest:
    """`check --baseline FILE`: accept every finding still reported, on someone's authority, until a date."""

    path: Path
    approved_by: str
    reason: str
    expires: dt.date

    @classmethod
    def parse(
        cls, path: Path, approved_by: str | None, reason: str | None, expires: dt.date | None, today: dt.date
    ) -> "BaselineRequest":
        """Validate the options before the run, so a mistake costs nothing; PolicyError says what is wrong."""
        missing = [name for name, value in (("--approved-by", approved_by), ("--reason", reason), ("--expires", expires)) if not value]
        if missing:
            raise PolicyError(f"--baseline needs {', '.join(missing)}: an accepted finding must say who approved it, why, and until when")
        assert approved_by is not None and reason is not None and expires is not None
        try:
            RawEntry(fingerprint="fp:" + "0" * 32, entity="PERSON", reason=reason, approved_by=approved_by, expires=expires)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise PolicyError(f"--{str(first['loc'][-1]).replace('_', '-')}: {first['msg'].removeprefix('Value error, ')}") from None
        if expires < today:
            raise PolicyError(f"--expires {expires} is in the past: the entries would fail the check at once")
        return cls(Path(path), approved_by.strip(), reason.strip(), expires)


@dataclass
class BaselineOutcome:
    suppressions: Suppressions  # what to apply to this run now: the active entries plus the file's
    added: list[Entry]
    not_accepted: int  # findings without a fingerprint (hidden data): only redaction clears them


def write_baseline(request: BaselineRequest, file_results: Iterable[FileResult], active: Suppressions | None) -> BaselineOutcome:
    """Add an entry to request.path for each finding still reported, keeping the entries already there.

    `file_results` are this run's results with the active suppressions applied (so what they already
    accept is not added twice). The returned suppressions are fresh, so unused entries are counted anew.
    """
    results = list(file_results)
    target = request.path
    same_file = active is not None and _same_path(active.source, target)
    existing = active if same_file else (load_suppressions(target) if target.exists() else None)
    entries = baseline_entries(results, approved_by=request.approved_by, reason=request.reason, expires=request.expires)
    added = write_suppressions(target, entries, existing=existing)
    written = load_suppressions(target)
    others = list(active.entries) if active is not None and not same_file else []
    not_accepted = sum(d.action != Action.KEEP and not d.fingerprint for r in results for d in r.decisions)
    return BaselineOutcome(Suppressions(others + list(written.entries), written.source), added, not_accepted)


def _same_path(a: str, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


__all__ = [
    "BaselineOutcome",
    "BaselineRequest",
    "DEFAULT_NAME",
    "SUPPRESSIONS_FILE",
    "Entry",
    "SuppressionOutcome",
    "Suppressions",
    "baseline_entries",
    "dump_suppressions",
    "find_suppressions",
    "load_suppressions",
    "parse_suppressions",
    "write_baseline",
    "write_suppressions",
]
