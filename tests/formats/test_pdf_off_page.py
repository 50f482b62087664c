"""Text drawn beyond the page edge is invisible but extractable: it is read, reported and removed."""
from __future__ import annotations

import pymupdf
import pypdf

from redactor import pipeline


def _page_with_text_past_its_edge(path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "Contracts register (extract)", fontsize=11)
    page.insert_text((72, 130), "Firewall    Palo Alto    owner:", fontsize=9)
    page.insert_text((640, 130), "Mei-Ling Tan 01632 960318", fontsize=9)  # x beyond the 595 pt page
    doc.save(path)


def test_text_beyond_the_page_edge_is_found_and_removed(engine, policy, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _page_with_text_past_its_edge(src / "register.pdf")
    assert "Mei-Ling Tan" in pypdf.PdfReader(src / "register.pdf").pages[0].extract_text()  # another reader sees it
    (result,) = pipeline.run(pipeline.walk([src]), policy, engine, pipeline.RunOptions(redact=True, out_dir=out))
    assert result.status.value == "redacted", result.error
    assert any(d.finding.entity == "INVISIBLE_TEXT" for d in result.decisions)
    left = pypdf.PdfReader(out / "register.pdf").pages[0].extract_text()
    assert "Mei-Ling" not in left and "960318" not in left
    assert "Contracts register" in left
