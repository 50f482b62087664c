"""XLSX handler: what extract() sees (cells, hidden content) and what survives redact(), read back from raw XML."""
from __future__ import annotations

import html
import re
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
import xlsxwriter
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from redactor.errors import EncryptedFile, FileProcessingError
from redactor.formats import xlsx
from redactor.formats.base import MARKUP_WHERE_SUFFIX, ReadOptions
from redactor.models import Action, Decision, Document, Finding

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
POI = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "external" / "poi"
OPTS = ReadOptions()
LABEL = "[Redacted s40(2)]"


# --------------------------------------------------------------------------- helpers


def poi(name: str) -> Path:
    path = POI / name
    if not path.exists():
        pytest.skip(f"../shared corpus not present ({name})")
    return path


def decisions_for(doc: Document, values: list[str], hidden: dict[str, Action] | None = None,
                  whole: bool = False) -> list[Decision]:
    """A REDACT decision for every occurrence of each value in every segment, and a decision for every
    hidden item (REMOVE unless `hidden` says otherwise), as the pipeline would produce them."""
    out: list[Decision] = []
    for seg in doc.segments:
        for value in values:
            for m in re.finditer(re.escape(value), seg.text):
                f = Finding(seg.id, m.start(), m.end(), "PERSON", 0.9, "test", "test", value, whole_segment=whole)
                out.append(Decision(f, Action.REDACT, "s40(2)", LABEL))
    for i, item in enumerate(doc.hidden):
        action = (hidden or {}).get(item.entity, Action.REMOVE)
        f = Finding(-1, 0, 0, item.entity, 1.0, "hidden-data", "xlsx", hidden_item=i)
        out.append(Decision(f, action, "", "[Redacted ]"))
    return out


def run(path: Path, values: list[str], tmp_path: Path, **kw) -> tuple[Document, Path, object]:
    doc = xlsx.HANDLER.extract(path, OPTS)
    out = tmp_path / ("out" + path.suffix)
    result = xlsx.HANDLER.redact(doc, decisions_for(doc, values, **kw), out, OPTS)
    return doc, out, result


def package_text(path: Path) -> str:
    """Every part's raw characters plus its parsed text nodes and attribute values (stdlib only)."""
    bits: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            raw = data.decode("utf-8", "replace")
            bits.append(raw)
            bits.append(html.unescape(raw))
            try:
                root = ET.fromstring(data)
            except ET.ParseError:
                continue
            for el in root.iter():
                bits.extend(v for v in el.attrib.values())
                bits.append("".join(el.itertext()))
    return "\n".join(bits)


def package_problems(path: Path) -> list[str]:
    """What an Office application would refuse: parts with no content type, relationships to missing parts,
    cell values that contradict their declared type."""
    problems: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        ct = ET.fromstring(zf.read("[Content_Types].xml"))
        defaults = {e.get("Extension", "").lower() for e in ct if e.tag.endswith("Default")}
        overrides = {e.get("PartName", "").lstrip("/") for e in ct if e.tag.endswith("Override")}
        for n in names:
            if n != "[Content_Types].xml" and n not in overrides and n.rsplit(".", 1)[-1].lower() not in defaults:
                problems.append(f"no content type: {n}")
        for n in (n for n in names if n.endswith(".rels")):
            folder = n.rsplit("_rels/", 1)[0]
            for rel in ET.fromstring(zf.read(n)):
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External" or target.startswith("#"):
                    continue
                full = target.lstrip("/") if target.startswith("/") else _norm(folder + target)
                if full not in names:
                    problems.append(f"missing target {full} from {n}")
        for n in (n for n in names if re.match(r"xl/worksheets/[^/]+\.xml$", n)):
            for c in ET.fromstring(zf.read(n)).iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}c"):
                v = c.find("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v")
                if v is not None and v.text and c.get("t", "n") == "n":
                    try:
                        float(v.text)
                    except ValueError:
                        problems.append(f"text in numeric cell {c.get('r')}")
    return problems


def _norm(path: str) -> str:
    out: list[str] = []
    for bit in path.split("/"):
        if bit == "..":
            out and out.pop()
        elif bit not in ("", "."):
            out.append(bit)
    return "/".join(out)


