"""Generate a fifth, independently written held-out FOI corpus (8 invented cases) in the scorer's label schema.

Usage:
    .venv/bin/python benchmarks/heldout5/make_cases.py [--out /tmp/heldout5] [--validate]

Each case folder holds attachments plus labels.json (see /work/shared/eval/README.md).
Content is written with inline markers so every planted string is labelled where it is planted:
    «kind:text»   must_remove (category s40 for name/surname/email/phone, else s31)
    ‹kind:text›   must_keep
    kind may end with '!' (contestable reading, noted in the label) or carry '=LABEL' (label text differs
    from the planted text, e.g. a "SURNAME, Forename" name or a number in another format).

This set emphasises shapes the earlier sets did not: DOCX tables with horizontally/vertically merged cells and
a two-row header; an XLSX with a title block, merged header, totals row, hidden row and a pivot-like summary
sheet; a ReportLab ruled table that runs over two pages with its header repeated; a PDF e-mail chain with
signatures and a forwarded message; a PDF letter whose table has no ruling lines; a BOM + ';' CSV; plain-text
case notes; a security-titled purchase order; "SURNAME, Forename" names, hyphenated/apostrophe/non-English
names and initials-only sign-offs (contestable); direct dials in varied formats next to an allow-listed
switchboard in a different format.  Hidden data: DOCX comment, tracked insert/delete, core-property author,
XLSX comments, a PDF annotation and a fake black box over live PDF text.

Scope as in the eval README: s31 covers the firewall and anti-virus contracts (plus IPs and internal
hostnames); EA and BI rows are released, including technical-looking names such as "Microsoft 365 E5
Security" or "Power BI Premium".  Where a reseller supplies only withheld contracts in a file it is removed.

--validate re-reads every generated file with score.py's own extractors (same checks as heldout4).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import io
import json
import random
import re
import shutil
import struct
import sys
import zlib
from pathlib import Path

SEED = 20261128
SCORE_PY = Path("/work/shared/eval/score.py")
S40_KINDS = {"name", "surname", "email", "phone"}
CONTESTABLE = "contestable: first-name-only or initials-only reference to a staff member"


# --------------------------------------------------------------------------- labels

def _phone_key(text: str) -> str:
    d = re.sub(r"\D", "", text)
    if d.startswith("0044"):
        d = d[4:]
    elif d.startswith("44") and len(d) >= 12:
        d = d[2:]
    return d[1:] if d.startswith("0") else d


class FileLabels:
    """Labels of one attachment, deduplicated (phones by national number, text by casefold)."""

    def __init__(self):
        self.remove: dict[str, dict] = {}
        self.keep: dict[str, dict] = {}
        self.allow: list[str] = []

    @staticmethod
    def _key(text: str, kind: str) -> str:
        if kind == "phone" and len(_phone_key(text)) >= 9:
            return "phone:" + _phone_key(text)
        if kind == "phone":
            return "ext:" + re.sub(r"\D", "", text)
        return text.casefold().replace("’", "'")

    def rm(self, text: str, kind: str, where: str, note: str | None = None) -> None:
        key = self._key(text, kind)
        if key in self.remove:
            lab = self.remove[key]
            if where != lab["where"] and where not in lab.get("also", []):
                lab.setdefault("also", []).append(where)
            return
        lab = {"text": text, "category": "s40" if kind in S40_KINDS else "s31", "where": where, "kind": kind}
        if note:
            lab["note"] = note
        self.remove[key] = lab

    def kp(self, text: str, kind: str, note: str | None = None, alt: list[str] | None = None) -> None:
        key = self._key(text, kind)
        if key in self.keep:
            return
        lab = {"text": text, "kind": kind}
        if alt:
            lab["alt"] = alt
        if note:
            lab["note"] = note
        self.keep[key] = lab

    def note(self, text: str, note: str) -> None:
        for d in (self.remove, self.keep):
            for lab in d.values():
                if lab["text"] == text:
                    lab["note"] = note
                    return
        raise KeyError(text)

    def as_json(self) -> dict:
        out = {"must_remove": list(self.remove.values()), "must_keep": list(self.keep.values())}
        if self.allow:
            out["allow"] = list(self.allow)
        return out


def mk(fl: FileLabels, s: str, where: str) -> str:
    """Strip «remove» / ‹keep› markers from s, registering a label for each; return plain text."""
    out: list[str] = []
    stack: list[tuple[str, str, int]] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c in "«‹":
            j = s.index(":", i)
            stack.append((c, s[i + 1:j], len("".join(out))))
            i = j + 1
            continue
        if c in "»›":
            typ, spec, start = stack.pop()
            planted = "".join(out)[start:]
            kind, _, label = spec.partition("=")
            note = None
            if kind.endswith("!"):
                kind, note = kind[:-1], CONTESTABLE
            text = label or planted
            if typ == "«":
                fl.rm(text, kind, where, note)
            else:
                fl.kp(text, kind, note)
            i += 1
            continue
        out.append(c)
        i += 1
    if stack:
        raise ValueError(f"unbalanced markers in {s!r}")
    return "".join(out)


class Case:
    def __init__(self, root: Path, name: str, council: str, allow: list[str]):
        self.name, self.council, self.allow = name, council, allow
        self.dir = root / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, FileLabels] = {}

    def file(self, rel: str) -> tuple[Path, FileLabels]:
        fl = self.files.setdefault(rel, FileLabels())
        return self.dir / rel, fl

    def write_labels(self) -> None:
        data = {"case": self.name, "council": self.council, "allow": self.allow,
                "files": {rel: fl.as_json() for rel, fl in sorted(self.files.items())}}
        (self.dir / "labels.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


# --------------------------------------------------------------------------- PDF helpers (reportlab)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _rl_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if (FONT_DIR / "DejaVuSans.ttf").exists():
        if "DV" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DV", str(FONT_DIR / "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont("DVB", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        return "DV", "DVB"
    return "Helvetica", "Helvetica-Bold"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _styles():
    from reportlab.lib.styles import ParagraphStyle
    reg, bold = _rl_fonts()
    return {
        "body": ParagraphStyle("body", fontName=reg, fontSize=10, leading=13, spaceAfter=6),
        "small": ParagraphStyle("small", fontName=reg, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", fontName=reg, fontSize=7.5, leading=9.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=12, leading=15, spaceAfter=8),
        "cellb": ParagraphStyle("cellb", fontName=bold, fontSize=7.5, leading=9.5),
        "tiny": ParagraphStyle("tiny", fontName=reg, fontSize=6.5, leading=8.5),
    }



# --------------------------------------------------------------------------- DOCX helpers

def _docx_fix_props(doc, **kw):
    cp = doc.core_properties
    for k, v in kw.items():
        setattr(cp, k, v)
    cp.created = dt.datetime(2024, 6, 27, 9, 0)
    cp.modified = dt.datetime(2024, 6, 28, 16, 30)
    cp.revision = 3


_REV_ID = [900]


def _docx_rev(par, kind: str, text: str, author: str, when: str = "2024-06-28T10:00:00Z"):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    el = OxmlElement("w:ins" if kind == "ins" else "w:del")
    _REV_ID[0] += 1
    el.set(qn("w:id"), str(_REV_ID[0]))
    el.set(qn("w:author"), author)
    el.set(qn("w:date"), when)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t" if kind == "ins" else "w:delText")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    el.append(r)
    par._p.append(el)

def _docx_hyperlink(par, url: str, text: str):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    rid = par.part.relate_to(url, RT.HYPERLINK, is_external=True)
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), rid)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    h.append(r)
    par._p.append(h)



# --------------------------------------------------------------------------- case 1: DOCX merged two-row header + comment/revision

def _docx_comment(doc, par, text: str, author: str, initials: str):
    run = par.add_run("")
    doc.add_comment(run, text=text, author=author, initials=initials)


def case_brackenford(root: Path) -> Case:
    from docx import Document
    c = Case(root, "case-h5-01-brackenford", "Brackenford Borough Council",
             ["01632 950 000", "foi@brackenford-bc.example.gov.uk"])
    path, fl = c.file("ICT contracts briefing.docx")
    d = Document()
    _docx_fix_props(d, author=mk(fl, "«name:Adaeze Nwachukwu-Brown»", "metadata"), title="ICT contracts briefing",
                    last_modified_by=mk(fl, "«surname=Ó Ceallaigh:Ó Ceallaigh»", "metadata"))
    d.add_heading("Briefing note: ICT security and licensing contracts", 1)
    p = d.add_paragraph(mk(fl, "Prepared by «name:Adaeze Nwachukwu-Brown» (‹title:Cyber Security Manager›) for the "
                               "‹team:Information Governance Team›. Queries to ‹mailbox:foi@brackenford-bc.example.gov.uk› "
                               "or the switchboard on ‹phone:01632 950 000›.", "prose"))
    _docx_comment(d, p, mk(fl, "Check spend with «name:Tomasz Wiśniewski» before release", "comment"),
                  mk(fl, "«name:Tomasz Wiśniewski»", "comment"), "TW")
    t = d.add_table(rows=2, cols=6)
    t.style = "Table Grid"
    h0 = t.rows[0].cells
    h0[0].merge(h0[1]).text = "Contract"
    h0[2].merge(h0[3]).text = "Supplier details"
    h0[4].merge(h0[5]).text = "Term"
    for cell, txt in zip(t.rows[1].cells, ["Area", "Product", "Reseller", "Annual cost (£)", "Start", "Expiry"]):
        cell.text = txt
    rows = [
        ["Perimeter firewall", "«product:FortiGate 200F» cluster", "«vendor:Khepri Networks Ltd»", "«spend:£41,260»",
         "«date:01/05/2023»", "«date:30/04/2026»"],
        ["Endpoint anti-virus", "«product:Sophos Intercept X Advanced»", "«vendor:Khepri Networks Ltd»",
         "«spend:£18,940»", "«date:14/08/2022»", "«date:13/08/2025»"],
        ["Microsoft EA", "‹product:Microsoft 365 E5 Security› add-on", "‹vendor:Bytes Software Services›",
         "‹spend:£612,300›", "‹date:01/04/2024›", "‹date:31/03/2027›"],
        ["BI platform", "‹product:Power BI Premium› P1", "‹vendor:Softcat plc›", "‹spend:£52,800›",
         "‹date:01/07/2023›", "‹date:30/06/2026›"],
    ]
    for r in rows:
        cells = t.add_row().cells
        for cell, txt in zip(cells, r):
            cell.text = mk(fl, txt, "table")
    t2 = d.add_table(rows=1, cols=3)
    t2.style = "Table Grid"
    for cell, txt in zip(t2.rows[0].cells, ["Contact", "Role", "Direct line"]):
        cell.text = txt
    for r in [["«name=NWACHUKWU-BROWN, Adaeze:NWACHUKWU-BROWN, Adaeze»", "‹title:Cyber Security Manager›",
               "«phone:+44 (0)1632 950 417»"],
              ["«name=O'DRISCOLL, Niamh:O'DRISCOLL, Niamh»", "‹title:Network Security Analyst›", "ext. «phone:4471»"],
              ["‹mailbox:ict.security@brackenford-bc.example.gov.uk›", "‹team:ICT Security Team›", "‹phone:01632 950 000›"]]:
        cells = t2.add_row().cells
        for cell, txt in zip(cells, r):
            cell.text = mk(fl, txt, "table")
    # merged body cell spanning the contact and role columns
    last = t2.add_row().cells
    last[0].merge(last[1]).text = mk(fl, "Out of hours: «name:Priya Raghunathan» on «phone:07700 900 318»", "table")
    last[2].text = ""
    p2 = d.add_paragraph("Approved for release by ")
    _docx_rev(p2, "ins", mk(fl, "«name:Ciarán Mac Giolla»", "revision"), mk(fl, "«name:Ciarán Mac Giolla»", "revision"))
    _docx_rev(p2, "del", mk(fl, "«name:Beatrix Holloway-Sand»", "revision"), "Reviewer")
    d.add_paragraph(mk(fl, "Cllr ‹councillor:Harriet Penhaligon›, Cabinet Member for Resources, has been briefed. — «name!=AN-B:AN-B»", "prose"))
    d.save(path)

    path, fl = c.file("contracts_export.csv")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["Contract", "Supplier", "Product", "Value", "Start", "End", "Owner", "Owner email"])
    for r in [["Firewall", "«vendor:Khepri Networks Ltd»", "«product:FortiGate 200F»", "«spend:41260,00»", "«date:2023-05-01»",
               "«date:2026-04-30»", "«name=Nwachukwu-Brown, A.:Nwachukwu-Brown, A.»", "«email:a.nwachukwu-brown@brackenford-bc.example.gov.uk»"],
              ["Anti-virus", "«vendor:Khepri Networks Ltd»", "«product:Sophos Intercept X Advanced»", "«spend:18940,00»",
               "«date:2022-08-14»", "«date:2025-08-13»", "«name=O'Driscoll, N.:O'Driscoll, N.»", "«email:niamh.odriscoll@brackenford-bc.example.gov.uk»"],
              ["Microsoft EA", "‹vendor:Bytes Software Services›", "Microsoft 365 E5", "‹spend:612300,00›", "‹date:2024-04-01›",
               "‹date:2027-03-31›", "‹team:Digital Services›", "‹mailbox:ict.security@brackenford-bc.example.gov.uk›"]]:
        w.writerow([mk(fl, x, "table") for x in r])
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return c


# --------------------------------------------------------------------------- case 2: XLSX title block, merged header, totals, hidden row, pivot

def case_wexcombe(root: Path) -> Case:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    c = Case(root, "case-h5-02-wexcombe", "Wexcombe District Council",
             ["0113 496 0500", "ictcontracts@wexcombe.example.gov.uk"])
    path, fl = c.file("ICT register 2024-25.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = "Register"
    ws["A1"] = "Wexcombe District Council"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = mk(fl, "ICT contracts register — owner: «name:Jean-Baptiste Okonkwo», ‹title:Head of ICT›", "table")
    ws["A3"] = mk(fl, "Enquiries: ‹mailbox:ictcontracts@wexcombe.example.gov.uk› / ‹phone:0113 496 0500›", "table")
    ws.merge_cells("A1:H1"); ws.merge_cells("A2:H2"); ws.merge_cells("A3:H3")
    ws["A5"] = "Contract"; ws["B5"] = "Supplier"; ws["D5"] = "Value"; ws["F5"] = "Dates"; ws["H5"] = "Contact"
    ws.merge_cells("B5:C5"); ws.merge_cells("D5:E5"); ws.merge_cells("F5:G5")
    for col, txt in zip("ABCDEFGH", ["Area", "Reseller", "Product / model", "Annual £", "Total £", "Start", "End", "Lead officer"]):
        ws[f"{col}6"] = txt
    d = dt.date
    data = [
        ("Network firewall", "Ventrix Secure Ltd", "Palo Alto Networks PA-3410", 36450, 109350, d(2023, 10, 1), d(2026, 9, 30), "MBEKI, Thandiwe", True),
        ("Anti-virus / EDR", "Ventrix Secure Ltd", "ESET PROTECT Elite", 14200, 42600, d(2024, 2, 1), d(2027, 1, 31), "D'ARCY-FINCH, Rory", True),
        ("Microsoft EA", "Phoenix Software Ltd", "Microsoft 365 E5 (incl. E5 Security add-on)", 488000, 1464000, d(2022, 6, 1), d(2025, 5, 31), "Digital Team", False),
        ("BI platform", "Phoenix Software Ltd", "Power BI Premium per capacity", 61000, 183000, d(2023, 1, 1), d(2025, 12, 31), "Data & Insight Team", False),
    ]
    r = 7
    for area, res, prod, ann, tot, st, en, who, sec in data:
        ws.cell(r, 1, area)
        ws.cell(r, 2, res); ws.cell(r, 3, prod)
        ws.cell(r, 4, ann); ws.cell(r, 5, tot)
        ws.cell(r, 6, st).number_format = "dd/mm/yyyy"; ws.cell(r, 7, en).number_format = "dd/mm/yyyy"
        ws.cell(r, 8, who)
        if sec:
            for v, k in [(res, "vendor"), (prod, "product"), (str(ann), "spend"), (str(tot), "spend"),
                         (str(serial(st)), "date"), (str(serial(en)), "date")]:
                fl.rm(v, k, "table")
            sur, _, fore = who.partition(", ")
            fl.rm(who, "name", "table")
        else:
            for v, k in [(str(ann), "spend"), (str(serial(st)), "date"), (str(serial(en)), "date")]:
                fl.kp(v, k, alt=None)
            fl.kp(res, "vendor"); fl.kp(who, "team")
        r += 1
    fl.kp("Power BI Premium per capacity", "product")
    # hidden row: a superseded firewall line
    ws.cell(r, 1, "Firewall (superseded)"); ws.cell(r, 2, "Ventrix Secure Ltd")
    ws.cell(r, 3, mk(fl, "«model:PA-850» on «hostname:fw-core-01.wexcombe.local»", "hidden-row"))
    ws.cell(r, 8, mk(fl, "«name:Siobhan Ní Bhriain»", "hidden-row"))
    ws.row_dimensions[r].hidden = True
    r += 1
    ws.cell(r, 1, "Total").font = Font(bold=True)
    ws.cell(r, 4, f"=SUM(D7:D{r - 2})"); ws.cell(r, 5, f"=SUM(E7:E{r - 2})")
    ws["B7"].comment = Comment(mk(fl, "Renewal quote from «name:Marek Kowalczyk» «phone:0113 496 0871»", "comment"),
                               mk(fl, "«name:Jean-Baptiste Okonkwo»", "comment"))
    ws2 = wb.create_sheet("Summary")
    ws2["A1"] = "Spend by category (pivot)"
    ws2.append(["Row Labels", "Sum of Annual £"])
    ws2.append(["Security", 50650]); fl.rm("50650", "spend", "table")
    ws2.append(["Licensing", 488000]); ws2.append(["Analytics", 61000])
    ws2.append(["Grand Total", 599650])
    ws2["A8"] = mk(fl, "Prepared by «name=T. Mbeki:T. Mbeki», ‹title:ICT Commercial Lead›", "table")
    wb.properties.creator = mk(fl, "«name:Rory D'Arcy-Finch»", "metadata")
    wb.save(path)
    return c


# --------------------------------------------------------------------------- case 3: PDF ruled table across two pages + plain-text notes

def case_dunmarrow(root: Path) -> Case:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    c = Case(root, "case-h5-03-dunmarrow", "Dunmarrow City Council",
             ["0131 496 0100", "information.requests@dunmarrow.example.gov.uk"])
    path, fl = c.file("FOI-2024-3318 annex.pdf")
    st = _styles()
    story = [Paragraph("Annex A — ICT infrastructure asset and contract schedule", st["head"]),
             Paragraph(_esc(mk(fl, "Compiled by the ‹team:Technology Services› asset team. Contact ‹mailbox:information.requests@dunmarrow.example.gov.uk› or ‹phone:0131 496 0100›.", "prose")), st["body"])]
    rows = [["Ref", "Asset / service", "Detail", "Owner", "Contact"]]
    people = [("«name=KAUR-SANDHU, Jaspreet:KAUR-SANDHU, Jaspreet»", "«phone:0131 496 0742»"),
              ("«name=MCALLISTER, Fraser:MCALLISTER, Fraser»", "ext «phone:2290»"),
              ("«name=ADEYEMI, Oluwaseun:ADEYEMI, Oluwaseun»", "«phone:+44 131 496 0766»")]
    for i in range(1, 61):
        who, ph = people[i % 3]
        if i == 12:
            row = [f"A{i:03d}", "Edge firewall pair", "«vendor:Check Point» «model:Quantum 6600» «version:R81.20»", who, ph]
        elif i == 47:
            row = [f"A{i:03d}", "Anti-malware server", "«product:Trend Micro Apex One» on «hostname:av-mgmt-02.dunmarrow.internal» («ip:10.44.8.21»)", who, ph]
        elif i == 30:
            row = [f"A{i:03d}", "Reporting", "‹product:Power BI Premium› gateway", "‹team:Data Services›", "‹mailbox:bi@dunmarrow.example.gov.uk›"]
        else:
            row = [f"A{i:03d}", f"Desktop estate lot {i}", "Standard build", who, ph]
        rows.append([Paragraph(_esc(mk(fl, x, "table")), st["cell"]) for x in row])
    t = LongTable(rows, repeatRows=1, colWidths=[34, 92, 150, 100, 150])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
    story += [t, Spacer(1, 10), Paragraph(_esc(mk(fl, "Signed: ‹title:Chief Information Security Officer› — «name!=JKS:JKS»", "signature")), st["body"])]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=36, rightMargin=36, author=mk(fl, "«name:Fraser McAllister»", "metadata")).build(story)
    fl.note("JKS", CONTESTABLE)

    path, fl = c.file("case notes.txt")
    txt = mk(fl, """FOI-2024-3318 case notes
