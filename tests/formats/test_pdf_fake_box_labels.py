"""A covering shape made into a true redaction carries one readable code, never an internal name."""
from __future__ import annotations

import re

import pymupdf
import pypdfium2

from redactor import pipeline


def _page_text(path) -> str:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()


def _faked(path, line: str, covered: str):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), line, fontsize=11)
    page.draw_rect(page.search_for(covered)[0], color=(0, 0, 0), fill=(0, 0, 0))
    doc.save(path)


def _run(engine, policy, tmp_path, line: str, covered: str) -> str:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _faked(src / "letter.pdf", line, covered)
    (result,) = pipeline.run(pipeline.walk([src]), policy, engine, pipeline.RunOptions(redact=True, out_dir=out))
    assert result.status.value == "redacted", result.error
    return _page_text(out / "letter.pdf")


def test_a_shape_over_a_name_is_labelled_once_with_the_names_exemption(engine, policy, tmp_path):
    text = _run(engine, policy, tmp_path, "Case officer: Eleanor Doherty, FOI Officer", "Eleanor Doherty")
    assert "Doherty" not in text and "hidden-data" not in text
    assert len(re.findall(r"s40\(2\)", text)) == 1 and "Redacted" not in text  # one label, not two overlapping


def test_a_shape_over_text_we_found_nothing_in_says_redacted(engine, policy, tmp_path):
    text = _run(engine, policy, tmp_path, "Our reference: 55-ALPHA-COPPER was noted.", "55-ALPHA-COPPER")
    assert "ALPHA" not in text and "hidden-data" not in text and "Redacted" in text
