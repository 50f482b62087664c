"""PDF glyph positions: a withheld word's width cannot be read from where the rest of its line sits."""
from __future__ import annotations

import re
import zlib
from pathlib import Path

import pdfminer.high_level
import pymupdf
import pypdf
import pypdfium2
import pytest
from pdfminer.layout import LTChar, LTCurve, LTRect
from reportlab.pdfgen import canvas

from redactor.formats.base import ReadOptions
from redactor.formats.pdf import HANDLER, PdfHandler
from redactor.models import Action, Decision, Document, Finding

OPTS = ReadOptions()

# Twenty surnames, short to long (the checklist's test).
SURNAMES = [
    "Li", "Ng", "Orr", "Khan", "Patel", "Okafor", "Murphy", "O'Neill", "Gallagher", "Abernethy",
    "Fitzgerald", "Montgomery", "Papadopoulos", "Higginbotham", "Wojciechowski", "Ramaswamy-Iyer",
    "Featherstonehaugh", "Chakraborty-Evans", "Vanderpuije-Mensah", "Featherstonehaugh-Smythe",
]
REST = ", Head of ICT, for details."


# --------------------------------------------------------------------------- helpers


def reportlab_pdf(path: Path, lines: list[str], font: str = "Helvetica", size: float = 11, word_space: list[float] | None = None) -> Path:
    """Lines drawn by ReportLab (a producer other than the writer), 14 pt apart from y=700."""
    c = canvas.Canvas(str(path))
    for k, line in enumerate(lines):
        text = c.beginText(72, 700 - 14 * k)
        text.setFont(font, size)
        text.setWordSpace(word_space[k] if word_space else 0)
        text.textLine(line)
        c.drawText(text)
    c.save()
    return path


def withhold(doc: Document, words: list[str], exemption: str = "s40(2)") -> list[Decision]:
    out = []
    for seg in doc.segments:
        if seg.where not in ("prose", "table") or seg.hidden:
            continue
        for word in words:
            for m in re.finditer(re.escape(word), seg.text):
                finding = Finding(seg.id, m.start(), m.end(), "PERSON", 1.0, "test", "test", text=word)
                out.append(Decision(finding, Action.REDACT, exemption, f"[Redacted {exemption}]"))
    return out


def redact(src: Path, words: list[str], out: Path, handler=HANDLER):
    doc = HANDLER.extract(src, OPTS)
    return handler.redact(doc, withhold(doc, words), out, OPTS)


def layout(path: Path):
    """pdfminer's characters (text, x0, y0) in reading order, and its filled shapes."""
    chars, shapes = [], []

    def walk(obj):
        if isinstance(obj, LTChar):
            chars.append((obj.get_text(), obj.x0, obj.y0))
        elif isinstance(obj, (LTRect, LTCurve)):
            shapes.append(tuple(round(v, 2) for v in obj.bbox))
        elif hasattr(obj, "__iter__"):
            for child in obj:
                walk(child)

    for page in pdfminer.high_level.extract_pages(str(path)):
        walk(page)
    return chars, shapes


def positions(path: Path, text: str) -> list[tuple[str, float, float]]:
    """Where pdfminer finds each character of `text` (spaces are gaps to it, not characters)."""
    chars = [c for c in layout(path)[0] if not c[0].isspace()]
    joined = "".join(c for c, _, _ in chars)
    wanted = text.replace(" ", "")
    at = joined.find(wanted)
    assert at >= 0, f"{text!r} not found in {joined!r}"
    return [(c, round(x, 2), round(y, 2)) for c, x, y in chars[at : at + len(wanted)]]


def pdfium_boxes(path: Path, text: str) -> list[tuple[float, ...]]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        textpage = pdf[0].get_textpage()
        page_text = textpage.get_text_range()
        at = page_text.index(text)
        return [tuple(round(v, 2) for v in textpage.get_charbox(at + i)) for i in range(len(text)) if not text[i].isspace()]
    finally:
        pdf.close()


def texts(path: Path) -> dict[str, str]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pdfium = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return {
        "pdfminer": flat(pdfminer.high_level.extract_text(str(path))),
        "pdfium": flat(pdfium),
        "pypdf": flat(" ".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)),
    }


def flat(text: str) -> str:
    return " ".join(text.split())


def raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return b"\n".join(chunks)


# --------------------------------------------------------------------------- the checklist test


def test_twenty_surnames_redacted_leave_the_rest_of_the_line_in_the_same_place(tmp_path):
    layouts, heads, boxes, streams = [], [], [], []
    for k, surname in enumerate(SURNAMES):
        src = reportlab_pdf(tmp_path / f"in{k}.pdf", [f"Contact {surname}{REST}", "Next line stays put."])
        out = tmp_path / f"out{k}.pdf"
        result = redact(src, [surname], out)
        assert result.warnings == []
        for name, text in texts(out).items():
            assert surname not in text, name
            assert f"Contact s40(2) {REST}" in text or f"Contact s40(2){REST}" in text, (name, text)
            assert "Next line stays put." in text, name
        if len(surname) > 4:  # shorter ones turn up by chance in compressed data
            assert surname.encode() not in raw_bytes(out)
        layouts.append(positions(out, REST))
        heads.append(positions(out, "Contact"))
        boxes.append(sorted(layout(out)[1]))
        streams.append(pypdf.PdfReader(str(out)).pages[0].get_contents().get_data())
    assert all(found == layouts[0] for found in layouts), "the rest of the line moved with the surname"
    assert all(found == heads[0] for found in heads)
    assert all(found == boxes[0] for found in boxes), "the box changed size with the surname"
    # Not even a leftover text advance in the page content tells the surnames apart.
    assert all(stream == streams[0] for stream in streams)
    # pypdfium2 agrees, character box by character box.
    first, last = (pdfium_boxes(tmp_path / f"out{k}.pdf", REST) for k in (0, len(SURNAMES) - 1))
    assert first == last


def test_the_box_is_the_same_whatever_the_width_and_keeps_its_label(tmp_path):
    src = reportlab_pdf(tmp_path / "in.pdf", ["Contact Featherstonehaugh-Smythe, Head of ICT, for details."])
    out = tmp_path / "out.pdf"
    redact(src, ["Featherstonehaugh-Smythe"], out)
    (box,) = [b for b in layout(out)[1] if b[2] - b[0] > 5]
    assert box[2] - box[0] == pytest.approx(3 * 11, abs=0.05)  # three ems of the text it replaces
    label = positions(out, "s40(2)")
    assert box[0] < label[0][1] and label[-1][1] < box[2]  # the exemption code sits inside it


def test_justified_word_spacing_before_a_name_does_not_give_its_width_away(tmp_path):
    # Justified text stretches word spaces so the line fills its measure: before setting the line
    # again, the gaps before the name told its width as well as the text after it did.
    originals, outputs = [], []
    for k, surname in enumerate(["Li", "Featherstonehaugh"]):
        line = f"Please contact {surname} for details of the contract."
        natural = pymupdf.get_text_length(line, fontname="helv", fontsize=11)
        spacing = (400 - natural) / line.count(" ")
        src = reportlab_pdf(tmp_path / f"in{k}.pdf", [line], word_space=[spacing])
        out = tmp_path / f"out{k}.pdf"
        assert redact(src, [surname], out).warnings == []
        for name, text in texts(out).items():
            assert "Please contact s40(2) for details of the contract." in text, (name, text)
        originals.append(positions(src, "contact"))
        outputs.append((positions(out, "Please contact"), positions(out, "for details of the contract.")))
    assert originals[0] != originals[1]  # the input does leak through the gaps
    assert outputs[0] == outputs[1]


# --------------------------------------------------------------------------- more than one span, line ends


def test_a_second_redaction_later_on_the_line_is_boxed_and_the_rest_still_does_not_move(tmp_path):
    rest = " on 01632 960412 or ask the team."
    found = []
    for k, (first, second) in enumerate([("Li", "Ng"), ("Featherstonehaugh", "Vanderpuije-Mensah")]):
        src = reportlab_pdf(tmp_path / f"in{k}.pdf", [f"Contact {first} or {second}{rest}"])
        out = tmp_path / f"out{k}.pdf"
        assert redact(src, [first, second], out).warnings == []
        for name, text in texts(out).items():
            assert first not in text and second not in text, name
            assert "Contact s40(2) or s40(2) on 01632 960412 or ask the team." in text, (name, text)
        found.append((positions(out, " or "), positions(out, rest)))
        assert len([b for b in layout(out)[1] if b[2] - b[0] > 5]) == 2
    assert found[0] == found[1]