Handler: «name:Oluwaseun Adeyemi» (‹title:Information Rights Officer›), dd «phone:0131 496 0766»
- Asked «surname=Kaur-Sandhu:Ms Kaur-Sandhu» re firewall renewal; she confirmed «vendor:Check Point» support to «date:31 March 2026».
- AV renewal with «vendor:Nexora IT Solutions» at «spend:£22,415» p.a. — treat as s31.
- EA via ‹vendor:Insight Direct (UK) Ltd› — releasable; ‹spend:£1.2m› over three years.
- Copy team: ‹mailbox:information.requests@dunmarrow.example.gov.uk›
""", "prose")
    path.write_text(txt, encoding="utf-8")
    return c


# --------------------------------------------------------------------------- PyMuPDF helpers

def _fitz_lines(fl: FileLabels, pages: list[list[tuple[str, str]]], path: Path, author: str | None = None,
                font: str = "helv", size: float = 9.5) -> "object":
    import pymupdf as fitz
    doc = fitz.open()
    for lines in pages:
        pg = doc.new_page(width=595, height=842)
        y = 60
        for s, where in lines:
            if s.startswith("##"):
                pg.insert_text((56, y), mk(fl, s[2:], where), fontname="hebo", fontsize=12)
                y += 20
                continue
            pg.insert_text((56, y), mk(fl, s, where), fontname=font, fontsize=size)
            y += size + 4.5
    if author:
        doc.set_metadata({"author": author, "title": "FOI response", "producer": "h5"})
    return doc


# --------------------------------------------------------------------------- case 4: PDF e-mail chain with forwarded message + annotation

def case_calderwick(root: Path) -> Case:
    import pymupdf as fitz
    c = Case(root, "case-h5-04-calderwick", "Calderwick Metropolitan Borough Council",
             ["0161 496 0000", "servicedesk@calderwick.example.gov.uk"])
    path, fl = c.file("email chain - firewall renewal.pdf")
    P = "prose"
    S = "signature"
    lines = [
        ("From: «name:Declan O'Rourke» <«email:declan.orourke@calderwick.example.gov.uk»>", P),
        ("Sent: 12 March 2024 09:14", P),
        ("To: ‹mailbox:procurement@calderwick.example.gov.uk›", P),
        ("Subject: FW: Firewall renewal quote", P),
        ("", P),
        ("Hi team, forwarding «surname=Haddad:Mr Haddad»'s quote below. Please raise the PO.", P),
        ("", P),
        ("Declan", S),
        ("«name:Declan O'Rourke» | ‹title:Senior Cyber Security Engineer›", S),
        ("‹team:ICT Infrastructure› | ‹org:Calderwick Metropolitan Borough Council›", S),
        ("Tel: «phone:0161 496 0583» | Mob: «phone:07700 900 641» | Switchboard: ‹phone:0161 496 0000›", S),
        ("", P),
        ("---------- Forwarded message ----------", P),
        ("From: «name:Karim Haddad» <«email:k.haddad@ferrowall-solutions.example.co.uk»>", P),
        ("Date: Mon, 11 Mar 2024 16:02", P),
        ("To: «email:declan.orourke@calderwick.example.gov.uk»", P),
        ("Cc: ‹mailbox:servicedesk@calderwick.example.gov.uk›", P),
        ("Subject: Firewall renewal quote Q-88213", P),
        ("", P),
        ("Dear Declan,", P),
        ("Please find our renewal price for your «vendor:WatchGuard» «model:Firebox M590» pair running", P),
        ("«version:Fireware 12.10.3», with Total Security Suite, at «spend:£27,880» + VAT per annum from «date:1 April 2024».", P),
        ("The management address «ip:172.20.14.1» will be used for the remote upgrade window.", P),
        ("Supplied by «vendor:Ferrowall Solutions Ltd».", P),
        ("", P),
        ("Kind regards,", S),
        ("«name:Karim Haddad»", S),
        ("‹title:Account Manager›, «vendor:Ferrowall Solutions Ltd»", S),
        ("Direct: «phone:+44 (0)20 7946 0925»", S),
        ("", P),
        ("-- On 8 Mar 2024, «name=R.A.:R.A.» wrote: > can we also price the Microsoft EA true-up?", P),
    ]
    doc = _fitz_lines(fl, [lines], path, author=mk(fl, "«name:Declan O'Rourke»", "metadata"))
    fl.note("R.A.", CONTESTABLE)
    pg = doc[0]
    annot = pg.add_text_annot((500, 80), mk(fl, "«name:Yusuf Demir» to approve — cost centre ‹ref:ICT-4410›", "annotation"))
    annot.set_info(title=mk(fl, "«name:Yusuf Demir»", "annotation"))
    annot.update()
    doc.save(path)
    return c


# --------------------------------------------------------------------------- case 5: PDF letter, unruled table, fake black box

def case_ashby(root: Path) -> Case:
    import pymupdf as fitz
    c = Case(root, "case-h5-05-ashby-fenwold", "Ashby Fenwold District Council",
             ["01632 960 900", "foi@ashbyfenwold.example.gov.uk"])
    path, fl = c.file("Response letter FOI 24-0412.pdf")
    doc = fitz.open()
    pg = doc.new_page(width=595, height=842)
    y = [60]

    def line(s, where="prose", x=56, bold=False):
        pg.insert_text((x, y[0]), mk(fl, s, where), fontname="hebo" if bold else "helv", fontsize=9.5)
        y[0] += 14

    line("‹org:Ashby Fenwold District Council› · Council Offices, Market Row", bold=True)
    line("Tel ‹phone=01632 960 900:(01632) 960900› · ‹mailbox:foi@ashbyfenwold.example.gov.uk›")
    line("Our ref: ‹ref:FOI 24-0412›     Date: 2 May 2024")
    line("Dear Requester,")
    line("Thank you for your request about ICT contracts. The information is set out below.")
    y[0] += 6
    cols = [56, 150, 290, 390, 470]
    for txt, x in zip(["Contract", "Supplier", "Product", "Cost p.a.", "Renewal"], cols):
        pg.insert_text((x, y[0]), txt, fontname="hebo", fontsize=9)
    y[0] += 14
    body = [
        ["Firewall", "«vendor:Corvane Systems»", "«product:Sophos XGS 4300»", "«spend:£19,750»", "«date:Sept 2025»"],
        ["Anti-virus", "«vendor:Corvane Systems»", "«product:Bitdefender GravityZone»", "«spend:£9,120»", "«date:Jan 2026»"],
        ["Microsoft EA", "‹vendor:Trustmarque Solutions›", "‹product:Microsoft 365 E3›", "‹spend:£233,400›", "‹date:Mar 2026›"],
        ["BI", "‹vendor:Trustmarque Solutions›", "‹product:Qlik Sense Enterprise›", "‹spend:£31,000›", "‹date:Nov 2025›"],
    ]
    for r in body:
        for txt, x in zip(r, cols):
            pg.insert_text((x, y[0]), mk(fl, txt, "table"), fontname="helv", fontsize=9)
        y[0] += 13
    y[0] += 8
    line("For technical queries please contact our ‹title:Cyber Security Manager›, «name:Zofia Brzezinska»,")
    line("on «phone:01632 960 377» (ext. «phone:6377»), or ‹mailbox:ict.helpdesk@ashbyfenwold.example.gov.uk›.")
    ybox = y[0]
    line("Firewall admin console: «hostname:fwadm01.afdc.lan» / «ip:192.168.40.254»", "fake-box")
    pg.draw_rect(fitz.Rect(52, ybox - 11, 420, ybox + 4), color=(0, 0, 0), fill=(0, 0, 0))
    y[0] += 6
    line("Yours faithfully,")
    line("«name:Gwilym ap Rhys»", "signature")
    line("‹title:Information Governance Officer›", "signature")
    doc.set_metadata({"author": mk(fl, "«name:Gwilym ap Rhys»", "metadata"), "title": "FOI 24-0412"})
    doc.save(path)
    return c


# --------------------------------------------------------------------------- case 6: security-titled purchase order PDF (reportlab) + XLSX (xlsxwriter)

def case_penhallow(root: Path) -> Case:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    import xlsxwriter
    c = Case(root, "case-h5-06-penhallow", "Penhallow and Treave Council",
             ["01872 555 000", "purchasing@penhallow.example.gov.uk"])
    path, fl = c.file("PO 4500213 - Endpoint Security Licences.pdf")
    st = _styles()
    E = lambda s, w="prose": _esc(mk(fl, s, w))
    story = [Paragraph("PURCHASE ORDER 4500213 — ENDPOINT SECURITY LICENCE RENEWAL", st["head"]),
             Paragraph(E("Buyer: ‹org:Penhallow and Treave Council›, ‹team:Corporate Procurement›, ‹mailbox:purchasing@penhallow.example.gov.uk›, ‹phone:01872 555 000›"), st["body"]),
             Paragraph(E("Supplier: «vendor:Tamarind Cyber Ltd», Unit 4, Example Park. Attn: «name:Mei-Ling Chow»"), st["body"])]
    rows = [["Line", "Description", "Qty", "Unit £", "Net £"],
            ["1", "«product:Microsoft Defender for Endpoint Plan 2» (3 yr)", "2,150", "«spend:£3.84»", "«spend:£8,256.00»"],
            ["2", "«vendor:Tamarind Cyber Ltd» onboarding service", "1", "£1,200.00", "£1,200.00"],
            ["", "Licence term «date:01/06/2024» to «date:31/05/2027»", "", "", ""]]
    t = Table([[Paragraph(E(x, "table"), st["cell"]) for x in r] for r in rows], colWidths=[30, 250, 40, 60, 70])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
    story += [t, Spacer(1, 8),
              Paragraph(E("Note: ‹vendor:Microsoft› licensing under the Enterprise Agreement is unaffected."), st["body"]),
              Paragraph(E("Requisitioner: «name=TREVENNA, Loveday:TREVENNA, Loveday», ‹title:IT Security and Compliance Officer›, «phone:01872 555 214»"), st["body"]),
              Paragraph(E("Authorised: «name=L.T.:L.T.» / «surname:Oyelaran»", "signature"), st["body"])]
    SimpleDocTemplate(str(path), pagesize=A4, title="Endpoint Security PO").build(story)
    fl.note("L.T.", CONTESTABLE)

    path, fl = c.file("licensing_summary.xlsx")
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"author": mk(fl, "«name:Loveday Trevenna»", "metadata"), "title": "Licensing summary"})
    ws = wb.add_worksheet("Licences")
    bold = wb.add_format({"bold": True})
    datef = wb.add_format({"num_format": "d mmm yyyy"})
    ws.merge_range("A1:F1", "Licensing and subscriptions 2024", bold)
    for i, h in enumerate(["Service", "Reseller", "Product", "Annual cost", "Expires", "Owner"]):
        ws.write(2, i, h, bold)
    d = dt.date
    rows = [("Anti-virus", "Tamarind Cyber Ltd", "Microsoft Defender for Endpoint Plan 2", 8256, d(2027, 5, 31), "Loveday Trevenna", True),
            ("Firewall", "Kestrel Data Networks", "Juniper SRX1500", 22900, d(2025, 11, 30), "Kwame Asante-Mensah", True),
            ("Microsoft EA", "SoftwareONE UK Ltd", "Microsoft 365 E5 Security add-on", 141000, d(2026, 6, 30), "Digital Services", False),
            ("BI", "SoftwareONE UK Ltd", "Power BI Premium", 44500, d(2026, 6, 30), "Business Intelligence Team", False)]
    for r, (svc, res, prod, cost, exp, own, sec) in enumerate(rows, start=3):
        ws.write(r, 0, svc); ws.write(r, 1, res); ws.write(r, 2, prod); ws.write_number(r, 3, cost)
        ws.write_datetime(r, 4, dt.datetime(exp.year, exp.month, exp.day), datef); ws.write(r, 5, own)
        if sec:
            fl.rm(res, "vendor", "table"); fl.rm(prod, "product", "table"); fl.rm(str(cost), "spend", "table")
            fl.rm(str(serial(exp)), "date", "table"); fl.rm(own, "name", "table")
        else:
            fl.kp(res, "vendor"); fl.kp(prod, "product"); fl.kp(str(cost), "spend"); fl.kp(str(serial(exp)), "date")
            fl.kp(own, "team")
    ws.write_comment("C5", mk(fl, "«model:SRX1500» HA pair at «hostname:pt-srx-a.penhallow.corp»", "comment"),
                     {"author": mk(fl, "«name:Kwame Asante-Mensah»", "comment")})
    ws.write(9, 0, mk(fl, "Contact ‹mailbox:purchasing@penhallow.example.gov.uk› for copies of contracts.", "table"))
    wb.close()
    return c


# --------------------------------------------------------------------------- case 7: DOCX with vertical merges, header/footer, mailto hyperlink

def case_morthwaite(root: Path) -> Case:
    from docx import Document
    c = Case(root, "case-h5-07-morthwaite", "Morthwaite Borough Council",
             ["0191 498 0200", "ict.service.desk@morthwaite.example.gov.uk"])
    path, fl = c.file("Cyber Security Board minutes.docx")
    d = Document()
    _docx_fix_props(d, author=mk(fl, "«name:Anneliese Van der Berg»", "metadata"), title="Cyber Security Board minutes")
    sec = d.sections[0]
    sec.header.paragraphs[0].text = mk(fl, "OFFICIAL — Cyber Security Board — minute taker «name:Eilidh MacLeòid»", "header")
    sec.footer.paragraphs[0].text = mk(fl, "‹mailbox:ict.service.desk@morthwaite.example.gov.uk› · ‹phone=0191 498 0200:0191-498-0200›", "footer")
    d.add_heading("Cyber Security Board — 14 February 2024", 1)
    d.add_paragraph(mk(fl, "Present: Cllr ‹councillor:Rashid Chaudhry› (Chair), «name:Anneliese Van der Berg» (‹title:Head of Digital›), "
                           "«name:Kofi Mensah-Darko» (‹title:Cyber Security Manager›), «name:Hamish Dunbar-Lyle» (‹title:ICT Infrastructure Lead›).", "prose"))
    d.add_paragraph(mk(fl, "Apologies: Cllr ‹councillor:Bronwen Ellis-Pugh›; «name=Van der Berg:Ms Van der Berg» joined late.", "prose"))
    t = d.add_table(rows=1, cols=4)
    t.style = "Table Grid"
    for cell, txt in zip(t.rows[0].cells, ["Item", "Contract", "Detail", "Action owner"]):
        cell.text = txt
    items = [["3", "Firewall", "«vendor:Forcepoint» «model:N-series 2210» renewal; «spend:£33,600» p.a.", "«name=K M-D:K M-D»"],
             ["3", "Firewall", "Reseller «vendor:Halyard Network Services»; term to «date:28 February 2027»", "«name=K M-D:K M-D»"],
             ["4", "Anti-virus", "«product:CrowdStrike Falcon Prevent» via «vendor:Halyard Network Services», «spend:£16,480»", "«name:Hamish Dunbar-Lyle»"],
             ["5", "Microsoft EA", "Renewal via ‹vendor:Computacenter (UK) Ltd› at ‹spend:£702,000›; ‹product:Microsoft 365 E5 Security› retained", "‹team:Digital Services›"],
             ["6", "BI", "‹product:Power BI Premium› capacity renewal to ‹date:31 March 2026›", "‹team:Business Intelligence›"]]
    for r in items:
        cells = t.add_row().cells
        for cell, txt in zip(cells, r):
            cell.text = mk(fl, txt, "table")
    # vertical merges of the repeated Item / Contract / owner cells (rows 1-2)
    for col in (0, 1, 3):
        a, b = t.cell(1, col), t.cell(2, col)
        a.merge(b)
    fl.note("K M-D", CONTESTABLE)
    p = d.add_paragraph("Contact: ")
    _docx_hyperlink(p, mk(fl, "mailto:«email:kofi.mensah-darko@morthwaite.example.gov.uk»", "hyperlink"),
                    mk(fl, "«name:Kofi Mensah-Darko»", "hyperlink"))
    d.add_paragraph(mk(fl, "Kofi's direct line is «phone:0191 498 0263»; «name=HDL:HDL» on «phone=0191 498 0277:0191.498.0277».", "prose"))
    fl.note("HDL", CONTESTABLE)
    d.save(path)
    return c


# --------------------------------------------------------------------------- case 8: comma CSV with multi-line cells, pymupdf two-column notes PDF, text file

def case_glasdon(root: Path) -> Case:
    c = Case(root, "case-h5-08-glasdon", "Glasdon Vale Council",
             ["029 2018 0000", "foi@glasdonvale.example.gov.uk"])
    path, fl = c.file("supplier_contacts.csv")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["Service", "Supplier", "Product", "Contract value", "Council lead", "Lead phone", "Notes"])
    rows = [["Firewall", "«vendor:Cirrion Networks Ltd»", "«vendor:Cisco» «product:Secure Firewall 3110»", "«spend:£24,300.00»",
             "«name:Dr Nkechi Eze»".replace("Dr ", "Dr ") , "«phone:029 2018 0461»", "HA pair\n«ip:10.12.0.1» / «ip:10.12.0.2»"],
            ["Anti-virus", "«vendor:Cirrion Networks Ltd»", "«product:Malwarebytes ThreatDown Ultimate»", "«spend:£7,950.00»",
             "«name:Llŷr Prydderch»", "x«phone:3318»", "expires «date:2025-10-31»"],
            ["Enterprise Agreement", "‹vendor:Bechtle Direct Ltd›", "‹product:Microsoft 365 E5›", "‹spend:£389,000.00›",
             "‹team:ICT Commissioning›", "‹phone:029 2018 0000›", "‹mailbox:foi@glasdonvale.example.gov.uk›"]]
    for r in rows:
        w.writerow([mk(fl, x, "table") for x in r])
    path.write_text(buf.getvalue(), encoding="utf-8")

    path, fl = c.file("Internal review decision.pdf")
    P, S = "prose", "signature"
    lines = [("##Internal review — FOI GV/2024/077", P),
             ("The requester asked us to review the decision to withhold firewall and anti-virus details.", P),
             ("The review was carried out by «name=SAINT-CLAIR, Amélie:SAINT-CLAIR, Amélie» (‹title:Senior Information Governance Officer›),", P),
             ("who was not involved in the original decision. She consulted the ‹title:Head of Cyber Security›.", P),
             ("We uphold the use of s31(1)(a) for the «vendor:Cisco» firewall details and for the anti-virus supplier.", P),
             ("We release the Power BI contract in full: ‹vendor:Bechtle Direct Ltd›, ‹spend:£46,200›, ‹date:1 September 2023›", P),
             ("to ‹date:31 August 2026›, product ‹product:Power BI Premium Per User›.", P),
             ("Cllr ‹councillor:Morwenna Tregarthen› was informed as portfolio holder.", P),
             ("If you remain dissatisfied, contact the Information Commissioner's Office.", P),
             ("", P),
             ("«name:Amélie Saint-Clair»", S),
             ("‹title:Senior Information Governance Officer›", S),
             ("T: «phone=029 2018 0415:+44 (0) 29 2018 0415»  |  E: «email:amelie.saint-clair@glasdonvale.example.gov.uk»", S),
             ("Switchboard ‹phone=029 2018 0000:(029) 20180000› | ‹mailbox:foi@glasdonvale.example.gov.uk›", S)]
    doc = _fitz_lines(fl, [lines], path, author=mk(fl, "«name:Amélie Saint-Clair»", "metadata"))
    doc.save(path)

    path, fl = c.file("review_notes.txt")
    txt = mk(fl, """Review notes GV/2024/077 (A S-C)
