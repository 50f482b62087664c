"""DOCX handler: extraction from every part, run-preserving redaction, hidden-data removal, hostile input."""
from __future__ import annotations

import io
import re
import struct
import urllib.parse
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from lxml import etree

from redactor.errors import EncryptedFile, FileProcessingError
from redactor.formats.base import ReadOptions
from redactor.formats.docx import HANDLER
from redactor.models import Action, Decision, Document, Finding

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W}"'
LABEL = "[Redacted s40(2)]"
OPTIONS = ReadOptions()
POI = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "external" / "poi"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


# --------------------------------------------------------------------------- fixture builders


def _png() -> bytes:
    """A 1x1 white PNG, so python-docx can place a picture without any image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + \
        chunk(b"IEND", b"")


def _save(document, path: Path) -> Path:
    document.save(path)
    return path


def _edit_zip(path: Path, edits=None, add=None) -> Path:
    """Rewrite parts of a saved package: edits maps part → str→str function; add maps part → bytes."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    for name, fn in (edits or {}).items():
        parts[name] = fn(parts[name].decode("utf-8")).encode("utf-8")
    parts.update(add or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _add_override(part: str, ctype: str):
    return lambda xml: xml.replace("</Types>", f'<Override PartName="/{part}" ContentType="{ctype}"/></Types>')


def _add_rel(rid: str, rtype: str, target: str):
    return lambda xml: xml.replace(
        "</Relationships>", f'<Relationship Id="{rid}" Type="{rtype}" Target="{target}"/></Relationships>')


def _body_xml(paragraphs: str):
    """Put hand-written paragraphs at the start of the body."""
    return lambda xml: xml.replace("<w:body>", "<w:body>" + paragraphs, 1)


# --------------------------------------------------------------------------- the pipeline, simulated


def _decide(doc: Document, values: list[str], hidden: Action = Action.REMOVE, label: str = LABEL) -> list[Decision]:
    """Redact every occurrence of the values in every segment; give each hidden item the `hidden` action."""
    decisions = []
    for seg in doc.segments:
        for value in values:
            for m in re.finditer(re.escape(value), seg.text):
                finding = Finding(seg.id, m.start(), m.end(), "PERSON", 0.9, "test", "test", text=value)
                decisions.append(Decision(finding, Action.REDACT, "s40(2)", label))
    for index, item in enumerate(doc.hidden):
        finding = Finding(-1, 0, 0, item.entity, 1.0, "hidden", "test", hidden_item=index)
        decisions.append(Decision(finding, hidden, "", ""))
    return decisions


def _redact(src: Path, values: list[str], hidden: Action = Action.REMOVE) -> tuple[Document, Path, object]:
    doc = HANDLER.extract(src, OPTIONS)
    out = src.with_name("out-" + src.name)
    result = HANDLER.redact(doc, _decide(doc, values, hidden), out, OPTIONS)
    return doc, out, result


# --------------------------------------------------------------------------- independent readers of the output


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter():
        if _local(el.tag) in ("br", "tab", "cr") and _local(el.getparent().tag) == "r":
            out.append(" ")
        elif _local(el.tag) in ("t", "delText", "instrText") and el.text:
            out.append(el.text)
    return "".join(out)


def _raw_text(path: Path) -> str:
    """Every part: paragraph texts (runs joined, br/tab as space), all text nodes, all attribute values."""
    chunks = []
    for name, data in _parts(path).items():
        if not name.endswith((".xml", ".rels")):
            chunks.append(data.decode("latin-1"))
            continue
        root = etree.fromstring(data, SAFE_PARSER)
        chunks += [_paragraph_text(p) for p in root.iter() if _local(p.tag) == "p"]
        chunks.append("".join(root.itertext()))
        for el in root.iter():
            chunks += [v for v in el.attrib.values()] + [urllib.parse.unquote(v) for v in el.attrib.values()]
    return "\n".join(chunks)


def _problems(path: Path) -> list[str]:
    """What an Office application would reject: untyped parts, dangling relationships, broken XML."""
    parts = _parts(path)
    found = []
    types = etree.fromstring(parts["[Content_Types].xml"], SAFE_PARSER)
    defaults = {e.get("Extension").lower() for e in types if _local(e.tag) == "Default"}
    overrides = {e.get("PartName").lstrip("/") for e in types if _local(e.tag) == "Override"}
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(data, SAFE_PARSER)  # raises if not well-formed
        if name != "[Content_Types].xml" and name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
            found.append(f"{name} has no content type")
        if name.endswith(".rels"):
            folder = name.split("_rels/")[0]
            for rel in etree.fromstring(data, SAFE_PARSER):
                target = rel.get("Target")
                if rel.get("TargetMode") == "External" or target.startswith("#"):
                    continue
                full = _normpath(target if target.startswith("/") else folder + target)
                if full not in parts:
                    found.append(f"{name} points at missing {full}")
    return found


def _normpath(path: str) -> str:
    out: list[str] = []
    for bit in path.split("/"):
        if bit == "..":
            out and out.pop()
        elif bit not in ("", "."):
            out.append(bit)
    return "/".join(out)


def _document_xml(path: Path) -> etree._Element:
    return etree.fromstring(_parts(path)["word/document.xml"], SAFE_PARSER)


def _assert_valid(path: Path) -> None:
    assert _problems(path) == []
    docx.Document(str(path))  # a second reader opens it


# --------------------------------------------------------------------------- runs and formatting


def test_name_across_two_differently_formatted_runs_is_redacted_and_both_runs_keep_their_formatting(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Contact ")
    bold = p.add_run("Jane")
    bold.bold = True
    italic = p.add_run(" Smith")
    italic.italic = True
    p.add_run(" about the renewal.")
    src = _save(d, tmp_path / "runs.docx")

    doc, out, _ = _redact(src, ["Jane Smith"])

    assert any(s.text == "Contact Jane Smith about the renewal." and s.where == "prose" for s in doc.segments)
    runs = [r for r in _document_xml(out).iter(f"{{{W}}}r")]
    texts = ["".join(r.itertext()) for r in runs]
    assert texts == ["Contact ", LABEL, "", " about the renewal."]
    assert runs[1].find(f"{{{W}}}rPr/{{{W}}}b") is not None
    assert runs[2].find(f"{{{W}}}rPr/{{{W}}}i") is not None
    raw = _raw_text(out)
    assert "Jane" not in raw and "Smith" not in raw
    _assert_valid(out)


def test_name_split_by_a_line_break_is_found_and_the_break_goes_with_it(tmp_path):
    src = _edit_zip(_save(docx.Document(), tmp_path / "br.docx"), {"word/document.xml": _body_xml(
        "<w:p><w:r><w:t xml:space=\"preserve\">Action: </w:t></w:r><w:r><w:t>Yusuf</w:t><w:br/><w:t>Iqbal</w:t></w:r>"
        "<w:r><w:t xml:space=\"preserve\"> to check.</w:t></w:r></w:p>")})

    doc, out, _ = _redact(src, ["Yusuf Iqbal"])

    assert any(s.text == "Action: Yusuf Iqbal to check." for s in doc.segments)
    p = next(_document_xml(out).iter(f"{{{W}}}p"))
    assert _paragraph_text(p) == f"Action: {LABEL} to check."
    assert "Iqbal" not in _raw_text(out)


def test_two_names_in_one_run_are_both_replaced(tmp_path):
    d = docx.Document()
    d.add_paragraph("Ask Jane Smith or Omar Patel today.")
    doc, out, _ = _redact(_save(d, tmp_path / "two.docx"), ["Jane Smith", "Omar Patel"])
    p = next(_document_xml(out).iter(f"{{{W}}}p"))
    assert _paragraph_text(p) == f"Ask {LABEL} or {LABEL} today."


def test_whole_segment_decision_replaces_the_whole_cell_and_table_cells_carry_their_grid_position(tmp_path):
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    for c, text in enumerate(["Contract", "Supplier", "Product"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["Firewall", "Khipu Networks", "PA-850"]):
        table.cell(1, c).text = text
    table.cell(1, 2).add_paragraph("second line")
    src = _save(d, tmp_path / "table.docx")

    doc = HANDLER.extract(src, OPTIONS)
    grid = doc.tables()
    assert list(grid) == ["t0"]
    assert grid["t0"][(0, 1)].text == "Supplier"
    assert grid["t0"][(1, 2)].text == "PA-850\nsecond line"
    assert all(s.where == "table" for s in grid["t0"].values())
    product = grid["t0"][(1, 2)]
    finding = Finding(product.id, 0, 3, "SECURITY_PRODUCT", 0.9, "security-row", "test", whole_segment=True)
    out = tmp_path / "out.docx"
    HANDLER.redact(doc, [Decision(finding, Action.REDACT, "s31(1)(a)", "[Redacted s31(1)(a)]")], out, OPTIONS)

    redacted = docx.Document(str(out)).tables[0].cell(1, 2).text
    assert redacted.replace("\n", "") == "[Redacted s31(1)(a)]"
    raw = _raw_text(out)
    assert "PA-850" not in raw and "second line" not in raw and "Khipu Networks" in raw


def test_merged_cells_get_grid_columns(tmp_path):
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Wide"
    table.cell(0, 2).text = "Right"
    doc = HANDLER.extract(_save(d, tmp_path / "merged.docx"), OPTIONS)
    grid = doc.tables()["t0"]
    assert grid[(0, 0)].text == "Wide" and grid[(0, 2)].text == "Right"


# --------------------------------------------------------------------------- other story parts


FOOTNOTES = (
    f'<w:footnotes {NSDECL}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Source: Jane Smith, ICT</w:t></w:r></w:p></w:footnote></w:footnotes>'
)


def test_header_footer_and_footnote_text_is_extracted_and_redacted(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Author: Jane Smith"
    d.sections[0].footer.paragraphs[0].text = "Printed by jane.smith@example.gov.uk"
    d.add_paragraph("See note.")
    src = _save(d, tmp_path / "notes.docx")
    _edit_zip(src, {
        "word/document.xml": _body_xml('<w:p><w:r><w:t>Body</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'),
        "word/_rels/document.xml.rels": _add_rel("rIdFn", RT.FOOTNOTES, "footnotes.xml"),
        "[Content_Types].xml": _add_override(
            "word/footnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
    }, add={"word/footnotes.xml": FOOTNOTES.encode()})

    doc, out, _ = _redact(src, ["Jane Smith", "jane.smith@example.gov.uk"])

    wheres = {s.where for s in doc.segments if "Jane Smith" in s.text or "jane.smith" in s.text}
    assert wheres == {"header", "footer", "footnote"}
    raw = _raw_text(out)
    assert "Jane Smith" not in raw and "jane.smith" not in raw
    assert "Source: " + LABEL + ", ICT" in raw
    _assert_valid(out)


def test_text_box_text_is_extracted_as_textbox_and_redacted(tmp_path):
    box = (
        '<w:p><w:r><w:pict><v:shape id="tb1" style="width:100pt;height:40pt"><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>Call Jane Smith</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'
        '<w:r><w:t>Outside the box</w:t></w:r></w:p>'
    )
    src = _edit_zip(_save(docx.Document(), tmp_path / "box.docx"), {"word/document.xml": _body_xml(box)})

    doc, out, _ = _redact(src, ["Jane Smith"])

    assert [(s.where, s.text) for s in doc.segments if s.where in ("textbox", "prose")] == [
        ("prose", "Outside the box"), ("textbox", "Call Jane Smith")]
    raw = _raw_text(out)
    assert "Jane Smith" not in raw and "Call " + LABEL in raw and "Outside the box" in raw


# --------------------------------------------------------------------------- tracked changes, comments, hidden text


TRACKED = (
    '<w:p><w:r><w:t xml:space="preserve">Approved by </w:t></w:r>'
    '<w:del w:id="1" w:author="Omar Patel" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>Jane Smith</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="Omar Patel" w:date="2024-01-01T00:00:00Z"><w:r><w:t>the board</w:t></w:r></w:ins>'
    '<w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="Omar Patel"><w:rPr/></w:rPrChange></w:rPr><w:t>.</w:t></w:r></w:p>'
)


STYLE_CHANGE = (
    '<w:style w:type="character" w:styleId="Tracked"><w:name w:val="Tracked"/>'
    '<w:rPr><w:b/><w:rPrChange w:id="9" w:author="Omar Patel"><w:rPr/></w:rPrChange></w:rPr></w:style></w:styles>'
)


def test_tracked_deletion_text_is_scanned_then_gone_and_insertion_is_accepted(tmp_path):
    src = _edit_zip(_save(docx.Document(), tmp_path / "tracked.docx"), {
        "word/document.xml": _body_xml(TRACKED),
        "word/styles.xml": lambda xml: xml.replace("</w:styles>", STYLE_CHANGE),  # a formatting revision in a style
    })

    doc = HANDLER.extract(src, OPTIONS)
    revision = [s for s in doc.segments if s.where == "revision"]
    assert any(s.text == "Jane Smith" and s.hidden for s in revision)
    assert any(s.text == "Omar Patel" for s in revision)  # change authors are scanned too
    assert [s.text for s in doc.segments if s.where == "prose"] == ["Approved by the board."]
    assert "TRACKED_CHANGE" in [h.entity for h in doc.hidden]

    out = tmp_path / "out.docx"
    HANDLER.redact(doc, _decide(doc, []), out, OPTIONS)
    root = _document_xml(out)
    assert _paragraph_text(next(root.iter(f"{{{W}}}p"))) == "Approved by the board."
    for tag in ("ins", "del", "delText", "rPrChange"):
        assert next(root.iter(f"{{{W}}}{tag}"), None) is None
    raw = _raw_text(out)
    assert "Jane Smith" not in raw and "Omar Patel" not in raw
    _assert_valid(out)


def test_kept_tracked_changes_still_have_their_deleted_text_redacted(tmp_path):
    src = _edit_zip(_save(docx.Document(), tmp_path / "tracked.docx"), {"word/document.xml": _body_xml(TRACKED)})
    _, out, result = _redact(src, ["Jane Smith", "Omar Patel"], hidden=Action.FLAG)
    root = _document_xml(out)
    assert next(root.iter(f"{{{W}}}del"), None) is not None
    assert [e.text for e in root.iter(f"{{{W}}}delText")] == [LABEL]
    assert "Jane Smith" not in _raw_text(out) and "Omar Patel" not in _raw_text(out)
    assert any("tracked change" in w for w in result.warnings)


PEOPLE = (
    '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
    '<w15:person w15:author="Omar Patel"><w15:presenceInfo w15:providerId="AD" w15:userId="omar.patel@example.gov.uk"/>'
    '</w15:person></w15:people>'
)


def test_comments_markers_and_people_part_are_removed(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Firewall renewal is due.")
    d.add_comment(p.runs, text="Check with Jane Smith", author="Omar Patel", initials="OP")
    src = _save(d, tmp_path / "comments.docx")
    _edit_zip(src, {
        "word/_rels/document.xml.rels": _add_rel(
            "rIdPeople", "http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"),
        "[Content_Types].xml": _add_override(
            "word/people.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"),
    }, add={"word/people.xml": PEOPLE.encode()})

    doc = HANDLER.extract(src, OPTIONS)
    comment_texts = {s.text for s in doc.segments if s.where == "comment"}
    assert {"Check with Jane Smith", "Omar Patel", "omar.patel@example.gov.uk"} <= comment_texts
    assert [h.entity for h in doc.hidden if h.entity == "COMMENT"] == ["COMMENT"]

    out = tmp_path / "out.docx"
    result = HANDLER.redact(doc, _decide(doc, []), out, OPTIONS)
    parts = _parts(out)
    assert "word/comments.xml" not in parts and "word/people.xml" not in parts
    assert {"word/comments.xml", "word/people.xml"} <= set(result.removed)
    assert b"comment" not in parts["word/_rels/document.xml.rels"].lower()
    assert b"people" not in parts["[Content_Types].xml"] and b"comments+xml" not in parts["[Content_Types].xml"]
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert next(_document_xml(out).iter(f"{{{W}}}{tag}"), None) is None
    raw = _raw_text(out)
    assert "Jane Smith" not in raw and "Omar Patel" not in raw and "Firewall renewal is due." in raw
    _assert_valid(out)


def test_kept_comments_have_their_text_and_author_redacted(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Firewall renewal is due.")
    d.add_comment(p.runs, text="Check with Jane Smith", author="Jane Smith", initials="JS")
    _, out, result = _redact(_save(d, tmp_path / "keep.docx"), ["Jane Smith"], hidden=Action.KEEP)
    assert "word/comments.xml" in _parts(out)
    raw = _raw_text(out)
    assert "Jane Smith" not in raw and "Check with " + LABEL in raw
    assert any("comment kept" in w for w in result.warnings)


def test_hidden_data_without_a_decision_is_removed(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Firewall renewal is due.")
    d.add_comment(p.runs, text="Check with Jane Smith", author="Jane Smith")
    src = _save(d, tmp_path / "undecided.docx")
    doc = HANDLER.extract(src, OPTIONS)
    out = tmp_path / "out.docx"
    HANDLER.redact(doc, [], out, OPTIONS)
    assert "word/comments.xml" not in _parts(out) and "Jane Smith" not in _raw_text(out)


def _hidden_run_doc(tmp_path: Path) -> Path:
    d = docx.Document()
    p = d.add_paragraph("Visible text. ")
    p.add_run("Owner Jane Smith").font.hidden = True
    return _save(d, tmp_path / "vanish.docx")


def test_hidden_vanish_text_is_scanned_and_redacted_when_hidden_text_is_kept(tmp_path):
    doc, out, _ = _redact(_hidden_run_doc(tmp_path), ["Jane Smith"], hidden=Action.KEEP)
    hidden = [s for s in doc.segments if s.hidden]
    assert [(s.text, s.where) for s in hidden] == [("Owner Jane Smith", "prose")]
    assert "HIDDEN_TEXT" in [h.entity for h in doc.hidden]
    raw = _raw_text(out)
    assert "Jane Smith" not in raw and "Owner " + LABEL in raw and "Visible text." in raw


def test_hidden_vanish_runs_are_deleted_when_hidden_text_is_removed(tmp_path):
    _, out, _ = _redact(_hidden_run_doc(tmp_path), [])
    assert next(_document_xml(out).iter(f"{{{W}}}vanish"), None) is None
    raw = _raw_text(out)
    assert "Owner" not in raw and "Visible text." in raw


# --------------------------------------------------------------------------- links, fields, alt text, properties


def test_hyperlink_mailto_target_is_removed_and_link_text_redacted(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Write to ")
    rid = d.part.relate_to("mailto:jane.smith@example.gov.uk?subject=FOI", RT.HYPERLINK, is_external=True)
    p._p.append(parse_xml(
        f'<w:hyperlink {NSDECL} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rid}"><w:r><w:t>jane.smith@example.gov.uk</w:t></w:r></w:hyperlink>'))
    src = _save(d, tmp_path / "link.docx")

    doc, out, result = _redact(src, ["jane.smith@example.gov.uk"])

    assert any(s.where == "hyperlink" and s.text.startswith("mailto:jane.smith@") for s in doc.segments)
    parts = _parts(out)
    assert b"mailto" not in parts["word/_rels/document.xml.rels"]
    assert next(_document_xml(out).iter(f"{{{W}}}hyperlink"), None) is None
    assert "jane.smith" not in _raw_text(out)
    assert "Write to " + LABEL in _raw_text(out)
    _assert_valid(out)


def test_field_code_with_an_address_is_redacted(tmp_path):
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:jane.smith@</w:instrText></w:r>'
        '<w:r><w:instrText>example.gov.uk" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Email us</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    src = _edit_zip(_save(docx.Document(), tmp_path / "field.docx"), {"word/document.xml": _body_xml(field)})

    doc, out, _ = _redact(src, ["jane.smith@example.gov.uk"])

    assert any(s.where == "field" and "jane.smith@example.gov.uk" in s.text for s in doc.segments)
    raw = _raw_text(out)
    assert "jane.smith" not in raw and f'HYPERLINK "mailto:{LABEL}' in raw and "Email us" in raw


def test_alt_text_naming_a_person_is_cleared(tmp_path):
    d = docx.Document()
    d.add_picture(io.BytesIO(_png()))
    src = _save(d, tmp_path / "alt.docx")
    _edit_zip(src, {"word/document.xml": lambda xml: re.sub(
        r'(<wp:docPr id="\d+" name="[^"]*")', r'\1 descr="Photo of Jane Smith" title="Jane Smith"', xml)})

    doc, out, _ = _redact(src, ["Jane Smith"])

    assert {s.text for s in doc.segments if s.where == "alt-text"} >= {"Photo of Jane Smith", "Jane Smith"}
    assert "Jane Smith" not in _raw_text(out)
    _assert_valid(out)


CUSTOM = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Reviewer">'
    '<vt:lpwstr>Omar Patel</vt:lpwstr></property></Properties>'
)


def test_core_app_and_custom_properties_are_scanned_and_cleared(tmp_path):
    d = docx.Document()
    d.add_paragraph("Body.")
    props = d.core_properties
    props.author, props.last_modified_by, props.title = "Jane Smith", "Omar Patel", "Notes by Jane Smith"
    props.subject, props.keywords, props.comments, props.category = "FOI", "Smith", "ask jane.smith@x.gov.uk", "HR"
    src = _save(d, tmp_path / "props.docx")
    _edit_zip(src, {
        "docProps/app.xml": lambda xml: xml.replace("</Properties>", "<Company>Smith Consulting</Company>"
                                                    "<Manager>Omar Patel</Manager></Properties>"),
        "_rels/.rels": _add_rel("rIdCustom", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                "custom-properties", "docProps/custom.xml"),
        "[Content_Types].xml": _add_override(
            "docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml"),
    }, add={"docProps/custom.xml": CUSTOM.encode()})

    doc = HANDLER.extract(src, OPTIONS)
    metadata = {s.text for s in doc.segments if s.where == "metadata"}
    assert {"Jane Smith", "Omar Patel", "Smith Consulting", "Reviewer"} <= metadata
    assert "METADATA" in [h.entity for h in doc.hidden]

    out = tmp_path / "out.docx"
    HANDLER.redact(doc, _decide(doc, []), out, OPTIONS)
    parts = _parts(out)
    assert "docProps/custom.xml" not in parts
    assert b"custom" not in parts["_rels/.rels"] and b"custom-properties" not in parts["[Content_Types].xml"]
    raw = _raw_text(out)
    for value in ("Jane", "Smith", "Omar Patel", "jane.smith", "HR"):
        assert value not in raw
    _assert_valid(out)


def test_thumbnail_and_custom_xml_are_removed_and_package_stays_valid(tmp_path):
    # python-docx's template carries a page thumbnail and a customXml item
    d = docx.Document()
    d.add_paragraph("Body.")
    doc, out, result = _redact(_save(d, tmp_path / "thumb.docx"), [])
    assert "THUMBNAIL" in [h.entity for h in doc.hidden]
    assert "docProps/thumbnail.jpeg" not in _parts(out)
    _assert_valid(out)


# --------------------------------------------------------------------------- safety and hostile input


def test_input_file_is_not_modified(tmp_path):
    d = docx.Document()
    d.add_paragraph("Jane Smith")
    src = _save(d, tmp_path / "in.docx")
    before = src.read_bytes()
    _redact(src, ["Jane Smith"])
    assert src.read_bytes() == before


def test_residual_text_reads_every_part_with_runs_joined_and_attributes(tmp_path):
    src = _edit_zip(_save(docx.Document(), tmp_path / "r.docx"), {"word/document.xml": _body_xml(
        '<w:p><w:r><w:t>Ja</w:t></w:r><w:r><w:t>ne</w:t><w:tab/><w:t>Smith</w:t></w:r></w:p>')})
    residue = dict(HANDLER.residual_text(src, OPTIONS))
    assert "Jane Smith" in residue["word/document.xml"]
    assert "Normal.dotm" in residue["docProps/app.xml"]
    assert "http://schemas.openxmlformats.org" in residue["_rels/.rels"]  # attribute values


def test_external_entity_in_a_part_is_refused(tmp_path):
    evil = tmp_path / "xxe.docx"
    _save(docx.Document(), evil)
    _edit_zip(evil, {"word/document.xml": lambda xml: xml.replace(
        "<w:document", '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document', 1)
        .replace("<w:body>", "<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p>", 1)})
    with pytest.raises(FileProcessingError):
        HANDLER.extract(evil, OPTIONS)


def test_truncated_and_non_zip_files_raise_a_one_line_error(tmp_path):
    d = docx.Document()
    src = _save(d, tmp_path / "whole.docx")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(src.read_bytes()[:900])
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip at all")
    for path in (cut, junk):
        with pytest.raises(FileProcessingError) as err:
            HANDLER.extract(path, OPTIONS)
        assert "\n" not in str(err.value)


def test_workbook_renamed_to_docx_is_refused(tmp_path):
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    with pytest.raises(FileProcessingError, match="main document"):
        HANDLER.extract(path, OPTIONS)


def test_encrypted_docx_needs_its_password(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    d = docx.Document()
    d.add_paragraph("Jane Smith manages the firewall.")
    plain = _save(d, tmp_path / "plain.docx")
    locked = tmp_path / "locked.docx"
    with plain.open("rb") as fh, locked.open("wb") as out:
        OOXMLFile(fh).encrypt("s3cret", out)

    with pytest.raises(EncryptedFile, match="password"):
        HANDLER.extract(locked, OPTIONS)
    with pytest.raises(EncryptedFile):
        HANDLER.extract(locked, ReadOptions(passwords=["wrong"]))
    doc = HANDLER.extract(locked, ReadOptions(passwords=["wrong", "s3cret"]))
    assert any(s.text == "Jane Smith manages the firewall." for s in doc.segments)
    out = tmp_path / "out.docx"
    result = HANDLER.redact(doc, _decide(doc, ["Jane Smith"]), out, OPTIONS)
    assert "Jane Smith" not in _raw_text(out)
    assert any("encrypted" in w for w in result.warnings)


# --------------------------------------------------------------------------- Apache POI corpus (skipped without ../shared)


def _poi(name: str) -> Path:
    path = POI / name
    if not path.exists():
        pytest.skip("../shared corpus not present")
    return path


def test_poi_comment_docx_comment_is_found_and_removed(tmp_path):
    src = tmp_path / "comment.docx"
    src.write_bytes(_poi("comment.docx").read_bytes())
    doc, out, _ = _redact(src, [])
    assert "COMMENT" in [h.entity for h in doc.hidden]
    assert any(s.where == "comment" for s in doc.segments)
    assert not any(n.startswith("word/comments") for n in _parts(out))
    _assert_valid(out)


def test_poi_delins_docx_deleted_text_is_gone(tmp_path):
    src = tmp_path / "delins.docx"
    src.write_bytes(_poi("delins.docx").read_bytes())
    doc, out, _ = _redact(src, [])
    deleted = [s for s in doc.segments if s.where == "revision" and s.hidden and " " in s.text.strip()]
    assert deleted and "TRACKED_CHANGE" in [h.entity for h in doc.hidden]
    root = _document_xml(out)
    for tag in ("del", "ins", "delText"):
        assert next(root.iter(f"{{{W}}}{tag}"), None) is None
    raw = _raw_text(out)
    for seg in deleted:
        if len(seg.text.strip()) > 12:
            assert seg.text not in raw
    _assert_valid(out)


def test_poi_document_properties_are_found_and_cleared(tmp_path):
    src = tmp_path / "props.docx"
    src.write_bytes(_poi("documentProperties.docx").read_bytes())
    doc, out, _ = _redact(src, [])
    meta = [h for h in doc.hidden if h.entity == "METADATA"]
    assert meta and "creator" in meta[0].detail
    core = etree.fromstring(_parts(out)["docProps/core.xml"], SAFE_PARSER)
    assert not [e for e in core if _local(e.tag) in ("creator", "lastModifiedBy", "title") and (e.text or "").strip()]
    _assert_valid(out)


@pytest.mark.parametrize("name", ["bug53475-password-is-pass.docx", "protected_agile.docx"])
def test_poi_encrypted_docx_without_password_asks_for_one(name):
    with pytest.raises(EncryptedFile, match="password"):
        HANDLER.extract(_poi(name), OPTIONS)


def test_poi_encrypted_docx_that_cannot_be_decrypted_fails_cleanly():
    # msoffcrypto-tool rejects this one's key size even with the right password: a clear error, no traceback
    with pytest.raises(FileProcessingError) as err:
        HANDLER.extract(_poi("bug53475-password-is-pass.docx"), ReadOptions(passwords=["pass"]))
    assert "\n" not in str(err.value)


def test_poi_agile_encrypted_docx_opens_with_its_password():
    doc = HANDLER.extract(_poi("protected_agile.docx"), ReadOptions(passwords=["VelvetSweatshop"]))
    assert any(s.where == "prose" and s.text.strip() for s in doc.segments)


@pytest.mark.parametrize("name", [
    "truncated62886.docx", "ExternalEntityInText.docx",
    "clusterfuzz-testcase-minimized-POIFuzzer-6709287337197568.docx",
    "clusterfuzz-testcase-minimized-POIXWPFFuzzer-6442791109263360.docx",
])
def test_poi_hostile_docx_raises_file_processing_error(name):
    with pytest.raises(FileProcessingError) as err:
        HANDLER.extract(_poi(name), OPTIONS)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("name", [
    "WordWithAttachments.docx", "drawing.docx", "headerFooter.docx", "footnotes.docx", "SimpleMacro.docm",
    "documentProtection_readonly_no_password.docx",
])
def test_poi_feature_documents_round_trip_to_valid_packages(tmp_path, name):
    src = tmp_path / name
    src.write_bytes(_poi(name).read_bytes())
    doc, out, result = _redact(src, [])
    assert _problems(out) == []
    entities = {h.entity for h in doc.hidden}
    if name == "WordWithAttachments.docx":
        assert {"EMBEDDED_OBJECT", "COMMENT"} <= entities
        assert not any(n.startswith("word/embeddings/") for n in _parts(out))
    if name == "SimpleMacro.docm":
        assert "VBA_PROJECT" in entities and "word/vbaProject.bin" not in _parts(out)
    if name == "headerFooter.docx":
        assert {s.where for s in doc.segments} >= {"header", "footer"}
    if name == "footnotes.docx":
        assert "footnote" in {s.where for s in doc.segments}