def test_redactions_with_different_exemptions_on_one_line_each_show_their_code(tmp_path):
    src = reportlab_pdf(tmp_path / "in.pdf", ["Firewall Fortinet FortiGate managed by Megan Fairbairn today."])
    doc = HANDLER.extract(src, OPTS)
    decisions = withhold(doc, ["Fortinet FortiGate"], "s31(1)(a)") + withhold(doc, ["Megan Fairbairn"], "s40(2)")
    out = tmp_path / "out.pdf"
    HANDLER.redact(doc, decisions, out, OPTS)
    text = texts(out)["pdfminer"]
    assert "Firewall s31(1)(a) managed by s40(2) today." in text
    assert "Fortinet" not in text and "Fairbairn" not in text


def test_a_redaction_at_the_end_of_a_line_gets_a_fixed_box_and_the_next_line_is_untouched(tmp_path):
    boxes, nexts = [], []
    for k, surname in enumerate(["Li", "Featherstonehaugh-Smythe"]):
        src = reportlab_pdf(tmp_path / f"in{k}.pdf", [f"Queries were handled by {surname}", "and the team thanked them."])
        out = tmp_path / f"out{k}.pdf"
        assert redact(src, [surname], out).warnings == []
        assert positions(out, "and the team thanked them.") == positions(src, "and the team thanked them.")
        boxes.append(sorted(layout(out)[1]))
        nexts.append(texts(out)["pdfminer"])
    assert boxes[0] == boxes[1]
    assert nexts[0] == nexts[1] == "Queries were handled by s40(2) and the team thanked them."


def test_a_name_wrapping_onto_the_next_line_hides_both_parts(tmp_path):
    heads = []
    for k, (given, surname) in enumerate([("Al", "Li"), ("Maximiliana", "Featherstonehaugh")]):
        src = reportlab_pdf(tmp_path / f"in{k}.pdf", [f"Queries were handled by {given}", f"{surname}, Chief Digital Officer."])
        out = tmp_path / f"out{k}.pdf"
        redact(src, [f"{given}\n{surname}"], out)
        text = texts(out)["pdfminer"]
        assert given not in text and surname not in text
        assert "Queries were handled by s40(2) s40(2) , Chief Digital Officer." in text
        heads.append(positions(out, ", Chief Digital Officer."))
    assert heads[0] == heads[1]


def test_a_list_number_keeps_its_place_and_the_item_text_does_not_move_with_the_name(tmp_path):
    found = []
    for k, surname in enumerate(["Li", "Featherstonehaugh"]):
        c = canvas.Canvas(str(tmp_path / f"in{k}.pdf"))
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, "1.")
        c.drawString(90, 700, f"Owner: {surname}, Head of ICT")
        c.save()
        src, out = tmp_path / f"in{k}.pdf", tmp_path / f"out{k}.pdf"
        assert redact(src, [surname], out).warnings == []
        assert positions(out, "1.") == positions(src, "1.")
        found.append(positions(out, "Owner:") + positions(out, ", Head of ICT"))
    assert found[0] == found[1]
    assert found[0][0][1] == pytest.approx(90, abs=0.01)  # the item still starts at the list's indent


def test_text_before_a_wide_gap_stays_where_it_was(tmp_path):
    # A label at a tab stop is its own MuPDF line: it does not move, only the withheld part does.
    def draw(c):
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, "Officer:")
        c.drawString(200, 700, "Megan Fairbairn, Head of ICT")

    c = canvas.Canvas(str(tmp_path / "in.pdf"))
    draw(c)
    c.save()
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    redact(src, ["Megan Fairbairn"], out)
    assert positions(out, "Officer:") == positions(src, "Officer:")
    assert positions(out, ", Head of ICT")[0][1] == pytest.approx(200 + 33, abs=0.01)  # right after a 3-em box


# --------------------------------------------------------------------------- what must not change


