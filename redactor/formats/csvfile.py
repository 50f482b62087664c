"""CSV/TSV: each cell is a table segment; redacted cells keep the file's encoding and delimiter."""
from __future__ import annotations

import csv
from collections import Counter
import io
from pathlib import Path
from typing import Iterable

from redactor.errors import FileProcessingError
from redactor.formats.base import ReadOptions, WriteResult
from redactor.formats.textcodec import decode_bytes, encode_text
from redactor.models import Action, Decision, Document, Location, Segment, TableCell


class CsvHandler:
    name = "csv"
    suffixes = (".csv", ".tsv")

    def extract(self, path: Path, options: ReadOptions) -> Document:
        raw = _read_bytes(path, options)
        text, encoding = decode_bytes(raw)
        dialect = _sniff(text, path)
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
        doc = Document(path=path, format=self.name, state={"encoding": encoding, "dialect": dialect, "rows": rows, "newline": _newline(text)})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value.strip():
                    doc.add(Segment(value, Location(line=r + 1, column=c + 1), where="table", cell=TableCell("csv", r, c), ref=(r, c)))
        return doc

    def redact(self, doc: Document, decisions: list[Decision], out_path: Path, options: ReadOptions) -> WriteResult:
        rows = [list(row) for row in doc.state["rows"]]
        for seg_id, spans in _spans_by_segment(decisions).items():
            seg = doc.segments[seg_id]
            r, c = seg.ref
            rows[r][c] = apply_spans(seg.text, spans)
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, dialect=doc.state["dialect"], lineterminator=doc.state["newline"])
        writer.writerows(rows)
        out_path.write_bytes(encode_text(buf.getvalue(), doc.state["encoding"]))
        return WriteResult()

    def residual_text(self, path: Path, options: ReadOptions) -> Iterable[tuple[str, str]]:
        # Independent of the csv module: the decoded bytes, as a requester's text editor sees them.
        text, _ = decode_bytes(path.read_bytes())
        yield "file", text


def _read_bytes(path: Path, options: ReadOptions) -> bytes:
    size = path.stat().st_size
    if size > options.max_bytes:
        raise FileProcessingError(f"file is larger than the {options.max_bytes // (1024 * 1024)} MB limit")
    return path.read_bytes()


def _sniff(text: str, path: Path) -> type[csv.Dialect] | csv.Dialect:
    if path.suffix.lower() == ".tsv":
        return csv.excel_tab
    steady = _steady_delimiter(text[:16384])
    if steady is not None:
        return csv.excel_tab if steady == "\t" else type("Sniffed", (csv.excel,), {"delimiter": steady})
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _steady_delimiter(sample: str) -> str | None:
    """The delimiter that splits the sampled lines into the same number of fields (the most fields
    wins). csv.Sniffer guesses from character counts, so a comma inside a tab-separated cell
    ("NOWAK, Bartłomiej") can win over the tabs, and the whole row becomes one cell."""
    lines = sample.splitlines()[:-1] if len(sample) == 16384 else sample.splitlines()
    lines = [ln for ln in lines if ln.strip()][:50]
    if len(lines) < 2:
        return None
    best: tuple[int, int, str] | None = None
    for delimiter in ("\t", ",", ";", "|"):
        try:
            widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        width, rows = widths.most_common(1)[0]
        # Most lines agree (a title or footer line may not): the most agreeing lines, then the most fields, wins.
        if width > 1 and rows >= 2 and rows >= 0.6 * len(lines) and (best is None or (rows, width) > best[:2]):
            best = (rows, width, delimiter)
    return best[2] if best else None


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _spans_by_segment(decisions: list[Decision]) -> dict[int, list[tuple[int, int, str]]]:
    out: dict[int, list[tuple[int, int, str]]] = {}
    for d in decisions:
        if d.action is Action.REDACT and d.finding.hidden_item is None:
            f = d.finding
            out.setdefault(f.segment, []).append((f.start, f.end, d.label) if not f.whole_segment else (-1, -1, d.label))
    return out


def apply_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping (start, end, label) spans; a (-1, -1) span replaces the whole text."""
    for s, e, label in spans:
        if s < 0:
            return label
    for s, e, label in sorted(spans, reverse=True):
        text = text[:s] + label + text[e:]
    return text


HANDLER = CsvHandler()