def inject(path: Path, parts: dict[str, str], rels: list[tuple[str, str, str, str]], overrides: dict[str, str],
           workbook_tail: str = "") -> None:
    """Add raw parts to a saved workbook. rels: (rels part, id, type, target); overrides: part → content type."""
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    for name, text in parts.items():
        files[name] = text.encode()
    ET.register_namespace("", REL_NS)
    for rels_part, rid, rtype, target in rels:
        root = ET.fromstring(files[rels_part]) if rels_part in files else ET.Element(f"{{{REL_NS}}}Relationships")
        ET.SubElement(root, f"{{{REL_NS}}}Relationship", Id=rid, Type=rtype, Target=target)
        files[rels_part] = ET.tostring(root, xml_declaration=True, encoding="UTF-8")
    ct = files["[Content_Types].xml"].decode()
    for name, ctype in overrides.items():
        ct = ct.replace("</Types>", f'<Override PartName="/{name}" ContentType="{ctype}"/></Types>')
    files["[Content_Types].xml"] = ct.encode()
    if workbook_tail:
        wb = files["xl/workbook.xml"].decode()
        files["xl/workbook.xml"] = wb.replace("</workbook>", workbook_tail + "</workbook>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)


def seg_wheres(doc: Document, value: str) -> set[str]:
    return {s.where for s in doc.segments if value in s.text}


def entities(doc: Document) -> list[str]:
    return [h.entity for h in doc.hidden]


# --------------------------------------------------------------------------- cells


def test_cell_span_redaction_keeps_the_rest_of_the_text(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Contract officer"
    wb.active["B1"] = "Call Jane Okafor on extension 4412"
    wb.save(path)
    doc, out, _ = run(path, ["Jane Okafor"], tmp_path)
    seg = next(s for s in doc.segments if "Jane Okafor" in s.text)
    assert seg.where == "table" and seg.cell.row == 0 and seg.cell.col == 1 and str(seg.location) == "Sheet!B1"
    assert "Jane Okafor" not in package_text(out)
    assert openpyxl.load_workbook(out).active["B1"].value == f"Call {LABEL} on extension 4412"
    assert package_problems(out) == []


def test_numeric_and_date_cells_redacted_whole_become_valid_text_cells(tmp_path):
    import datetime as dt

    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "Yearly value", 59070
    ws["B1"].number_format = "£#,##0.00"
    ws["A2"], ws["B2"] = "Expiry", dt.datetime(2021, 6, 12)
    ws["B2"].number_format = "dd-mmm-yyyy"
    wb.save(path)
    doc = xlsx.HANDLER.extract(path, OPTS)
    number = next(s for s in doc.segments if s.location.cell == "B1")
    date = next(s for s in doc.segments if s.location.cell == "B2")
    assert number.text == "59070" and number.ref["kind"] == "number"
    assert date.text == "12-Jun-2021" and date.ref["kind"] == "date" and date.ref["iso"] == "2021-06-12"
    out = tmp_path / "out.xlsx"
    xlsx.HANDLER.redact(doc, decisions_for(doc, ["59070", "12-Jun-2021"], whole=True), out, OPTS)
    text = package_text(out)
    assert "59070" not in text and "44359" not in text  # the value and the date serial
    ws2 = openpyxl.load_workbook(out).active
    assert ws2["B1"].value == LABEL and ws2["B1"].data_type == "s"
    assert ws2["B2"].value == LABEL and ws2["B2"].data_type == "s"
    assert package_problems(out) == []


def test_hyperlink_target_is_scanned_and_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Email the officer"
    wb.active["A1"].hyperlink = "mailto:jane.okafor@example.gov.uk"
    wb.save(path)
    doc, out, _ = run(path, ["jane.okafor@example.gov.uk"], tmp_path)
    assert "hyperlink" in seg_wheres(doc, "jane.okafor@example.gov.uk")
    assert "jane.okafor" not in package_text(out)
    assert openpyxl.load_workbook(out).active["A1"].value == "Email the officer"
    assert package_problems(out) == []


def test_formula_and_its_cached_value_are_scanned_and_gone(tmp_path):
    path = tmp_path / "in.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet()
        ws.write("A1", "Email")
        ws.write_formula("B1", '=HYPERLINK("mailto:jane.okafor@example.gov.uk","Jane Okafor")', None, "Jane Okafor")
        ws.write_formula("C1", '=UPPER("siobhan")', None, "SIOBHAN KELLY")
    doc, out, _ = run(path, ["jane.okafor@example.gov.uk", "Jane Okafor", "SIOBHAN KELLY"], tmp_path)
    formula_texts = [s.text for s in doc.segments if s.where == "formula"]
    assert any(t.startswith("=HYPERLINK(") for t in formula_texts)
    assert "SIOBHAN KELLY" in formula_texts  # the cached value openpyxl would have dropped
    text = package_text(out)
    for value in ("jane.okafor", "Jane Okafor", "SIOBHAN KELLY"):
        assert value not in text
    assert openpyxl.load_workbook(out).active["B1"].value == LABEL
    assert package_problems(out) == []


def test_untouched_formula_keeps_its_cached_value(tmp_path):
    path = tmp_path / "in.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet()
        ws.write_number("A1", 100)
        ws.write_number("A2", 250)
        ws.write_formula("A3", "=SUM(A1:A2)", None, 350)
    _, out, _ = run(path, [], tmp_path)
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="A3"[^>]*><f>SUM\(A1:A2\)</f><v>350</v>', sheet)
    assert package_problems(out) == []


def test_white_font_and_fake_box_cells_are_reported_and_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Mobile 07700 900123"
    ws["A1"].font = Font(color="FFFFFF")
    ws["A2"] = "Out of hours: Niamh Fitzgerald"
    ws["A2"].font = Font(color="000000")
    ws["A2"].fill = PatternFill("solid", fgColor="000000")
    ws["A3"] = "Hidden by format"
    ws["A3"].number_format = ";;;"
    ws["A4"] = "Ordinary text"
    wb.save(path)
    doc, out, _ = run(path, [], tmp_path)
    found = {(h.entity, h.location.cell) for h in doc.hidden}
    assert {("HIDDEN_CELL", "A1"), ("FAKE_REDACTION", "A2"), ("HIDDEN_CELL", "A3")} <= found
    assert not any(h.location.cell == "A4" for h in doc.hidden)
    assert {"Mobile 07700 900123", "Out of hours: Niamh Fitzgerald"} <= {s.text for s in doc.segments}  # still scanned
    text = package_text(out)
    assert "07700 900123" not in text and "Niamh Fitzgerald" not in text and "Hidden by format" not in text
    assert "Ordinary text" in text
    assert package_problems(out) == []


# --------------------------------------------------------------------------- hidden sheets, rows, columns


def _hidden_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    main = wb.active
    main.title = "Register"
    main.append(["Product", "Officer", "Mobile"])
    main.append(["Firewall", "Team A", "07700 900111"])
    main.append(["Anti-virus", "Rohan Doherty", "07700 900222"])
    main.column_dimensions["C"].hidden = True
    main.row_dimensions[3].hidden = True
    staff = wb.create_sheet("Staff")
    staff.append(["Name", "Role"])
    staff.append(["Harriet Mbatha", "Information Security Officer"])
    staff.sheet_state = "hidden"
    wb.save(path)


def test_hidden_sheet_is_scanned_and_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    _hidden_workbook(path)
    doc, out, result = run(path, ["Harriet Mbatha"], tmp_path)
    seg = next(s for s in doc.segments if s.text == "Harriet Mbatha")
    assert seg.where == "hidden-sheet" and seg.hidden and seg.cell.table == "Staff"
    assert any(h.entity == "HIDDEN_SHEET" and h.location.sheet == "Staff" for h in doc.hidden)
    text = package_text(out)
    assert "Harriet Mbatha" not in text and "Information Security Officer" not in text
    assert openpyxl.load_workbook(out).sheetnames == ["Register"]
    assert any("hidden sheet" in r for r in result.removed)
    assert package_problems(out) == []


def test_hidden_sheet_kept_is_unhidden_with_its_cells_redacted(tmp_path):
    path = tmp_path / "in.xlsx"
    _hidden_workbook(path)
    _, out, _ = run(path, ["Harriet Mbatha"], tmp_path, hidden={"HIDDEN_SHEET": Action.KEEP})
    wb = openpyxl.load_workbook(out)
    assert wb["Staff"].sheet_state == "visible"
    assert wb["Staff"]["A2"].value == LABEL and wb["Staff"]["B2"].value == "Information Security Officer"
    assert "Harriet Mbatha" not in package_text(out)


def test_hidden_column_and_row_cells_are_scanned_and_cleared(tmp_path):
    path = tmp_path / "in.xlsx"
    _hidden_workbook(path)
    doc, out, _ = run(path, [], tmp_path)
    assert seg_wheres(doc, "07700 900111") == {"hidden-column"}
    assert seg_wheres(doc, "Rohan Doherty") == {"hidden-row"}
    items = {(h.entity, h.location.cell) for h in doc.hidden}
    assert ("HIDDEN_COLUMN", "C:C") in items and ("HIDDEN_ROW", "3:3") in items
    text = package_text(out)
    assert "07700 900111" not in text and "Rohan Doherty" not in text
    ws = openpyxl.load_workbook(out)["Register"]
    assert ws["A2"].value == "Firewall" and ws.column_dimensions["C"].hidden  # structure kept
    assert package_problems(out) == []


def test_rows_hidden_by_a_filter_are_reported(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Team"])
    ws.append(["Visible Person", "ICT"])
    ws.append(["Filtered Person", "HR"])
    ws.auto_filter.ref = "A1:B3"
    ws.row_dimensions[3].hidden = True
    wb.save(path)
    doc = xlsx.HANDLER.extract(path, OPTS)
    row = next(h for h in doc.hidden if h.entity == "HIDDEN_ROW")
    assert row.location.cell == "3:3" and "filter" in row.detail
    assert seg_wheres(doc, "Filtered Person") == {"hidden-row"}


# --------------------------------------------------------------------------- comments


def test_comment_is_reported_and_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active["B4"] = "Softcat"
    wb.active["B4"].comment = Comment("Figure confirmed with Joanna DSouza", "Harriet Mbatha")
    wb.save(path)
    doc, out, result = run(path, [], tmp_path)
    assert seg_wheres(doc, "Joanna DSouza") == {"comment"} and seg_wheres(doc, "Harriet Mbatha") == {"comment"}
    assert any(h.entity == "COMMENT" and str(h.location) == "Sheet!B4" for h in doc.hidden)
    text = package_text(out)
    assert "Joanna DSouza" not in text and "Harriet Mbatha" not in text
    assert "Softcat" in text
    assert any("note" in r for r in result.removed)
    assert package_problems(out) == []


THREADED_CT = "application/vnd.ms-excel.threadedcomments+xml"
PERSON_CT = "application/vnd.ms-excel.person+xml"
MS_REL = "http://schemas.microsoft.com/office/2017/10/relationships"
TC_NS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"


def test_threaded_comments_and_persons_are_reported_and_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A3"] = "Budget"
    wb.active["A3"].comment = Comment("[Threaded comment] see thread", "tc={X}")
    wb.save(path)
    inject(
        path,
        parts={
            "xl/threadedComments/threadedComment1.xml": f'<ThreadedComments xmlns="{TC_NS}"><threadedComment ref="A3" '
            'dT="2024-01-01T10:00:00" personId="{P1}" id="{C1}"><text>Ask Priya Whitfield about this</text>'
            "</threadedComment></ThreadedComments>",
            "xl/persons/person.xml": f'<personList xmlns="{TC_NS}"><person displayName="Kwame Gallagher" id="{{P1}}" '
            'userId="kwame.gallagher@example.gov.uk" providerId="AD"/></personList>',
        },
        rels=[
            ("xl/worksheets/_rels/sheet1.xml.rels", "rIdT1", f"{MS_REL}/threadedComment",
             "../threadedComments/threadedComment1.xml"),
            ("xl/_rels/workbook.xml.rels", "rIdP1", f"{MS_REL}/person", "persons/person.xml"),
        ],
        overrides={"xl/threadedComments/threadedComment1.xml": THREADED_CT, "xl/persons/person.xml": PERSON_CT},
    )
    doc, out, result = run(path, [], tmp_path)
    assert seg_wheres(doc, "Priya Whitfield") == {"comment"}
    assert seg_wheres(doc, "Kwame Gallagher") == {"comment"}
    assert entities(doc).count("COMMENT") == 3  # the note, the thread, the persons list
    text = package_text(out)
    for value in ("Priya Whitfield", "Kwame Gallagher", "kwame.gallagher"):
        assert value not in text
    assert {"xl/persons/person.xml", "xl/threadedComments/threadedComment1.xml"} <= set(result.removed)
    assert package_problems(out) == []


def test_poi_threaded_comments_removed(tmp_path):
    doc, out, _ = run(poi("right-to-left.xlsx"), [], tmp_path)
    assert "PJ Fanning" in {s.text for s in doc.segments}
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if "threadedComment" in n or "persons" in n]
    assert "PJ Fanning" not in package_text(out) and "pfanning" not in package_text(out)
    assert package_problems(out) == []


# --------------------------------------------------------------------------- parts openpyxl keeps or cannot see


PIVOT_DEF = (
    '<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1" recordCount="1">'
    '<cacheSource type="worksheet"><worksheetSource ref="A1:B2" sheet="Sheet"/></cacheSource>'
    '<cacheFields count="2"><cacheField name="Officer" numFmtId="0"><sharedItems/></cacheField>'
    '<cacheField name="Spend" numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>'
)
PIVOT_RECORDS = (
    '<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
    '<r><s v="Gareth Trevelyan"/><n v="76880"/></r></pivotCacheRecords>'
)


def test_pivot_cache_records_are_scanned_and_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Officer", "Spend"])
    wb.active.append(["[already removed]", 0])
    wb.save(path)
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    inject(
        path,
        parts={"xl/pivotCache/pivotCacheDefinition1.xml": PIVOT_DEF,
               "xl/pivotCache/pivotCacheRecords1.xml": PIVOT_RECORDS},
        rels=[
            ("xl/_rels/workbook.xml.rels", "rIdPC", f"{ns}/pivotCacheDefinition",
             "pivotCache/pivotCacheDefinition1.xml"),
            ("xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels", "rId1", f"{ns}/pivotCacheRecords",
             "pivotCacheRecords1.xml"),
        ],
        overrides={
            "xl/pivotCache/pivotCacheDefinition1.xml":
                "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
            "xl/pivotCache/pivotCacheRecords1.xml":
                "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml",
        },
        workbook_tail=f'<pivotCaches><pivotCache xmlns:r="{ns}" cacheId="1" r:id="rIdPC"/></pivotCaches>',
    )
    doc, out, _ = run(path, [], tmp_path)
    assert seg_wheres(doc, "Gareth Trevelyan") == {"pivot-cache"}
    assert "PIVOT_CACHE" in entities(doc)
    text = package_text(out)
    assert "Gareth Trevelyan" not in text and "76880" not in text and "pivotCache" not in text
    assert package_problems(out) == []


def test_poi_pivot_tables_and_caches_are_removed(tmp_path):
    doc, out, result = run(poi("ExcelPivotTableSample.xlsx"), [], tmp_path)
    assert entities(doc).count("PIVOT_CACHE") >= 2 and "DATA_CONNECTION" in entities(doc)
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if "pivot" in n.lower() or "connections" in n]
        assert b"pivotCache" not in zf.read("xl/workbook.xml")
    assert any(r.startswith("xl/pivotCache/") for r in result.removed)
    assert package_problems(out) == []


def test_poi_external_link_is_removed_and_formula_keeps_its_value(tmp_path):
    doc, out, result = run(poi("link-external-workbook-b.xlsx"), [], tmp_path)
    assert "EXTERNAL_LINK" in entities(doc)
    assert "link-external-workbook-a.xlsx" in " ".join(s.text for s in doc.segments if s.where == "external-link")
    text = package_text(out)
    assert "link-external-workbook-a" not in text and "externalLink" not in text
    assert openpyxl.load_workbook(out).active["A1"].value == 30
    assert "xl/externalLinks/externalLink0.xml" in result.removed
    assert package_problems(out) == []


def test_chart_caches_are_scanned_and_emptied(tmp_path):
    path = tmp_path / "in.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet()
        ws.write_column("A1", ["Fiona Trevelyan", "Team B"])
        ws.write_column("B1", [10, 20])
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"categories": "=Sheet1!$A$1:$A$2", "values": "=Sheet1!$B$1:$B$2"})
        ws.insert_chart("D2", chart)
    doc, out, _ = run(path, ["Fiona Trevelyan"], tmp_path)
    assert "chart" in seg_wheres(doc, "Fiona Trevelyan") and "CHART_CACHE" in entities(doc)
    assert "Fiona Trevelyan" not in package_text(out)
    with zipfile.ZipFile(out) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/")]
        assert charts and all(b"strCache" not in zf.read(n) for n in charts)
    assert package_problems(out) == []