def test_whole_cell_redactions_are_unchanged(tmp_path):
    rows = [["Area", "Supplier", "Officer"], ["Firewall", "Softcat", "Megan Fairbairn"], ["Anti-virus", "Khipu", "Owen Hargreaves"]]

    def draw(doc, page):
        x, y = [72, 200, 330, 500], [100, 120, 140, 160]
        for yy in y:
            page.draw_line((x[0], yy), (x[-1], yy))
        for xx in x:
            page.draw_line((xx, y[0]), (xx, y[-1]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                page.insert_text((x[c] + 3, y[r] + 14), value, fontsize=9)

    doc = pymupdf.open()
    draw(doc, doc.new_page())
    src = tmp_path / "table.pdf"
    doc.save(src)
    extracted = HANDLER.extract(src, OPTS)
    cell = next(s for s in extracted.segments if s.cell and s.text == "Softcat")
    finding = Finding(cell.id, 0, 0, "SUPPLIER", 1.0, "test", "test", whole_segment=True)
    decision = Decision(finding, Action.REDACT, "s31(1)(a)", "[Redacted s31(1)(a)]")
    new, old = tmp_path / "new.pdf", tmp_path / "old.pdf"
    HANDLER.redact(extracted, [decision], new, OPTS)
    PdfHandler(hide_widths=False).redact(extracted, [decision], old, OPTS)
    assert layout(new) == layout(old)  # same characters in the same places, same shapes
    assert "Softcat" not in texts(new)["pdfminer"] and "s31(1)(a)" in texts(new)["pdfminer"]


def test_released_text_of_a_cell_withheld_whole_is_never_written_again(tmp_path):
    def draw(doc, page):
        x, y = [72, 300, 500], [100, 130]
        for yy in y:
            page.draw_line((x[0], yy), (x[-1], yy))
        for xx in x:
            page.draw_line((xx, y[0]), (xx, y[-1]))
        page.insert_text((75, 118), "Megan Fairbairn via Fortinet", fontsize=9)
        page.insert_text((303, 118), "Softcat", fontsize=9)

    doc = pymupdf.open()
    draw(doc, doc.new_page())
    src = tmp_path / "table.pdf"
    doc.save(src)
    extracted = HANDLER.extract(src, OPTS)
    cell = next(s for s in extracted.segments if s.cell and "Fortinet" in s.text)
    whole = Decision(Finding(cell.id, 0, 0, "SECURITY_PRODUCT", 1.0, "test", "test", whole_segment=True), Action.REDACT, "s31(1)(a)", "")
    out = tmp_path / "out.pdf"
    HANDLER.redact(extracted, withhold(extracted, ["Megan Fairbairn"]) + [whole], out, OPTS)
    for name, text in texts(out).items():
        assert "Fortinet" not in text and "via" not in text and "Fairbairn" not in text, name
        assert "Softcat" in text


def test_a_span_inside_a_centred_table_cell_is_set_again_from_the_cell_edge(tmp_path):
    # Centred text starts where its width puts it, so the cell's text cannot keep its start.
    found = []
    for k, surname in enumerate(["Li", "Featherstonehaugh"]):
        doc = pymupdf.open()
        page = doc.new_page()
        for yy in (100, 130):
            page.draw_line((72, yy), (400, yy))
        for xx in (72, 250, 400):
            page.draw_line((xx, 100), (xx, 130))
        value = f"Ms {surname}, ICT"
        page.insert_text((161 - pymupdf.get_text_length(value, fontsize=9) / 2, 118), value, fontsize=9)
        page.insert_text((253, 118), "Softcat", fontsize=9)
        src = tmp_path / f"in{k}.pdf"
        doc.save(src)
        out = tmp_path / f"out{k}.pdf"
        assert redact(src, [surname], out).warnings == []
        assert positions(out, "Softcat") == positions(src, "Softcat")  # the next cell does not move
        found.append(positions(out, "Ms") + positions(out, ", ICT"))
        assert all(72 < x < 250 for _, x, _ in found[-1])
    assert found[0] == found[1]


def test_hidden_text_on_a_redacted_line_is_not_brought_back(tmp_path):
    def draw(doc, page):
        page.insert_text((72, 100), "Contact Megan Fairbairn", fontsize=11)
        page.insert_text((205, 100), "Ghost Writer", fontsize=11, color=(1, 1, 1))
        page.insert_text((290, 100), "for details.", fontsize=11)

    doc = pymupdf.open()
    draw(doc, doc.new_page())
    src = tmp_path / "hidden.pdf"
    doc.save(src)
    extracted = HANDLER.extract(src, OPTS)
    hidden = [
        Decision(Finding(-1, 0, 0, item.entity, 1.0, "hidden", "test", hidden_item=i), Action.REMOVE, "", "")
        for i, item in enumerate(extracted.hidden)
        if item.entity == "INVISIBLE_TEXT"
    ]
    assert hidden
    out = tmp_path / "out.pdf"
    HANDLER.redact(extracted, withhold(extracted, ["Megan Fairbairn"]) + hidden, out, OPTS)
    for name, text in texts(out).items():
        assert "Ghost" not in text and "Fairbairn" not in text, name
        assert "for details." in text and "Contact" in text, name
    assert not [s for s in HANDLER.extract(out, OPTS).segments if s.hidden]  # nothing newly hidden or white


# --------------------------------------------------------------------------- rotation, fonts, links, marks


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_on_a_rotated_page_the_rest_of_the_line_does_not_move_with_the_name(tmp_path, turn):
    found = []
    for k, surname in enumerate(["Li", "Featherstonehaugh"]):
        doc = pymupdf.open()
        page = doc.new_page()
        page.set_rotation(turn)
        point = {90: (100, 700), 180: (500, 700), 270: (500, 100)}[turn]
        page.insert_text(point, f"Echo {surname} Foxtrot Golf", fontsize=11, rotate=turn)
        src = tmp_path / f"in{k}.pdf"
        doc.save(src)
        out = tmp_path / f"out{k}.pdf"
        assert redact(src, [surname], out).warnings == []
        assert surname not in texts(out)["pdfium"] and "Echo s40(2) Foxtrot Golf" in texts(out)["pdfium"]
        found.append(pdfium_boxes(out, "Foxtrot Golf"))
    assert found[0] == found[1]


def test_curly_quotes_and_dashes_in_the_released_text_survive(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    font = pymupdf.Font("tiro")
    writer = pymupdf.TextWriter(page.rect)
    writer.append((72, 100), "Ask Megan Fairbairn – the Council’s “ICT” lead – today.", font=font, fontsize=11)
    writer.write_text(page)
    src = tmp_path / "in.pdf"
    doc.save(src)
    out = tmp_path / "out.pdf"
    assert redact(src, ["Megan Fairbairn"], out).warnings == []
    for name, text in texts(out).items():
        assert "Ask s40(2) – the Council’s “ICT” lead – today." in text, (name, text)


def test_a_line_the_standard_fonts_cannot_set_keeps_its_place_and_says_so(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Ask Megan Fairbairn 部長 today.", fontsize=11, fontname="china-s")
    src = tmp_path / "in.pdf"
    doc.save(src)
    out = tmp_path / "out.pdf"
    result = redact(src, ["Megan Fairbairn"], out)
    assert any("characters the standard fonts lack" in w for w in result.warnings)
    assert not any("Fairbairn" in w for w in result.warnings)  # warnings hold no document text
    text = texts(out)["pdfium"]
    assert "Fairbairn" not in text and "today." in text
    assert pdfium_boxes(out, "today.") == pdfium_boxes(src, "today.")  # the old layout, as said


def test_a_link_on_the_released_text_follows_it_and_one_on_the_name_goes(tmp_path):
    rects = []
    for k, surname in enumerate(["Li", "Featherstonehaugh"]):
        doc = pymupdf.open()
        page = doc.new_page()
        page.insert_text((72, 100), f"Contact {surname} at foi@example.gov.uk today.", fontsize=11)
        for word, uri in ((surname, "https://example.gov.uk/staff"), ("foi@example.gov.uk", "mailto:foi@example.gov.uk")):
            page.insert_link({"kind": pymupdf.LINK_URI, "from": page.search_for(word)[0], "uri": uri})
        src = tmp_path / f"in{k}.pdf"
        doc.save(src)
        out = tmp_path / f"out{k}.pdf"
        redact(src, [surname], out)
        annots = [a.get_object() for a in pypdf.PdfReader(out).pages[0].get("/Annots", [])]
        assert [str(a["/A"]["/URI"]) for a in annots] == ["mailto:foi@example.gov.uk"]
        x0, _, x1, _ = (float(v) for v in annots[0]["/Rect"])
        chars = pdfium_boxes(out, "foi@example.gov.uk")
        assert x0 == pytest.approx(chars[0][0], abs=0.5) and x1 == pytest.approx(chars[-1][2], abs=0.5)
        rects.append((round(x0, 2), round(x1, 2)))
    assert rects[0] == rects[1]


def test_an_underline_on_a_line_set_again_goes_with_its_old_position(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Contact Megan Fairbairn at the service desk.", fontsize=11)
    hit = page.search_for("service desk")[0]
    page.draw_line((hit.x0, 101.5), (hit.x1, 101.5), color=(0, 0, 1), width=0.6)
    page.draw_line((72, 300), (300, 300))  # a rule elsewhere stays
    src = tmp_path / "in.pdf"
    doc.save(src)
    out = tmp_path / "out.pdf"
    redact(src, ["Megan Fairbairn"], out)
    lines = [d for d in pymupdf.open(out)[0].get_drawings() if not d.get("fill")]
    assert [tuple(round(v) for v in d["rect"]) for d in lines] == [(72, 300, 300, 300)]


def test_released_text_too_long_for_the_room_left_is_squeezed_not_pushed_off_the_page(tmp_path):
    line = "Contact Li or the Service Desk about the replacement of the corporate firewall appliance."
    src = reportlab_pdf(tmp_path / "in.pdf", [line], size=10)
    out = tmp_path / "out.pdf"
    assert redact(src, ["Li"], out).warnings == []
    chars, _ = layout(out)
    assert max(x for _, x, _ in chars) < 595 - 72 + 1  # within the mirrored left margin
    assert "Contact s40(2) or the Service Desk about the replacement of the corporate firewall appliance." in texts(out)["pdfminer"]


def test_released_text_stops_before_other_text_further_along_the_line(tmp_path):
    c = canvas.Canvas(str(tmp_path / "in.pdf"))
    c.setFont("Helvetica", 11)
    line = "Ask Li or Ng about the Information Security programme"
    c.drawString(72, 700, line)
    column = 72 + pymupdf.get_text_length(line, fontname="helv", fontsize=11) + 40  # a gap wider than 3 em
    c.drawString(column, 700, "Ref: 12345")
    c.save()
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    assert redact(src, ["Li", "Ng"], out).warnings == []
    assert positions(out, "Ref: 12345") == positions(src, "Ref: 12345")
    released = positions(out, "about the Information Security programme")
    assert released[-1][1] + 3 < column  # squeezed to end before the next column
    assert "Ask s40(2) or s40(2) about the Information Security programme" in texts(out)["pdfminer"]


def test_the_redacted_copy_passes_its_own_fake_redaction_and_hidden_text_checks(tmp_path):
    src = reportlab_pdf(tmp_path / "in.pdf", [f"Contact Featherstonehaugh{REST}", "Next line."])
    out = tmp_path / "out.pdf"
    redact(src, ["Featherstonehaugh"], out)
    again = HANDLER.extract(out, OPTS)
    assert not [h.entity for h in again.hidden if h.entity in ("FAKE_REDACTION", "INVISIBLE_TEXT")]


def test_a_picture_under_a_name_in_a_line_set_again_loses_the_pixels_under_its_box(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Contact Megan Fairbairn at the service desk.", fontsize=11)
    name = page.search_for("Megan Fairbairn")[0]
    red = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), 0)
    red.set_rect(red.irect, (255, 0, 0))
    page.insert_image(pymupdf.Rect(name.x0 - 5, name.y0 - 20, name.x1 + 5, name.y1 + 20), pixmap=red, overlay=False)
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc.save(src)
    assert redact(src, ["Megan Fairbairn"], out).warnings == []
    pdf = pypdfium2.PdfDocument(out)
    images = [obj for obj in pdf[0].get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    pixels = {tuple(int(v) for v in px) for image in images for px in image.get_bitmap(render=False).to_numpy().reshape(-1, 3)}
    assert pixels == {(0, 0, 255), (255, 255, 255)}  # the picture (BGR) stays, blanked under the box
    assert "Megan" not in texts(out)["pdfminer"]
