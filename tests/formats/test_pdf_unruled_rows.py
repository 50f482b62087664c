"""A table drawn without rules: each cell is its own block, and the row still says what a figure is for."""
from __future__ import annotations

import pymupdf
import pypdf

from redactor import pipeline
from redactor.formats.base import ReadOptions
from redactor.formats.pdf import extract

_COLUMNS = (50, 170, 290, 390, 480)
_ROWS = [
    ("Contract", "Supplier", "Annual (£)", "Start", "Expiry"),
    ("Anti-virus / EDR", "Trustmarque", "40,320", "1 Feb 2024", "31 Jan 2027"),
    ("Enterprise Agreement", "SoftwareONE", "688,900", "1 Apr 2022", "31 Mar 2025"),
]


def _register_without_rules(path, rows=_ROWS):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "ICT contracts register (extract)", fontsize=12)
    for r, row in enumerate(rows):
        for x, cell in zip(_COLUMNS, row):
            # A cell that wraps ("Anti-virus /" over "EDR") ends MuPDF's block: the row's other
            # cells come in blocks of their own, as in registers printed from Excel.
            first, _, rest = cell.partition(" / ")
            page.insert_text((x, 120 + 30 * r), first + (" /" if rest else ""), fontsize=9)
            if rest:
                page.insert_text((x, 131 + 30 * r), rest, fontsize=9)
    page.insert_text((50, 260), "Figures exclude VAT. The register is kept by the ICT commercial team.", fontsize=9)
    doc.save(path)


def test_cells_of_one_unruled_row_share_a_row_key_and_prose_does_not(tmp_path):
    _register_without_rules(tmp_path / "r.pdf")
    doc = extract(tmp_path / "r.pdf", ReadOptions())

    def row_of(value: str):
        (seg,) = [s for s in doc.segments if s.where == "prose" and value in s.text]
        return seg.row

    assert row_of("40,320") is not None and row_of("40,320") == row_of("EDR")
    assert row_of("688,900") != row_of("40,320")
    assert row_of("ICT contracts register") is None
    assert row_of("Figures exclude VAT") is None


def test_an_unruled_anti_virus_row_loses_its_supplier_spend_and_dates_and_the_ea_row_keeps_them(engine, policy, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _register_without_rules(src / "register.pdf")
    (result,) = pipeline.run(pipeline.walk([src]), policy, engine, pipeline.RunOptions(redact=True, out_dir=out))
    assert result.status.value == "redacted", result.error
    left = pypdf.PdfReader(out / "register.pdf").pages[0].extract_text()
    for gone in ("Trustmarque", "40,320", "1 Feb 2024", "31 Jan 2027"):
        assert gone not in left, gone
    for kept in ("Enterprise Agreement", "SoftwareONE", "688,900", "1 Apr 2022", "31 Mar 2025", "Annual (£)"):
        assert kept in left, kept


def test_a_bare_figure_in_a_firewall_row_set_as_one_block_is_withheld(engine, policy, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    rows = [_ROWS[0], ("Perimeter firewall", "Nasstar", "31,450", "1 Jul 2023", "30 Jun 2026"), _ROWS[2]]
    _register_without_rules(src / "register.pdf", rows)
    (result,) = pipeline.run(pipeline.walk([src]), policy, engine, pipeline.RunOptions(redact=True, out_dir=out))
    assert result.status.value == "redacted", result.error
    left = pypdf.PdfReader(out / "register.pdf").pages[0].extract_text()
    for gone in ("Nasstar", "31,450", "1 Jul 2023", "30 Jun 2026"):
        assert gone not in left, gone
    assert "688,900" in left and "Perimeter firewall" in left
