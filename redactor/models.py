"""Plain data passed between the pipeline steps: locations, segments, findings, decisions, results."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum
from operator import attrgetter
from pathlib import Path
from typing import Any


def _pickled_as_arguments(cls):
    """Pickle a slotted dataclass as its constructor arguments: a workbook's 175,000 decisions go
    from a worker to the parent in half the time the generated __getstate__/__setstate__ take."""
    # attrgetter of several names returns their values as a tuple, in C: no generator per object.
    names = [f.name for f in fields(cls)]
    arguments = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def __reduce__(self):
        return cls, arguments(self)

    cls.__reduce__ = __reduce__
    return cls


# Slotted: a large workbook holds hundreds of thousands of these, and a __dict__ each doubles that.
@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of text lives in a file, in terms a reviewer can open the file at."""

    page: int | None = None  # 1-based PDF page
    sheet: str | None = None
    cell: str | None = None  # A1-style cell reference
    part: str | None = None  # zip part or PDF object, e.g. "word/document.xml", "metadata"
    line: int | None = None  # 1-based line in CSV/text
    column: int | None = None  # 1-based column in CSV
    index: int | None = None  # block / paragraph / box number within the page or part

    def __str__(self) -> str:
        bits: list[str] = []
        if self.page is not None:
            bits.append(f"page {self.page}")
        if self.sheet is not None:
            bits.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        elif self.cell is not None:
            bits.append(self.cell)
        if self.part is not None:
            bits.append(self.part)
        if self.line is not None:
            bits.append(f"line {self.line}")
        if self.column is not None:
            bits.append(f"col {self.column}")
        if self.index is not None:
            bits.append(f"#{self.index}")
        return " ".join(bits) or "file"

    def to_dict(self) -> dict[str, Any]:
        # __slots__ lists the fields in order; dataclasses.fields() per call cost seconds on 175,000 cells.
        return {name: value for name in self.__slots__ if (value := getattr(self, name)) is not None}


@dataclass(slots=True)
class TableCell:
    """Position of a segment inside a table grid (0-based row/col)."""

    table: str
    row: int
    col: int


@dataclass(slots=True)
class Segment:
    """A run of text the detectors look at, with the context the format knows about it.

    `where` names the place in the file (prose, table, header, footer, comment, metadata,
    annotation, formula, hyperlink, hidden-sheet, ...), mirroring the ICO checklist vocabulary.
    `ref` is private to the format handler (cell object, character boxes, XML node path...).
    """

    text: str
    location: Location
    where: str = "prose"
    cell: TableCell | None = None
    block: str | None = None  # paragraph/section grouping key for context spreading
    hidden: bool = False
    ref: Any = None
    id: int = -1  # index within Document.segments, set by Document.add
    row: str | None = None  # segments set side by side on one line: the cells of a table row drawn without rules


@dataclass
class HiddenItem:
    """Hidden or extra content the format found (a hidden sheet, a comment part, XMP...)."""

    entity: str  # HIDDEN_SHEET, COMMENT, METADATA, PIVOT_CACHE, FAKE_REDACTION, ...
    location: Location
    detail: str = ""  # description without any document text
    ref: Any = None


@dataclass
class Document:
    """What a format handler extracted from one file."""

    path: Path
    format: str
    segments: list[Segment] = field(default_factory=list)
    hidden: list[HiddenItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "page 3 is image-only: not examined"
    state: Any = None  # handler-private

    def add(self, seg: Segment) -> Segment:
        seg.id = len(self.segments)
        self.segments.append(seg)
        return seg

    def tables(self) -> dict[str, dict[tuple[int, int], Segment]]:
        grids: dict[str, dict[tuple[int, int], Segment]] = {}
        for seg in self.segments:
            if seg.cell is not None:
                grids.setdefault(seg.cell.table, {})[(seg.cell.row, seg.cell.col)] = seg
        return grids


class Action(str, Enum):
    REDACT = "redact"
    KEEP = "keep"
    FLAG = "flag"
    REMOVE = "remove"  # hidden-data items: drop the part


@_pickled_as_arguments
@dataclass(slots=True)
class Finding:
    """One detected value. `text` stays in memory only; it is never serialised."""

    segment: int  # Segment.id, or -1 for a hidden item
    start: int
    end: int
    entity: str
    score: float
    rule: str  # the signal that found it: ner, labelled-field, security-row, catalogue...
    recognizer: str
    text: str = field(repr=False, default="")
    whole_segment: bool = False  # redact the whole cell/segment, not just the span
    hidden_item: int | None = None  # index into Document.hidden


@_pickled_as_arguments
@dataclass(slots=True)
class Decision:
    finding: Finding
    action: Action
    exemption: str
    label: str
    reason: str = ""  # why kept/flagged, e.g. "allow: published switchboard"
    value_hash: str = ""
    location: Location | None = None
    fingerprint: str = ""  # hashing.fingerprint(entity, text): stable across runs, for suppressions


class Status(str, Enum):
    CLEAN = "clean"
    FINDINGS = "findings"
    REDACTED = "redacted"
    ERROR = "error"


@dataclass
class FileResult:
    path: str  # as given relative to the input root, for display
    status: Status
    decisions: list[Decision] = field(default_factory=list)
    error: str | None = None
    output: str | None = None
    input_sha256: str | None = None
    output_sha256: str | None = None
    verified: bool | None = None
    residue: list[str] = field(default_factory=list)  # verification failures, no plaintext
    notes: list[str] = field(default_factory=list)
    format: str | None = None
