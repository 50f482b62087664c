"""CSV and text: redacted cells keep the file's delimiter, encoding, BOM and line endings."""
from __future__ import annotations

from pathlib import Path

import pytest

from redactor.errors import FileProcessingError
from redactor.formats import csvfile, text
from redactor.formats.base import ReadOptions
from redactor.models import Action, Decision, Finding

OPTS = ReadOptions()


def decision(seg, start=None, end=None, whole=False, label="[Redacted s40(2)]"):
    s = 0 if start is None else start
    e = len(seg.text) if end is None else end
    f = Finding(seg.id, s, e, "PERSON", 0.9, "test", "test", seg.text[s:e], whole_segment=whole)
    return Decision(f, Action.REDACT, "s40(2)", label)


@pytest.mark.parametrize(
    "raw, encoding, delimiter",
    [
        ("Name;Team\r\nZoë Ashworth;Digital\r\n".encode("cp1252"), "cp1252", ";"),
        ("\ufeffName,Team\nZoë Ashworth,Digital\n".encode("utf-8"), "utf-8-sig", ","),
        ("Name\tTeam\nZoë Ashworth\tDigital\n".encode("utf-8"), "utf-8", "\t"),
    ],
)
def test_cell_redaction_keeps_encoding_delimiter_and_line_endings(tmp_path: Path, raw, encoding, delimiter):
    src = tmp_path / "in.csv"
    src.write_bytes(raw)
    doc = csvfile.HANDLER.extract(src, OPTS)
    (name_seg,) = [s for s in doc.segments if s.text == "Zoë Ashworth"]
    assert name_seg.location.line == 2 and name_seg.cell.col == 0
    out = tmp_path / "out.csv"
    csvfile.HANDLER.redact(doc, [decision(name_seg, whole=True)], out, OPTS)
    written = out.read_bytes()
    assert src.read_bytes() == raw  # input untouched
    decoded = written.decode(encoding)
    newline = "\r\n" if b"\r\n" in raw else "\n"
    assert decoded.split(newline)[1] == f"[Redacted s40(2)]{delimiter}Digital"
    assert "Ashworth" not in written.decode(encoding)
    assert written.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")


def test_span_redaction_inside_a_cell_keeps_the_rest(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('Notes\n"Call Jane Smith on ext. 2315, then file it"\n', "utf-8")
    doc = csvfile.HANDLER.extract(src, OPTS)
    seg = next(s for s in doc.segments if "Jane" in s.text)
    start = seg.text.index("Jane Smith")
    out = tmp_path / "out.csv"
    csvfile.HANDLER.redact(doc, [decision(seg, start, start + len("Jane Smith"))], out, OPTS)
    assert '"Call [Redacted s40(2)] on ext. 2315, then file it"' in out.read_text("utf-8")


def test_text_file_paragraph_spans_are_replaced_in_place(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("First line about Jane Smith.\n\nSecond paragraph stays.\n", "utf-8")
    doc = text.HANDLER.extract(src, OPTS)
    seg = doc.segments[0]
    start = seg.text.index("Jane Smith")
    out = tmp_path / "out.txt"
    text.HANDLER.redact(doc, [decision(seg, start, start + 10)], out, OPTS)
    assert out.read_text("utf-8") == "First line about [Redacted s40(2)].\n\nSecond paragraph stays.\n"


def test_binary_file_named_csv_is_refused_with_a_reason(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(FileProcessingError, match="binary"):
        csvfile.HANDLER.extract(src, OPTS)