def test_document_properties_are_scanned_and_cleared(tmp_path):
    path = tmp_path / "in.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        wb.set_properties({"author": "Kwame Gallagher", "title": "Checked by Priya Whitfield", "company": "Acme Ltd",
                           "manager": "Siobhan Kelly", "comments": "Draft by Kwame Gallagher", "keywords": "secret"})
        wb.set_custom_property("Reviewer", "Tomasz Mensah")
        wb.add_worksheet().write("A1", "Register")
    doc, out, result = run(path, [], tmp_path)
    meta = {s.text for s in doc.segments if s.where == "metadata"}
    assert {"Kwame Gallagher", "Checked by Priya Whitfield", "Acme Ltd", "Siobhan Kelly", "Tomasz Mensah"} <= meta
    assert "METADATA" in entities(doc)
    text = package_text(out)
    for value in ("Kwame Gallagher", "Priya Whitfield", "Acme Ltd", "Siobhan Kelly", "Tomasz Mensah", "secret"):
        assert value not in text
    with zipfile.ZipFile(out) as zf:
        assert "docProps/custom.xml" not in zf.namelist()
    assert package_problems(out) == []


def test_header_and_footer_text_is_redacted(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Register"
    ws.oddHeader.left.text = "Prepared by Eleanor ONeill"
    ws.oddFooter.right.text = "Page &P of &N"
    wb.save(path)
    doc = xlsx.HANDLER.extract(path, OPTS)
    assert seg_wheres(doc, "Eleanor ONeill") == {"header"}
    assert "footer" in {s.where for s in doc.segments}
    out = tmp_path / "out.xlsx"
    # Kept header/footer items: the span is redacted, the rest stays.
    xlsx.HANDLER.redact(doc, decisions_for(doc, ["Eleanor ONeill"], hidden={"HEADER_FOOTER": Action.KEEP}), out, OPTS)
    assert "Eleanor ONeill" not in package_text(out)
    ws2 = openpyxl.load_workbook(out).active
    assert ws2.oddHeader.left.text == f"Prepared by {LABEL}" and ws2.oddFooter.right.text == "Page &P of &N"
    # Removed header/footer items: cleared.
    xlsx.HANDLER.redact(doc, decisions_for(doc, []), out, OPTS)
    assert "Eleanor ONeill" not in package_text(out) and "Prepared by" not in package_text(out)
    assert package_problems(out) == []


def test_defined_name_holding_a_value_is_scanned_and_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.defined_names["OutOfHours"] = DefinedName("OutOfHours", attr_text='"07700 900777"')
    wb.defined_names["DataRange"] = DefinedName("DataRange", attr_text="Sheet!$A$1")
    wb.save(path)
    doc, out, _ = run(path, [], tmp_path)
    assert seg_wheres(doc, "07700 900777") == {"defined-name"}
    assert [h.location for h in doc.hidden if h.entity == "DEFINED_NAME"] and len(
        [h for h in doc.hidden if h.entity == "DEFINED_NAME"]) == 1  # a plain range reference is not hidden data
    text = package_text(out)
    assert "07700 900777" not in text and "DataRange" in text
    assert package_problems(out) == []


def test_data_validation_list_is_scanned_and_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    dv = DataValidation(type="list", formula1='"Rhiannon Thackeray,Callum Carrick-Jones"')
    dv.add("B2:B10")
    wb.active.add_data_validation(dv)
    wb.active["A1"] = "Officer"
    wb.save(path)
    doc, out, _ = run(path, [], tmp_path)
    assert seg_wheres(doc, "Rhiannon Thackeray") == {"data-validation"} and "DATA_VALIDATION" in entities(doc)
    assert "Rhiannon Thackeray" not in package_text(out)
    assert package_problems(out) == []


def test_drawing_text_boxes_are_scanned_and_reported_as_dropped(tmp_path):
    doc, out, result = run(poi("WithTextBox.xlsx"), [], tmp_path)
    assert "textbox" in {s.where for s in doc.segments} and "DRAWING" in entities(doc)
    assert any("dropped on save" in w for w in result.warnings)
    assert package_problems(out) == []


def test_vba_project_is_flagged_and_removed_keeping_a_macro_workbook_type(tmp_path):
    doc, out, result = run(poi("SimpleMacro.xlsm"), [], tmp_path)
    assert "VBA_PROJECT" in entities(doc)
    with zipfile.ZipFile(out) as zf:
        assert "xl/vbaProject.bin" not in zf.namelist()
        assert b"macroEnabled.main+xml" in zf.read("[Content_Types].xml")
    assert "xl/vbaProject.bin" in result.removed
    assert package_problems(out) == []


# --------------------------------------------------------------------------- the package as a whole


def test_package_stays_valid_after_everything_is_removed(tmp_path):
    path = tmp_path / "in.xlsx"
    _hidden_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb["Register"]["B2"].comment = Comment("note", "Someone Else")
    wb["Register"]["B2"].hyperlink = "https://intranet.example/x"
    wb.save(path)
    with xlsxwriter.Workbook(str(tmp_path / "chart.xlsx")) as xw:
        ws = xw.add_worksheet()
        ws.write_column("A1", [1, 2])
        chart = xw.add_chart({"type": "line"})
        chart.add_series({"values": "=Sheet1!$A$1:$A$2"})
        ws.insert_chart("C1", chart)
    for source in (path, tmp_path / "chart.xlsx"):
        doc, out, _ = run(source, ["Harriet Mbatha", "Team A"], tmp_path)
        assert package_problems(out) == []
        assert openpyxl.load_workbook(out).worksheets  # and openpyxl can read it back


def test_residual_text_reads_every_part_including_orphaned_shared_strings(tmp_path):
    path = tmp_path / "in.xlsx"
    openpyxl.Workbook().save(path)
    orphan = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
              "<si><t>Orphan Okafor</t></si></sst>")
    inject(path, parts={"xl/sharedStrings.xml": orphan}, rels=[], overrides={})
    texts = dict(xlsx.HANDLER.residual_text(path, OPTS))
    assert "Orphan Okafor" in texts["xl/sharedStrings.xml"]
    # Markup attribute values come apart from each XML part's text, under the part's name + a suffix.
    assert {where.removesuffix(MARKUP_WHERE_SUFFIX) for where in texts} == set(zipfile.ZipFile(path).namelist())
    out = tmp_path / "out.xlsx"
    doc = xlsx.HANDLER.extract(path, OPTS)
    xlsx.HANDLER.redact(doc, decisions_for(doc, []), out, OPTS)
    assert not any("Orphan Okafor" in t for _, t in xlsx.HANDLER.residual_text(out, OPTS))


