"""PDF redaction of a long document: changed pages are written out as it goes, and the output is the same."""
from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.annotations import Text
import pypdfium2
from reportlab.pdfgen import canvas

from redactor.formats import pdf as pdf_format
from redactor.formats.base import ReadOptions
from redactor.formats.pdf import HANDLER
from redactor.models import Action, Decision, Finding

OPTS = ReadOptions()
NAMES = ["Megan Fairbairn", "Imran Pembridge", "Li Ng", "Featherstonehaugh-Smythe"]


def five_pages_with_notes(path: Path) -> Path:
    plain = path.with_name("plain.pdf")
    c = canvas.Canvas(str(plain))
    for page, name in enumerate(NAMES + ["Megan Fairbairn"]):
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, f"Page {page + 1}: please contact {name} about the firewall renewal.")
        c.drawString(72, 686, "The register is published on the council website.")
        c.showPage()
    c.save()
    # A note on the last page, withheld as a whole object (planned by object number before any page).
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.add_annotation(4, Text(rect=(300, 600, 320, 620), text="Call Megan Fairbairn on 07700 900458"))
    writer.write(str(path))
    return path


def decisions_for(doc) -> list[Decision]:
    out = []
    for seg in doc.segments:
        if seg.where == "annotation":
            out.append(Decision(Finding(seg.id, 0, len(seg.text), "PERSON", 1.0, "test", "test", whole_segment=True), Action.REDACT, "s40(2)", "[Redacted s40(2)]"))
            continue
        for name in NAMES:
            at = seg.text.find(name)
            if at >= 0:
                out.append(Decision(Finding(seg.id, at, at + len(name), "PERSON", 1.0, "test", "test", text=name), Action.REDACT, "s40(2)", "[Redacted s40(2)]"))
    return out


def read_back(path: Path) -> tuple[list[str], int]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    annots = sum(len(page.get("/Annots") or []) for page in pypdf.PdfReader(str(path)).pages)
    return pages, annots


def test_spilling_changed_pages_every_two_pages_gives_the_same_output_and_leaves_no_spill_files(tmp_path, monkeypatch):
    src = five_pages_with_notes(tmp_path / "in.pdf")
    doc = HANDLER.extract(src, OPTS)
    decisions = decisions_for(doc)
    assert any(seg.where == "annotation" for seg in doc.segments)
    (tmp_path / "held").mkdir()
    (tmp_path / "spilled").mkdir()
    held = HANDLER.redact(doc, decisions, tmp_path / "held" / "out.pdf", OPTS)
    monkeypatch.setattr(pdf_format._Spills, "PAGES_HELD", 2)
    spilled = HANDLER.redact(doc, decisions, tmp_path / "spilled" / "out.pdf", OPTS)

    assert read_back(tmp_path / "spilled" / "out.pdf") == read_back(tmp_path / "held" / "out.pdf")
    assert (spilled.removed, spilled.warnings) == (held.removed, held.warnings)
    pages, annots = read_back(tmp_path / "spilled" / "out.pdf")
    assert annots == 0  # the note planned by object number went, after two spills
    for name in NAMES:
        assert not any(name in page for page in pages)
    assert all("s40(2)" in page and "firewall renewal" in page for page in pages)
    assert sorted(p.name for p in (tmp_path / "spilled").iterdir()) == ["out.pdf"]


def test_text_left_in_its_old_place_after_a_line_is_taken_out_is_reported(tmp_path):
    # What a MuPDF removal that missed a character would leave: the check looks only at page
    # lines reaching into a line set again, and must still find it there.
    src = five_pages_with_notes(tmp_path / "in.pdf")
    with pdf_format._open(src, OPTS) as pdf:
        page = pdf[0]
        text = pdf_format._read_page_text(page)
        line = next(line for line in text.lines.values() if "".join(c.c for c in line.chars).startswith("Page 1"))
        taken = [(c.c, c.box) for c in line.chars if not c.c.isspace()]
        reset = pdf_format._Reset((72.0, 92.0), (1.0, 0.0), [], line.bbox, 11.0, [], [], taken)
        plan = pdf_format._PagePlan(shifted=[], resets=[reset])  # nothing asked to be removed
        warnings: list[str] = []
        pdf_format._remove_shifted(page, plan, warnings)
    assert warnings == ["page 1: text set again after a redaction is also still in its old place"]