Spoke to «name:Nkechi Eze» — firewall is «vendor:Cisco» «model:FPR3110», «version:7.4.1», managed via «hostname:fmc01.gvc.internal».
AV: «product:Malwarebytes ThreatDown Ultimate», «spend:£7,950» p.a., reseller «vendor:Cirrion Networks Ltd».
BI and EA rows released (‹vendor:Bechtle Direct Ltd›). Call back on «phone:07700 900 582» if needed.
""", "prose")
    path.write_text(txt, encoding="utf-8")
    return c

# --------------------------------------------------------------------------- validation with the scorer's extractors

def _load_scorer():
    spec = importlib.util.spec_from_file_location("foi_score", SCORE_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def validate(root: Path) -> int:
    sc = _load_scorer()
    norm = sc.norm
    problems = 0
    for cdir in sorted(p for p in root.iterdir() if (p / "labels.json").is_file()):
        labels = json.loads((cdir / "labels.json").read_text(encoding="utf-8"))
        for rel, fl in labels["files"].items():
            ch, errors, info = sc.extract(str(cdir / rel))
            if info.get("unopenable") or [e for e in errors if not e.startswith("warning")]:
                print(f"PROBLEM {cdir.name}/{rel}: extractor errors {errors}")
                problems += 1
            nch = sc.normalise_channels(ch)
            live = {k: v for k, v in nch.items() if not sc.is_raw_channel(k)}
            rm = [(lab, sc.Matcher(lab)) for lab in fl["must_remove"]]
            kp = [(lab, sc.Matcher(lab)) for lab in fl["must_keep"]]
            for lab, m in rm:
                if not sc.find_channels(m, nch):
                    print(f"PROBLEM {cdir.name}/{rel}: must_remove {lab['text']!r} not present")
                    problems += 1
            for lab, m in kp:
                if not sc.find_channels(m, live):
                    print(f"PROBLEM {cdir.name}/{rel}: must_keep {lab['text']!r} not live")
                    problems += 1
            for lab, m in kp:  # a keep that only occurs inside removed strings cannot survive a correct redaction
                free = False
                for name, nt in live.items():
                    rspans = [s for _, rmm in rm if rmm.mode != "phone" for s in rmm.spans(nt)]
                    if any(not any(_overlaps(ks, rs) for rs in rspans) for ks in m.spans(nt)):
                        free = True
                        break
                if not free and sc.find_channels(m, live):
                    print(f"PROBLEM {cdir.name}/{rel}: must_keep {lab['text']!r} only inside must_remove text")
                    problems += 1
            for lab, m in rm:  # a remove inside a keep string makes the pair unsatisfiable
                if m.mode == "phone":
                    continue
                for name, nt in live.items():
                    kspans = [s for kl, km in kp if km.mode != "phone" for s in km.spans(nt)]
                    if any(ks[0] <= rs[0] and rs[1] <= ks[1] for rs in m.spans(nt) for ks in kspans):
                        print(f"PROBLEM {cdir.name}/{rel}: must_remove {lab['text']!r} inside a must_keep in {name}")
                        problems += 1
                        break
            both = {norm(lab["text"]) for lab in fl["must_remove"]} & {norm(lab["text"]) for lab in fl["must_keep"]}
            for s in sorted(both):
                print(f"PROBLEM {cdir.name}/{rel}: {s!r} is both a must_remove and a must_keep label")
                problems += 1
            keep_texts = {lab["text"] for lab in fl["must_keep"]}
            for s in labels["allow"]:
                m = sc.Matcher({"text": s, "kind": "phone" if "@" not in s else "mailbox"})
                if sc.find_channels(m, live) and (s not in keep_texts or s not in fl.get("allow", [])):
                    print(f"PROBLEM {cdir.name}/{rel}: allow string {s!r} present but not labelled/allowed")
                    problems += 1
        n_rm = sum(len(f["must_remove"]) for f in labels["files"].values())
        n_kp = sum(len(f["must_keep"]) for f in labels["files"].values())
        print(f"ok   {cdir.name}: {len(labels['files'])} files, {n_rm} must_remove, {n_kp} must_keep")
    print(f"validation problems: {problems}")
    return problems


# --------------------------------------------------------------------------- main

CASES = [case_brackenford, case_wexcombe, case_dunmarrow, case_calderwick, case_ashby, case_penhallow,
         case_morthwaite, case_glasdon]


def _add_allow_labels(c: Case, sc) -> None:
    """Every allow string present in a file is a must_keep there and in the file's allow list."""
    for rel, fl in c.files.items():
        ch, _, _ = sc.extract(str(c.dir / rel))
        live = {k: v for k, v in sc.normalise_channels(ch).items() if not sc.is_raw_channel(k)}
        for s in c.allow:
            kind = "mailbox" if "@" in s else "phone"
            if sc.find_channels(sc.Matcher({"text": s, "kind": kind}), live):
                key = fl._key(s, kind)
                if key in fl.keep:
                    fl.keep[key]["text"] = s
                else:
                    fl.kp(s, kind)
                if s not in fl.allow:
                    fl.allow.append(s)
    c.write_labels()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/heldout5", help="output folder (recreated)")
    ap.add_argument("--validate", action="store_true", help="check every label against score.py's extractors")
    a = ap.parse_args(argv)
    random.seed(SEED)  # content is fixed; the seed pins anything a library might randomise through `random`
    root = Path(a.out)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    sc = _load_scorer()
    for make in CASES:
        c = make(root)
        _add_allow_labels(c, sc)
        print(f"wrote {c.dir}")
    if a.validate:
        return 1 if validate(root) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

