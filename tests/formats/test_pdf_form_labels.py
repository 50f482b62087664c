"""A name that authoring tools copied into a form field's name (/T) or tooltip (/TU) is found and goes."""
from __future__ import annotations

import re
import zlib
from pathlib import Path

import pymupdf
import pypdf

from redactor import pipeline


def _form_with_a_named_field(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), "Section B. Sleep routines (to be completed by the officer)", fontsize=11)
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "Reviewed by Gareth Trevelyan"
    widget.field_label = "Contact officer: Gareth Trevelyan"
    widget.rect = pymupdf.Rect(72, 110, 400, 130)
    page.add_widget(widget)
    doc.save(path)
    return path


def _every_string_in(path: Path) -> str:
    """All object and stream text of the file, read with pypdf (not the writer's library)."""
    reader = pypdf.PdfReader(path)
    parts: list[str] = []
    for num in range(1, len(reader.xref_objStm) + 200):
        try:
            obj = reader.get_object(num)
        except Exception:
            continue
        if obj is None:
            continue
        parts.append(repr(obj))
        if isinstance(obj, pypdf.generic.StreamObject):
            parts.append(obj.get_data().decode("latin-1"))
    raw = path.read_bytes()
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            parts.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            parts.append(m.group(1).decode("latin-1"))
    return "\n".join(parts) + raw.decode("latin-1")


def test_a_name_in_a_field_name_or_tooltip_is_found_and_removed(engine, policy, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _form_with_a_named_field(src / "form.pdf")
    assert "Trevelyan" in _every_string_in(src / "form.pdf")  # the fixture really carries it
    (result,) = pipeline.run(pipeline.walk([src]), policy, engine, pipeline.RunOptions(redact=True, out_dir=out))
    assert result.status.value == "redacted", result.error
    assert any(d.finding.entity == "PERSON" for d in result.decisions)
    leftover = _every_string_in(out / "form.pdf")
    assert "Trevelyan" not in leftover
    assert "Sleep routines" in pypdf.PdfReader(out / "form.pdf").pages[0].extract_text()