def test_input_file_is_never_modified(tmp_path):
    path = tmp_path / "in.xlsx"
    _hidden_workbook(path)
    before = path.read_bytes()
    run(path, ["Harriet Mbatha"], tmp_path)
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- bad input


def test_crafted_duplicate_entries_and_zip_bomb_are_refused(tmp_path):
    import warnings

    good = tmp_path / "good.xlsx"
    openpyxl.Workbook().save(good)
    with zipfile.ZipFile(good) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    dup = tmp_path / "dup.xlsx"
    with warnings.catch_warnings(), zipfile.ZipFile(dup, "w") as zf:
        warnings.simplefilter("ignore")
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr("xl/worksheets/sheet1.xml", files["xl/worksheets/sheet1.xml"])
    with pytest.raises(FileProcessingError, match="duplicate"):
        xlsx.HANDLER.extract(dup, OPTS)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr("xl/media/blob.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    with pytest.raises(FileProcessingError, match="zip bomb"):
        xlsx.HANDLER.extract(bomb, OPTS)
    entity = tmp_path / "entity.xlsx"
    with zipfile.ZipFile(entity, "w") as zf:
        for name, data in files.items():
            if name == "docProps/core.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[-1]
            zf.writestr(name, data)
    with pytest.raises(FileProcessingError, match="DTD"):
        xlsx.HANDLER.extract(entity, OPTS)


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(FileProcessingError, match="zip"):
        xlsx.HANDLER.extract(path, OPTS)


HOSTILE = [
    ("poc-xmlbomb.xlsx", "zip bomb|DTD"),
    ("54764.xlsx", "DTD"),
    ("xxe_in_schema.xlsx", "external XML schema"),
    ("duplicate-filename.xlsx", "duplicate"),
    ("invalid.xlsx", "Content_Types"),
    ("xlsx-corrupted.xlsx", "not well-formed"),
    ("poc-shared-strings.xlsx", "crafted"),
    ("sample.strict.xlsx", "Strict"),
    ("clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5636439151607808.xlsx", "zip"),
]


@pytest.mark.parametrize("name,reason", HOSTILE)
def test_poi_hostile_files_fail_fast_with_a_one_line_reason(name, reason):
    path = poi(name)
    start = time.monotonic()
    with pytest.raises(FileProcessingError) as info:
        xlsx.HANDLER.extract(path, OPTS)
    message = str(info.value)
    assert re.search(reason, message) and "\n" not in message and len(message) < 200
    assert time.monotonic() - start < 5


ENCRYPTED = [("protected_passtika.xlsx", "tika"), ("protect.xlsx", "VelvetSweatshop"),
             ("protected_sha512.xlsx", "this is a test")]


@pytest.mark.parametrize("name,password", ENCRYPTED)
def test_poi_encrypted_files_open_with_their_password_only(name, password, tmp_path):
    path = poi(name)
    with pytest.raises(EncryptedFile, match="password"):
        xlsx.HANDLER.extract(path, OPTS)
    with pytest.raises(EncryptedFile):
        xlsx.HANDLER.extract(path, ReadOptions(passwords=["wrong"]))
    opts = ReadOptions(passwords=["wrong", password])
    doc = xlsx.HANDLER.extract(path, opts)
    assert doc.segments
    out = tmp_path / "out.xlsx"
    xlsx.HANDLER.redact(doc, decisions_for(doc, []), out, opts)
    assert zipfile.is_zipfile(out) and package_problems(out) == []  # the output is written decrypted


FEATURES = [("SimpleWithComments.xlsx", "COMMENT"), ("TwoSheetsOneHidden.xlsx", "HIDDEN_SHEET"),
            ("CVLKRA-KYC_Download_File_Structure_V3.1.xlsx", "HIDDEN_SHEET"),
            ("ExcelWithAttachments.xlsm", "EMBEDDED_OBJECT")]


@pytest.mark.parametrize("name,entity", FEATURES)
def test_poi_feature_files_report_their_hidden_content_and_stay_valid(name, entity, tmp_path):
    doc, out, _ = run(poi(name), [], tmp_path)
    assert entity in entities(doc)
    assert package_problems(out) == []
    hidden_sheets = [h.location.sheet for h in doc.hidden if h.entity == "HIDDEN_SHEET"]
    assert not set(hidden_sheets) & set(openpyxl.load_workbook(out).sheetnames)


def test_table_column_names_follow_redacted_header_cells(tmp_path):
    from openpyxl.worksheet.table import Table

    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Team", "Ask Jane Okafor", "Ask Rohan Doherty"])
    ws.append(["ICT", 1, 2])
    ws.add_table(Table(displayName="Contacts", ref="A1:C2"))
    wb.save(path)
    _, out, _ = run(path, ["Ask Jane Okafor", "Ask Rohan Doherty"], tmp_path, whole=True)
    text = package_text(out)
    assert "Okafor" not in text and "Doherty" not in text
    with zipfile.ZipFile(out) as zf:
        table = next(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/tables/"))
    assert table.count("[Redacted s40(2)]") == 2 and "[Redacted s40(2)] 2" in table  # names stay unique
    ws2 = openpyxl.load_workbook(out).active
    assert [c.value for c in ws2[1]] == ["Team", LABEL, f"{LABEL} 2"]


def test_image_alt_text_is_scanned_and_withheld_values_removed(tmp_path):
    from PIL import Image

    png = tmp_path / "red.png"
    Image.new("RGB", (8, 8), "red").save(png)
    path = tmp_path / "in.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet()
        ws.write("A1", "Photo")
        ws.insert_image("B2", str(png), {"description": "Jane Okafor at her desk"})
    doc, out, _ = run(path, ["Jane Okafor"], tmp_path)
    assert "textbox" in seg_wheres(doc, "Jane Okafor")
    text = package_text(out)
    assert "Jane Okafor" not in text and "at her desk" in text
    with zipfile.ZipFile(out) as zf:
        assert any(n.startswith("xl/media/") for n in zf.namelist())  # the image itself is kept
    assert package_problems(out) == []


def test_withheld_bare_number_is_not_matched_in_markup_attributes_but_is_caught_in_a_cell(tmp_path):
    from redactor.verify import expectations, verify_output

    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Licences", 600])
    wb.active.append(["Sites", 25])
    wb.save(path)
    doc = xlsx.HANDLER.extract(path, OPTS)
    decisions = decisions_for(doc, ["600"], whole=True)
    out = tmp_path / "out.xlsx"
    xlsx.HANDLER.redact(doc, decisions, out, OPTS)
    assert 'tabRatio="600"' in zipfile.ZipFile(out).read("xl/workbook.xml").decode()  # the trap is there
    expected, _ = expectations(doc, decisions)
    assert [e.value for e in expected] == ["600"]
    assert verify_output(xlsx.HANDLER, out, OPTS, expected) == []
    for leak in (600, "600"):  # a number cell (<v>) and a shared string
        leaked = tmp_path / f"leaked-{type(leak).__name__}.xlsx"
        book = openpyxl.load_workbook(out)
        book.active["C5"] = leak
        book.save(leaked)
        problems = verify_output(xlsx.HANDLER, leaked, OPTS, expected)
        assert problems and "markup" not in problems[0], leak
