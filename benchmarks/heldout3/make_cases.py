"""Generate a third, independently written held-out FOI corpus (8 invented cases) in the scorer's label schema.

Usage:
    .venv/bin/python benchmarks/heldout3/make_cases.py [--out /tmp/heldout3] [--validate]

Each case folder holds attachments plus labels.json (see /work/shared/eval/README.md).
Content is written with inline markers so every planted string is labelled where it is planted:
    «kind:text»   must_remove (category s40 for name/surname/email/phone, else s31)
    ‹kind:text›   must_keep
    kind may end with '!' (label is a contestable reading, noted in the label) or carry '=LABEL'
    (the label text differs from the planted text, e.g. an allow-listed number in another format).

Scope used for the labels (from the project brief): s31(1)(a) covers the security estate - firewall,
anti-virus / EDR, e-mail filtering, MFA, SIEM / MDR, vulnerability management and backup - with its
suppliers, resellers, products, models, versions, spend, dates, IPs and internal hostnames.  Resellers
and vendors named in non-security rows (Microsoft EA, Power BI, line-of-business systems, Zoom ...)
are kept.  A reseller is never both withheld and kept in the same file (presence-only scoring).

--validate re-reads every generated file with score.py's own extractors and checks that each
must_remove label is present, each must_keep label is live, no must_keep occurs only inside a
must_remove string, no must_remove sits inside a must_keep string, no text is both a must_remove
and a must_keep label of one file, and every allow string found in a file is a must_keep label there.
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
import sys
import zipfile
from pathlib import Path

SEED = 20241118
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


def xl_money_date(fl: FileLabels, sec: bool | None, where: str, values: list, start: dt.date, end: dt.date,
                  date_fmt: str = "%d/%m/%Y") -> None:
    """Label Excel numeric cells (spend values and date serials) as remove (security) or keep."""
    if sec is True:
        for v in values:
            fl.rm(str(v), "spend", where)
        fl.rm(str(serial(start)), "date", where)
        fl.rm(str(serial(end)), "date", where)
    elif sec is False:
        for v in values:
            fl.kp(str(v), "spend")
        fl.kp(str(serial(start)), "date", alt=[start.strftime(date_fmt)])
        fl.kp(str(serial(end)), "date", alt=[end.strftime(date_fmt)])


# --------------------------------------------------------------------------- PDF helpers (reportlab)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _rl_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if (FONT_DIR / "DejaVuSans.ttf").exists():
        if "DV" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DV", str(FONT_DIR / "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont("DVB", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
            pdfmetrics.registerFont(TTFont("DVC", str(FONT_DIR / "DejaVuSansCondensed.ttf")))
        return "DV", "DVB"
    return "Helvetica", "Helvetica-Bold"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _styles():
    from reportlab.lib.styles import ParagraphStyle
    reg, bold = _rl_fonts()
    return {
        "body": ParagraphStyle("body", fontName=reg, fontSize=10, leading=13.5, spaceAfter=6),
        "small": ParagraphStyle("small", fontName=reg, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", fontName=reg, fontSize=7.5, leading=9.5),
        "cellb": ParagraphStyle("cellb", fontName=bold, fontSize=7.5, leading=9.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=13, leading=16, spaceAfter=8),
        "sub": ParagraphStyle("sub", fontName=bold, fontSize=10.5, leading=13, spaceBefore=4, spaceAfter=4),
        "sig": ParagraphStyle("sig", fontName=reg, fontSize=10, leading=12.5),
    }


# --------------------------------------------------------------------------- DOCX helpers

_REV_ID = [1200]


def _docx_props(doc, **kw):
    cp = doc.core_properties
    for k, v in kw.items():
        setattr(cp, k, v)
    cp.created = dt.datetime(2024, 10, 30, 8, 45)
    cp.modified = dt.datetime(2024, 11, 4, 17, 5)
    cp.revision = 7


def _docx_rev(par, kind: str, text: str, author: str, when: str = "2024-11-01T11:20:00Z"):
    """Append a tracked insertion or deletion run to a paragraph."""
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


def _docx_fmt_change(run, author: str, when: str = "2024-11-02T09:05:00Z"):
    """Record a tracked formatting change (w:rPrChange) on a run, the author in an attribute only."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    rpr = run._r.get_or_add_rPr()
    ch = OxmlElement("w:rPrChange")
    _REV_ID[0] += 1
    ch.set(qn("w:id"), str(_REV_ID[0]))
    ch.set(qn("w:author"), author)
    ch.set(qn("w:date"), when)
    ch.append(OxmlElement("w:rPr"))
    rpr.append(ch)


def _zip_edit(path: Path, edits: dict) -> None:
    """Rewrite parts of an OOXML package: edits maps part name -> function(bytes) -> bytes."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename in edits:
                data = edits[info.filename](data)
            z.writestr(info, data)


# --------------------------------------------------------------------------- case 1: openpyxl asset + contract register

def case_cwmderwen(root: Path) -> Case:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    c = Case(root, "case-h3-01-cwmderwen", "Cwmderwen County Borough Council",
             ["029 2018 0000", "029 2018 0444", "foi@cwmderwen.gov.uk"])
    path, fl = c.file("IT asset and contract register FOI-CW-2291.xlsx")
    wb = Workbook()
    D = dt.date

    readme = wb.active
    readme.title = "Read me"
    readme["A1"] = mk(fl, "‹org:Cwmderwen County Borough Council› / Cyngor Bwrdeistref Sirol Cwmderwen", "table")
    readme["A1"].font = Font(bold=True, size=14)
    readme["A2"] = mk(fl, "IT asset and contract register - extract for FOI request ‹ref:FOI-CW-2291›", "table")
    readme["A4"] = "Sheet"
    readme["B4"] = "Contents"
    readme["A5"], readme["B5"] = "Contracts", "Current ICT contracts and their owners"
    readme["A6"], readme["B6"] = "Assets", "Network and end-user hardware held on the asset register"
    readme["A7"], readme["B7"] = "Renewals", "Notice dates calculated from contract end dates"
    readme["A9"] = mk(fl, "Queries: ‹mailbox:foi@cwmderwen.gov.uk› or ‹phone=029 2018 0000:029 2018 0000›; "
                          "ICT Service Desk ‹phone=029 2018 0444:(029) 2018 0444›", "table")
    readme["A10"] = mk(fl, "‹prose:Values are annual and exclude VAT.›", "table")
    readme["A12"] = mk(fl, '="Compiled by "&"«name:Gwenllian ap Dafydd»"&" for the Information Governance Unit"',
                       "formula")
    fl.note("Gwenllian ap Dafydd", "planted only inside a formula string literal (no cached value)")

    ws = wb.create_sheet("Contracts")
    head = ["Ref", "Category", "Supplier", "Manufacturer", "Product", "Version", "Annual cost (£)", "Licences",
            "Start", "End", "Contract owner", "Direct dial", "Officer mobile", "Notice date"]
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
    # (ref, category, supplier, manufacturer, product, version, cost, licences, start, end, owner, ddi, mobile, sec)
    rows = [
        ("CW-ICT-014", "Perimeter firewall", "«vendor:CDW UK»", "«vendor:WatchGuard»", "«model:Firebox M590» HA pair",
         "«product:Fireware» «version:12.10.3»", 19840, 2, D(2023, 3, 1), D(2026, 2, 28), "«name:Iolo Griffiths»",
         "«phone:029 2018 0731»", "«phone:07700 900 268»", True),
        ("CW-ICT-009", "Perimeter firewall (legacy, decommissioned)", "«vendor:Bytes Software Services»",
         "«vendor:SonicWall»", "«model:TZ670»", "«product:SonicOS» «version:6.5.4.12»", 6415, 2, D(2019, 3, 1),
         D(2023, 2, 28), "«name:Iolo Griffiths»", "«phone:029 2018 0731»", "«phone:07700 900 268»", True),
        ("CW-ICT-021", "Endpoint detection and response", "«vendor:SCC»", "«vendor:SentinelOne»",
         "«product:Singularity Control»", "«version:23.4.2»", 28615, 3150, D(2023, 7, 1), D(2026, 6, 30),
         "«name:Agnieszka Wójcik»", "«phone:(029) 2018 0745»", "«phone:07700900346»", True),
        ("CW-ICT-022", "E-mail filtering", "«vendor:Computacenter»", "«vendor:Proofpoint»",
         "«product:Proofpoint Essentials» Business", "", 12760, 2400, D(2024, 1, 15), D(2027, 1, 14),
         "«name:Agnieszka Wójcik»", "«phone:(029) 2018 0745»", "«phone:07700900346»", True),
        ("CW-ICT-030", "Backup and recovery", "«vendor:Phoenix Software»", "«vendor:Rubrik»",
         "«product:Rubrik Security Cloud» Enterprise", "«version:9.1.2»", 41380, 180, D(2022, 11, 1), D(2025, 10, 31),
         "«name:Pádraig Ó Súilleabháin»", "«phone:+44 29 2018 0752»", "«phone:+44 7700 900 411»", True),
        ("CW-ICT-002", "Microsoft Enterprise Agreement", "‹vendor:Insight Direct (UK)›", "‹vendor:Microsoft›",
         "‹product:Microsoft 365 E3›", "", 386150, 2950, D(2022, 7, 1), D(2025, 6, 30), "‹team:Digital Services›",
         "‹phone=029 2018 0444:029 2018 0444›", "", False),
        ("CW-ICT-006", "Business intelligence", "‹vendor:Insight Direct (UK)›", "Microsoft", "‹product:Power BI Pro›",
         "", 8730, 95, D(2023, 10, 1), D(2026, 9, 30), "«name:Carys Llwyd»", "«phone:029 2018 0788»", "", False),
        ("CW-ICT-011", "Housing management", "‹vendor:Civica UK›", "Civica", "‹product:Civica Cx›", "", 97460, 240,
         D(2021, 4, 1), D(2028, 3, 31), "«name:Chinonso Eze»", "«phone:029 2018 0766»", "«phone:07700 900 592»",
         False),
        ("CW-ICT-017", "Video conferencing", "‹vendor:Zoom Video Communications›", "Zoom",
         "‹product:Zoom Workplace Business›", "", 11240, 300, D(2024, 2, 1), D(2025, 1, 31), "‹team:Digital Services›",
         "‹phone=029 2018 0444:029 2018 0444›", "", False),
    ]
    values = []
    for i, (ref, cat, sup, man, prod, ver, cost, lic, start, end, owner, ddi, mob, sec) in enumerate(rows):
        r = i + 2
        where = "hidden-row" if "legacy" in cat else "table"
        ws.cell(r, 1, ref)
        ws.cell(r, 2, cat)
        for col, v in ((3, sup), (4, man), (5, prod), (6, ver), (11, owner), (12, ddi)):
            ws.cell(r, col, mk(fl, v, where) if v else None)
        if mob:
            ws.cell(r, 13, mk(fl, mob, "hidden-column" if where == "table" else where))
        ws.cell(r, 7, cost).number_format = '"£"#,##0'
        ws.cell(r, 8, lic)
        ws.cell(r, 9, start).number_format = "dd/mm/yyyy"
        ws.cell(r, 10, end).number_format = "dd/mm/yyyy"
        ws.cell(r, 14, f"=J{r}-90").number_format = "dd/mm/yyyy"
        values += [cost, serial(start), serial(end)]
        xl_money_date(fl, sec, where, [cost], start, end)
    assert len(set(values)) == len(values), "numeric collision in register"
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["M"].hidden = True
    tot = len(rows) + 2
    ws.cell(tot, 1, "Total")
    ws.cell(tot, 7, f"=SUM(G2:G{tot - 1})")
    ws["C2"].comment = Comment(mk(fl, "Renewal quote from «vendor:CDW UK» is «spend:£21,300» for 2026/27 - "
                                      "«name!:Iolo» to confirm HA licensing with «vendor:WatchGuard».", "comment"),
                               mk(fl, "«name:Agnieszka Wójcik»", "comment"))
    ws["K8"].comment = Comment(mk(fl, "Owner changed from «name:Farzana Begum» in April.", "comment"),
                               mk(fl, "«name:Gwenllian ap Dafydd»", "comment"))
    for col, w in zip("ABCDEFGHIJKLMN", (11, 34, 26, 14, 34, 22, 14, 9, 11, 11, 26, 18, 18, 12)):
        ws.column_dimensions[col].width = w

    assets = wb.create_sheet("Assets")
    assets.append(["Asset tag", "Type", "Make", "Model", "Hostname", "IP address", "Location", "Assigned to"])
    for row in [
        ("A-00811", "Firewall (primary)", "«vendor:WatchGuard»", "«model:Firebox M590»", "«hostname:cwd-fw-core01»",
         "«ip:10.72.0.1»", "‹prose:Tŷ Derwen›, comms room 2", "‹team:Network Team›"),
        ("A-00812", "Firewall (secondary)", "«vendor:WatchGuard»", "«model:Firebox M590»", "«hostname:cwd-fw-core02»",
         "«ip:10.72.0.2»", "Depot, Heol y Felin", "‹team:Network Team›"),
        ("A-00930", "Backup appliance", "«vendor:Rubrik»", "«model:r6410»", "«hostname:cwd-rbk-01.cwmderwen.local»",
         "«ip:10.72.40.11»", "Tŷ Derwen, comms room 2", "‹team:Network Team›"),
        ("A-01544", "Laptop", "Dell", "Latitude 5440", "«hostname:CWD-LT-0412»", "DHCP", "Civic Centre",
         "«name:FARZANA BEGUM»"),
        ("A-01561", "Laptop", "Dell", "Latitude 5440", "«hostname:CWD-LT-0429»", "DHCP", "Civic Centre",
         "«name:ZHOU MINGYU»"),
        ("A-01602", "Meeting room display", "Neat", "Neat Board 50", "-", "DHCP", "Council Chamber",
         "‹team:Democratic Services›"),
    ]:
        assets.append([mk(fl, v, "table") for v in row])
    fl.note("ZHOU MINGYU", "Chinese name in family-name-first order, in capitals")

    ren = wb.create_sheet("Renewals")
    ren.append(["Ref", "End date", "Notice (90 days)", "Owner e-mail"])
    for i, (ref, owner_mail) in enumerate([
        ("CW-ICT-014", "«email:iolo.griffiths@cwmderwen.gov.uk»"),
        ("CW-ICT-021", "«email:a.wojcik@cwmderwen.gov.uk»"),
        ("CW-ICT-002", "‹mailbox:digital@cwmderwen.gov.uk›"),
        ("CW-ICT-011", "«email:chinonso.eze@cwmderwen.gov.uk»"),
    ]):
        r = i + 2
        src = next(k for k, row in enumerate(rows) if row[0] == ref) + 2
        ren.cell(r, 1, ref)
        ren.cell(r, 2, f"=Contracts!J{src}").number_format = "dd/mm/yyyy"
        ren.cell(r, 3, f"=B{r}-90").number_format = "dd/mm/yyyy"
        ren.cell(r, 4, mk(fl, owner_mail, "table"))

    contacts = wb.create_sheet("Contacts")
    contacts.sheet_state = "hidden"
    contacts.append(["Name", "Job title", "E-mail", "Mobile"])
    for row in [
        ("«name:Iolo Griffiths»", "‹title:Network and Security Manager›", "«email:iolo.griffiths@cwmderwen.gov.uk»",
         "«phone:07700 900 268»"),
        ("«name:Agnieszka Wójcik»", "‹title:Cyber Security Officer›", "«email:a.wojcik@cwmderwen.gov.uk»",
         "«phone:07700900346»"),
        ("«name:Pádraig Ó Súilleabháin»", "‹title:Infrastructure Engineer›",
         "«email:padraig.osuilleabhain@cwmderwen.gov.uk»", "«phone:+44 7700 900 411»"),
        ("«name:Carys Llwyd»", "‹title:Business Intelligence Analyst›", "«email:carys.llwyd@cwmderwen.gov.uk»", ""),
    ]:
        contacts.append([mk(fl, v, "hidden-sheet") for v in row])
    net = wb.create_sheet("Net")
    net.sheet_state = "veryHidden"
    net.append(["Segment", "Range", "Gateway"])
    for row in [("Servers", "«ip:10.72.16.0/22»", "«ip:10.72.16.1»"),
                ("Management", "«ip:10.72.250.0/24»", "«hostname:cwd-fw-core01»"),
                ("Remote access", "«ip:198.51.100.44»", "«hostname:vpn.cwmderwen.local»")]:
        net.append([mk(fl, v, "hidden-sheet") for v in row])

    wb.properties.creator = mk(fl, "«name:Agnieszka Wójcik»", "metadata")
    wb.properties.lastModifiedBy = mk(fl, "«name:Griffiths, Iolo»", "metadata")
    wb.properties.title = "IT asset and contract register"
    wb.properties.keywords = mk(fl, "FOI-CW-2291; «vendor:WatchGuard»; «vendor:SentinelOne»", "metadata")
    wb.properties.created = dt.datetime(2024, 9, 2, 8, 0)
    wb.properties.modified = dt.datetime(2024, 9, 3, 16, 0)
    wb.save(str(path))
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 2: DOCX committee report, tracked changes

def case_ouseford(root: Path) -> Case:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    c = Case(root, "case-h3-02-ouseford", "Ouseford City Council",
             ["0113 496 0000", "democratic.services@ouseford.gov.uk"])
    path, fl = c.file("Audit and Governance Committee 14-11-2024 - Item 9 Cyber Security Assurance.docx")
    d = docx.Document()
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(11)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = mk(fl, "‹org:Ouseford City Council› | Audit and Governance Committee | "
                                           "14 November 2024", "header")
    sec.footer.paragraphs[0].text = mk(fl, "Agenda item 9 | Democratic Services: "
                                           "‹mailbox:democratic.services@ouseford.gov.uk› | "
                                           "‹phone=0113 496 0000:0113 496 0000›", "footer")
    d.add_heading("Cyber Security Assurance Update", level=0)
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for k, v in [
        ("Report of", "‹title:Director of Resources›"),
        ("Report author", "Dr «name:Chukwuemeka Obi», ‹title:Head of Digital and ICT›"),
        ("Author contact", "«phone:0113 496 0827» / «email:chukwuemeka.obi@ouseford.gov.uk»"),
        ("Portfolio holder", "Cllr ‹councillor:Margaret Hollingworth-Reyes›, ‹title:Executive Member for "
                             "Finance and Resources›"),
        ("Wards affected", "All"),
        ("Exempt information", "None - Appendix B contains information exempt under paragraph 3 and is not "
                               "attached to the public version"),
    ]:
        cells = t.add_row().cells
        cells[0].text = k
        cells[1].text = mk(fl, v, "table")
    d.add_heading("1. Purpose of the report", level=1)
    d.add_paragraph(mk(fl, "‹prose:This report updates the Committee on the Council's cyber security controls "
                           "and on progress against the ‹prose:Cyber Security Strategy 2023-2026›.›", "prose"))
    d.add_heading("2. Recommendations", level=1)
    d.add_paragraph("That the Committee notes the assurance provided in this report.")
    d.add_heading("3. Background", level=1)
    p = d.add_paragraph()
    run = p.add_run(mk(fl, "3.1 In 2023 the Council replaced its perimeter firewalls with a «vendor:Palo Alto "
                           "Networks» «model:PA-1420» cluster running «product:PAN-OS» «version:11.1.4», bought "
                           "through «vendor:Softcat» at a three-year cost of ", "prose"))
    _docx_rev(p, "del", mk(fl, "«spend:£47,900»", "revision"), mk(fl, "«name:Niamh Ní Bhriain»", "revision"))
    _docx_rev(p, "ins", mk(fl, "«spend:£49,350»", "revision"), mk(fl, "«name:Niamh Ní Bhriain»", "revision"))
    p.add_run(mk(fl, ", renewing on «date:31 March 2026».", "prose"))
    cm = d.add_comment(run, text=mk(fl, "Cllr Hollingworth-Reyes asked for this level of detail at the last "
                                        "meeting, but it tells an attacker what we run. Suggest we drop the "
                                        "«vendor:Darktrace» paragraph too. «name!:Pádraig»", "comment"),
                       author=mk(fl, "«name:Pádraig Mac Giolla Phádraig»", "comment"), initials="PMGP")
    cm._comment_elm.set(qn("w:date"), "2024-11-03T15:42:00Z")
    p = d.add_paragraph(mk(fl, "3.2 Web traffic is filtered by «vendor:Zscaler» «product:Zscaler Internet Access» "
                               "(2,900 users) and security events are collected in «vendor:Rapid7» "
                               "«product:InsightIDR», monitored 24/7 by a managed detection and response partner.",
                           "prose"))
    _docx_rev(p, "del", mk(fl, " Log collectors «hostname:ocx-idr-col01.ouseford.local» and "
                               "«hostname:ocx-idr-col02.ouseford.local» sit in the «ip:10.31.8.0/24» range.",
                           "revision"), mk(fl, "«name:Liang Haoran»", "revision"))
    p = d.add_paragraph()
    r = p.add_run(mk(fl, "3.3 Network anomaly detection is provided by «product:«vendor:Darktrace» DETECT», "
                         "funded from the ‹prose:Local Digital Cyber Fund› until «date:30 September 2025».", "prose"))
    _docx_fmt_change(r, mk(fl, "«name:Liang Haoran»", "revision"))
    fl.note("Liang Haoran", "Chinese name, family name first; tracked-change author attribute only")
    d.add_paragraph(mk(fl, "3.4 ‹prose:The Council retained ‹prose:Cyber Essentials Plus› certification in "
                           "August 2024› and completed the ‹prose:Cyber Assessment Framework› self-assessment.",
                       "prose"))
    hp = d.add_paragraph(mk(fl, "Out of hours the duty engineer is «name:Chloe Tsang» on «phone:07700 900 583».",
                            "prose"))
    for run in hp.runs:
        run.font.hidden = True
    fl.note("Chloe Tsang", "hidden (w:vanish) paragraph")
    d.add_heading("4. Other contracts", level=1)
    d.add_paragraph(mk(fl, "4.1 ‹prose:Collaboration services are provided through ‹product:Microsoft 365 E5› under "
                           "the ‹vendor:Microsoft› Enterprise Agreement, and reporting to members uses "
                           "‹product:Power BI›.› Customer contact moved to ‹product:Salesforce Service Cloud› "
                           "(‹vendor:Salesforce›) in 2024, implemented by ‹vendor:Capita›.", "prose"))
    d.add_heading("5. Risk", level=1)
    rt = d.add_table(rows=1, cols=4)
    rt.style = "Table Grid"
    for i, h in enumerate(["Risk", "Owner", "Current score", "Target"]):
        rt.rows[0].cells[i].text = h
    for row in [("SR07 Cyber attack causing loss of services", "‹title:Director of Resources›", "16", "9"),
                ("SR11 Loss of key ICT staff", "‹title:Head of Digital and ICT›", "12", "8")]:
        cells = rt.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = mk(fl, v, "table")
    d.add_heading("6. Background papers", level=1)
    p = d.add_paragraph(mk(fl, "Penetration test report (Appendix B, exempt). Contact the report author, Dr "
                               "«surname:Obi», or his deputy ", "prose"))
    _docx_rev(p, "ins", mk(fl, "«name:Kofi Mensah-Bonsu» (ext. «phone:6623»)", "revision"),
              mk(fl, "«name:Mac Giolla Phádraig, Pádraig»", "revision"))
    p.add_run(mk(fl, ", via ‹mailbox:ict.security@ouseford.gov.uk›.", "prose"))
    _docx_props(d, author=mk(fl, "«name:Chukwuemeka Obi»", "metadata"),
                last_modified_by=mk(fl, "«name:Ní Bhriain, Niamh»", "metadata"),
                title="Item 9 - Cyber Security Assurance Update",
                keywords=mk(fl, "cyber; «vendor:Palo Alto Networks»; «vendor:Zscaler»", "metadata"))
    d.save(str(path))
    manager = mk(fl, "«name:Kofi Mensah-Bonsu»", "metadata")

    def app_xml(data: bytes) -> bytes:
        extra = f"<Company>Ouseford City Council</Company><Manager>{manager}</Manager>"
        data = re.sub(rb"<Company>.*?</Company>|<Company/>", b"", data)
        return data.replace(b"</Properties>", extra.encode("utf-8") + b"</Properties>")
    _zip_edit(path, {"docProps/app.xml": app_xml})
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 3: PDF response letter, contracts table

def case_hexley_marsh(root: Path) -> Case:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    c = Case(root, "case-h3-03-hexley-marsh", "Hexley Marsh District Council",
             ["01632 960200", "01632 960250", "foi@hexleymarsh.gov.uk", "digital@hexleymarsh.gov.uk"])
    path, fl = c.file("FOI HM-24-0388 - response.pdf")
    st = _styles()
    reg, _ = _rl_fonts()
    P = lambda s, where="prose", style="body": Paragraph(_esc(mk(fl, s, where)).replace("\n", "<br/>"), st[style])  # noqa: E731
    footer = mk(fl, "‹org:Hexley Marsh District Council› · Marsh House, Quay Street, Hexley HX4 1QD · "
                    "‹phone=01632 960200:(01632) 960200› · ‹mailbox:foi@hexleymarsh.gov.uk›", "footer")

    def on_page(cv, doc):
        cv.setFont(reg, 7)
        cv.drawCentredString(A4[0] / 2, 10 * mm, footer)

    story = [
        P("‹org:Hexley Marsh District Council›", style="head"),
        P("Information Governance, Marsh House, Quay Street, Hexley HX4 1QD"),
        P("Your ref: WDTK request 118832 | Our ref: ‹ref:HM-24-0388› | 21 October 2024"),
        Spacer(1, 3 * mm),
        P("Dear Sir or Madam,"),
        P("Request for information - ICT security and software contracts", style="sub"),
        P("‹prose:We have now considered your request of 23 September 2024.› You asked for details of the "
          "Council's contracts for network security, anti-virus, multi-factor authentication and a number of "
          "software systems. Some of the information is held and is set out below."),
    ]
    rows = [
        ["Contract", "Supplier", "Product", "Value p.a.", "Start", "End", "Contract manager"],
        ["Network firewall", "«vendor:Insight»", "«vendor:Check Point» «model:Quantum Spark 1900»", "«spend:£11,275»",
         "«date:1 Mar 2023»", "«date:28 Feb 2026»", "«name:WOJCIECH ZIELIŃSKI»"],
        ["Anti-virus / EDR", "«vendor:CDW»", "«vendor:CrowdStrike» «product:Falcon Pro»", "«spend:£16,940»",
         "«date:12 Jun 2023»", "«date:11 Jun 2025»", "«name:HARPREET KAUR DHILLON»"],
        ["Multi-factor authentication", "«vendor:CDW»", "«product:Cisco Duo» Essentials", "«spend:£5,880»",
         "«date:1 Nov 2023»", "«date:31 Oct 2026»", "«name:HARPREET KAUR DHILLON»"],
        ["Microsoft Enterprise Agreement", "‹vendor:Phoenix Software›", "‹product:Microsoft 365 E3›",
         "‹spend:£231,900›", "‹date:1 Apr 2022›", "‹date:31 Mar 2025›", "‹title:ICT Commercial Manager›"],
        ["Business intelligence", "‹vendor:Phoenix Software›", "‹product:Power BI Premium›", "‹spend:£24,600›",
         "‹date:1 Jan 2024›", "‹date:31 Dec 2026›", "‹title:Data and Analytics Manager›"],
        ["Document management", "‹vendor:Softcat›", "‹product:Adobe Acrobat Pro› (320 seats)", "‹spend:£41,216›",
         "‹date:15 Aug 2023›", "‹date:14 Aug 2026›", "‹team:Digital Team›"],
        ["Finance system", "‹vendor:Oracle›", "‹product:Oracle Fusion Cloud ERP›", "‹spend:£152,480›",
         "‹date:1 Oct 2021›", "‹date:30 Sep 2028›", "«name:EOGHAN O'DONOVAN»"],
    ]
    data = [[Paragraph(_esc(mk(fl, cell, "table")), st["cellb" if r == 0 else "cell"]) for cell in row]
            for r, row in enumerate(rows)]
    t = Table(data, colWidths=[28 * mm, 22 * mm, 36 * mm, 18 * mm, 18 * mm, 18 * mm, 38 * mm], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]))
    story += [t, Spacer(1, 4 * mm)]
    story += [
        P("‹prose:All values exclude VAT.› Contracts for network and end-point security are let through "
          "national frameworks; the award notices are published on Contracts Finder."),
        P("Technical questions about this response were answered by our ‹title:Head of Digital Services›, Dr "
          "«name=Oluwatoyin Adebayo-Hughes:Oluwatoyin\nAdebayo-Hughes», and by Ms «surname:Dhillon» and Mr "
          "«surname:Zieliński» in the ‹team:Digital Team›. For general ICT queries please e-mail "
          "‹mailbox:digital@hexleymarsh.gov.uk› or call ‹phone=01632 960250:01632 960 250›; the "
          "‹team:ICT Service Desk› can also be reached at ‹mailbox:ict.servicedesk@hexleymarsh.gov.uk›."),
        P("‹prose:Councillor ‹councillor:Eamon Fitzpatrick›, Portfolio Holder for Corporate Resources, has "
          "asked us to confirm that the Council is working towards ‹prose:Cyber Essentials Plus›.›"),
        P("Dr «surname:Adebayo-Hughes» has confirmed that the firewall estate was reviewed by an external "
          "assessor in July 2024 and that the Council's ‹prose:Public Services Network› connection remains "
          "compliant."),
        P("‹prose:If you are unhappy with this response you may request an internal review within 40 working "
          "days.› You may then complain to the Information Commissioner's Office, Wycliffe House, Wilmslow."),
        Spacer(1, 3 * mm),
        P("Yours faithfully,", style="sig"),
        Spacer(1, 6 * mm),
        P("«name:Eoghan O’Donovan»", "signature", "sig"),
        P("‹title:Information Governance Officer›", "signature", "sig"),
        P("Direct line: «phone:+44 (0)1632 960 418» | Mobile: «phone:07700 900 730»", "signature", "sig"),
        P("«email:eoghan.odonovan@hexleymarsh.gov.uk»", "signature", "sig"),
    ]
    fl.note("Oluwatoyin Adebayo-Hughes", "name broken across a PDF line (forced line break)")
    fl.note("WOJCIECH ZIELIŃSKI", "all-caps name with Polish diacritic in a table")
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, bottomMargin=18 * mm,
                            title="FOI HM-24-0388 response",
                            author=mk(fl, "«name:Eoghan O'Donovan»", "metadata"),
                            subject=mk(fl, "Response drafted by «name:E. O'Donovan»", "metadata"),
                            creator="Microsoft Word for Microsoft 365", invariant=1)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 4: printed Outlook e-mail thread (PDF)

def case_lower_tamsey(root: Path) -> Case:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    c = Case(root, "case-h3-04-lower-tamsey", "Lower Tamsey Borough Council",
             ["0151 496 0000", "foi@lowertamsey.gov.uk"])
    path, fl = c.file("Annex C - email correspondence LT-24-1042.pdf")
    reg, bold = _rl_fonts()
    cv = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    W, H = A4
    y = [H - 18 * mm]
    x0, xv = 18 * mm, 40 * mm

    def newpage_if_needed():
        if y[0] < 22 * mm:
            cv.showPage()
            y[0] = H - 18 * mm

    def link_emails(text: str, x: float, yy: float, font: str, size: float, where: str):
        for m in re.finditer(r"[\w.'-]+@[\w.-]+\.gov\.uk", text):
            addr = m.group(0)
            x1 = x + cv.stringWidth(text[:m.start()], font, size)
            x2 = x1 + cv.stringWidth(addr, font, size)
            cv.linkURL("mailto:" + addr, (x1, yy - 2, x2, yy + size), relative=0)

    def field(label: str, value: str, where: str = "prose"):
        newpage_if_needed()
        text = mk(fl, value, where)
        cv.setFont(bold, 9)
        cv.drawString(x0, y[0], label)
        cv.setFont(reg, 9)
        cv.drawString(xv, y[0], text)
        link_emails(text, xv, y[0], reg, 9, where)
        y[0] -= 12

    def body(s: str, where: str = "prose", gap: float = 12, size: float = 9.5):
        newpage_if_needed()
        text = mk(fl, s, where)
        cv.setFont(reg, size)
        cv.drawString(x0, y[0], text)
        link_emails(text, x0, y[0], reg, size, where)
        y[0] -= gap

    # Outlook prints the mailbox owner's display name above a heavy rule
    cv.setFont(bold, 13)
    cv.drawString(x0, y[0], mk(fl, "«name:Krzysztof Dąbrowski»", "header"))
    y[0] -= 6
    cv.setLineWidth(2.2)
    cv.line(x0, y[0], W - 18 * mm, y[0])
    y[0] -= 16
    field("From:", "«name:Ogunbiyi, Folasade» <«email:folasade.ogunbiyi@lowertamsey.gov.uk»>")
    field("Sent:", "08 October 2024 14:22")
    field("To:", "«name:Dąbrowski, Krzysztof» <«email:k.dabrowski@lowertamsey.gov.uk»>; "
                 "‹team:FOI Team› <‹mailbox:foi@lowertamsey.gov.uk›>")
    field("Cc:", "‹mailbox:cyber@lowertamsey.gov.uk›; Venkatesh")
    field("", "Subramaniam <«email:venkatesh.subramaniam@lowertamsey.gov.uk»>")
    fl.rm("Venkatesh Subramaniam", "name", "prose", note="display name wraps onto the next header line")
    field("Subject:", "RE: ‹ref:LT-24-1042› - MFA, e-mail filtering and backup")
    field("Importance:", "High")
    y[0] -= 8
    for s in [
        "«name!:Krzysztof»,",
        "",
        "For the response I think we withhold product names under s31 - but for the file, here are the facts:",
        "",
        "Q3 (MFA): «vendor:Okta» «product:Adaptive MFA», 2,150 users, bought via «vendor:Bytes» until «date:31/01/2026»,",
        "«spend:£18,705.00» a year. RADIUS for the VPN goes through «hostname:ltbc-radius01.lt.local» («ip:10.44.3.17»).",
        "Q4 (e-mail filtering): «vendor:Mimecast» «product:Email Security Cloud Gateway», same reseller, renewal",
        "«date:30/11/2025», «spend:£23,640.00» a year.",
        "Q5 (backup): «vendor:Veeam» «product:Backup & Replication» «version:12.1.2» to «hostname:LT-VBR-02» at",
        "«ip:172.20.14.9», immutable copy off-site. Perimeter is still the «vendor:Fortinet» «model:FortiGate 100F» pair.",
        "",
        "‹prose:Happy for the ‹product:Microsoft 365› and ‹product:Zoom Workplace› answers to go out as they are.›",
        "",
        "Thanks,",
        "«name!:Fola»",
        "",
    ]:
        body(s, "prose" if not s.startswith("«name!") else "signature")
    fl.note("Fola", "contestable: short form of a first name (Folasade) in a sign-off")
    for s in [
        "«name:Folasade Ogunbiyi» (she/her)",
        "‹title:Cyber Security Lead› | ‹team:Digital and ICT›",
        "T: «phone:0151 496 0583» | M: «phone:+44 7700 900 219» | Internal: «phone:5583»",
        "‹org:Lower Tamsey Borough Council›, Town Hall, Brook Lane, Tamsey L49 2TQ",
    ]:
        body(s, "signature")
    y[0] -= 4
    cv.setFont(reg, 7)
    cv.drawString(x0, y[0], mk(fl, "‹prose:This e-mail and any attachments are intended for the named recipient "
                                   "only.› If you have received it in error please tell the sender and delete it.",
                               "prose"))
    y[0] -= 18
    cv.setLineWidth(0.6)
    cv.line(x0, y[0] + 8, W - 18 * mm, y[0] + 8)
    field("From:", "«name:Dąbrowski, Krzysztof»")
    field("Sent:", "07 October 2024 09:51")
    field("To:", "«name:Ogunbiyi, Folasade»")
    field("Subject:", "‹ref:LT-24-1042› - MFA, e-mail filtering and backup")
    y[0] -= 6
    for s in [
        "Hi «name!:Fola»,",
        "",
        "Could you confirm the products and suppliers for Q3-Q5 of the attached? The requester also asks about",
        "‹product:Zoom Workplace› and ‹product:Microsoft 365› - ‹vendor:Zoom› we buy direct, M365 via the EA with",
        "‹vendor:SCC›. Cllr ‹councillor:Bernadette Nwachukwu› has asked to see the reply before it goes.",
        "",
        "Many thanks",
        "«name:K. Dąbrowski»",
        "‹title:Information Rights Officer› | ‹team:Information Governance›",
        "Tel «phone:0151-496-0911» | ‹mailbox:foi@lowertamsey.gov.uk› | ‹phone=0151 496 0000:+44 151 496 0000›",
    ]:
        body(s, "signature" if s.startswith(("«name:K", "‹title", "Tel")) else "prose")
    y[0] -= 8
    cv.line(x0, y[0] + 8, W - 18 * mm, y[0] + 8)
    field("From:", "‹mailbox:foi@lowertamsey.gov.uk›")
    field("Sent:", "04 October 2024 16:03")
    field("To:", "«name:Ogunbiyi, Folasade»; «name:Hughes-Mbeki, Thandiwe»")
    field("Subject:", "New request ‹ref:LT-24-1042›")
    y[0] -= 6
    for s in [
        "> A new request has been logged and allocated to Digital and ICT. Due date: 01/11/2024.",
        "> Contact the FOI Team on ‹phone=0151 496 0000:0151 496 0000› (option 4) with any questions.",
        "> «name:Thandiwe Hughes-Mbeki» - ‹title:FOI Co-ordinator› - ext «phone:4729»",
    ]:
        body(s, "prose")
    cv.setAuthor(mk(fl, "«name:Krzysztof Dąbrowski»", "metadata"))
    cv.setTitle("RE: LT-24-1042 - MFA, e-mail filtering and backup")
    cv.setCreator("Microsoft Outlook")
    cv.showPage()
    cv.save()
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 5: purchase-order system CSV exports

def case_kirkby_wolds(root: Path) -> Case:
    c = Case(root, "case-h3-05-kirkby-wolds", "Kirkby Wolds District Council",
             ["0116 496 0000", "procurement@kirkbywolds.gov.uk"])
    path, fl = c.file("PO_EXPORT_FY2024-25_ICT.csv")
    head = ["PO_NO", "PO_DATE", "REQUISITIONER", "REQ_EMAIL", "APPROVER", "COST_CENTRE", "COST_CENTRE_DESC",
            "SUPPLIER_NO", "SUPPLIER_NAME", "LINE_DESC", "QTY", "UNIT_PRICE", "NET_VALUE", "VAT_CODE", "STATUS"]
    rows = [
        ["4500018211", "03/04/2024", "«name:Harjeet Sohal»", "«email:harjeet.sohal@kirkbywolds.gov.uk»", "«name!:BN»",
         "KW-ICT-310", "ICT Infrastructure", "100482", "«vendor:Computacenter» (UK) Ltd",
         "«vendor:Barracuda» «product:Email Protection» Advanced - 12 months", "1", "«spend:9415.00»",
         "«spend:9415.00»", "S", "RECEIPTED"],
        ["4500018240", "11/04/2024", "«name:Harjeet Sohal»", "«email:harjeet.sohal@kirkbywolds.gov.uk»", "«name!:BN»",
         "KW-ICT-310", "ICT Infrastructure", "100517", "«vendor:Darktrace» Holdings Ltd",
         "«product:Darktrace / NETWORK» appliance subscription yr 2 of 3 (ends «date:30/04/2026»)", "1",
         "«spend:32880.00»", "«spend:32880.00»", "S", "INVOICED"],
        ["4500018302", "29/04/2024", "«name:Bartłomiej Nowak»", "«email:b.nowak@kirkbywolds.gov.uk»", "«name!:MLC»",
         "KW-ICT-310", "ICT Infrastructure", "100533", "«vendor:Trustmarque» Solutions Ltd",
         "«vendor:Trend Micro» «product:Vision One» Endpoint Security Core x 1,640", "1640", "«spend:11.85»",
         "«spend:19434.00»", "S", "RECEIPTED"],
        ["4500018355", "14/05/2024", "«name:Bartłomiej Nowak»", "«email:b.nowak@kirkbywolds.gov.uk»", "«name!:MLC»",
         "KW-ICT-310", "ICT Infrastructure", "100533", "«vendor:Trustmarque» Solutions Ltd",
         "«vendor:WatchGuard» «product:AuthPoint» MFA tokens x 420", "420", "«spend:24.60»", "«spend:10332.00»",
         "S", "RECEIPTED"],
        ["4500018390", "22/05/2024", "«name:Mei Ling Chan»", "«email:meiling.chan@kirkbywolds.gov.uk»", "«name!:BN»",
         "KW-ICT-305", "ICT Applications", "100129", "‹vendor:Oracle Corporation UK› Ltd",
         "‹product:Oracle Fusion Cloud ERP› subscription Q1", "1", "‹spend:38512.50›", "‹spend:38512.50›",
         "S", "INVOICED"],
        ["4500018412", "30/05/2024", "«name:Mei Ling Chan»", "«email:meiling.chan@kirkbywolds.gov.uk»", "«name!:BN»",
         "KW-ICT-305", "ICT Applications", "100377", "‹vendor:Salesforce UK› Ltd",
         "‹product:Salesforce Service Cloud› Enterprise - 85 users", "85", "‹spend:1254.00›", "‹spend:106590.00›",
         "S", "INVOICED"],
        ["4500018468", "17/06/2024", "«name:Declan Ó Murchú»", "«email:declan.omurchu@kirkbywolds.gov.uk»",
         "«name!:MLC»", "KW-ICT-305", "ICT Applications", "100088", "‹vendor:Capita Business Services› Ltd",
         "‹product:Capita One› Revenues & Benefits annual support", "1", "‹spend:64220.00›",
         "‹spend:64220.00›", "S", "RECEIPTED"],
        ["4500018503", "02/07/2024", "«name:Declan Ó Murchú»", "«email:declan.omurchu@kirkbywolds.gov.uk»",
         "«name!:MLC»", "KW-ICT-320", "End User Computing", "100611", "‹vendor:CDW› Ltd",
         "Dell Latitude 5450 laptops (refresh tranche 2)", "60", "‹spend:884.00›", "‹spend:53040.00›", "S",
         "PART RECEIPTED"],
        ["4500018547", "19/07/2024", "«name:Tomás Ó Ceallaigh-Boateng»",
         "«email:t.oceallaigh-boateng@kirkbywolds.gov.uk»", "«name!:BN»", "KW-ICT-320", "End User Computing",
         "100611", "‹vendor:CDW› Ltd", "‹product:Adobe Acrobat Standard› renewal x 140", "140", "‹spend:118.40›",
         "‹spend:16576.00›", "S", "RECEIPTED"],
        ["4500018590", "05/08/2024", "«name:Harjeet Sohal»", "«email:harjeet.sohal@kirkbywolds.gov.uk»", "«name!:BN»",
         "KW-ICT-310", "ICT Infrastructure", "100482", "«vendor:Computacenter» (UK) Ltd",
         "Annual penetration test and «vendor:Rapid7» «product:InsightVM» licences", "1", "«spend:14760.00»",
         "«spend:14760.00»", "S", "ORDERED"],
        ["4500018611", "12/08/2024", "«name:Mei Ling Chan»", "«email:meiling.chan@kirkbywolds.gov.uk»", "«name!:BN»",
         "KW-COR-110", "Corporate Communications", "100702", "‹vendor:Zoom Video Communications› Inc",
         "‹product:Zoom Webinars› 1,000 attendee add-on", "1", "‹spend:3120.00›", "‹spend:3120.00›", "S",
         "RECEIPTED"],
    ]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(head)
    for row in rows:
        w.writerow([mk(fl, v, "table") for v in row])
    w.writerow([])
    w.writerow([mk(fl, "Report run by «name:KW\\bnowak» from ‹prose:Unit4 ERP› at 09/09/2024 07:58", "footer")])
    fl.note("BN", "contestable: approver initials only (Bartłomiej Nowak)")
    fl.note("MLC", "contestable: approver initials only (Mei Ling Chan)")
    fl.note("KW\\bnowak", "Windows domain login of a named officer (KW\\bnowak)")
    path.write_bytes(out.getvalue().encode("utf-8"))

    path, fl = c.file("cost centre owners.csv")
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(["Cost centre", "Description", "Budget holder", "Budget holder title", "Telephone", "Team inbox"])
    for row in [
        ("KW-ICT-305", "ICT Applications", "«name:Mei Ling Chan»", "‹title:Applications Manager›",
         "«phone:0116 496 0714» ext «phone:4714»", "‹mailbox:ict.applications@kirkbywolds.gov.uk›"),
        ("KW-ICT-310", "ICT Infrastructure", "«name:NOWAK, Bartłomiej»", "‹title:Infrastructure and Security Manager›",
         "«phone:+44 (0)116 496 0733»", "‹mailbox:ict.infrastructure@kirkbywolds.gov.uk›"),
        ("KW-ICT-320", "End User Computing", "«name:Tomás Ó Ceallaigh-Boateng»", "‹title:End User Services Lead›",
         "x«phone:4752»", "‹mailbox:servicedesk@kirkbywolds.gov.uk›"),
        ("KW-COR-110", "Corporate Communications", "«name:Adaeze Nwankwo-Price»", "‹title:Communications Manager›",
         "«phone:(0116) 4960788»", "‹mailbox:communications@kirkbywolds.gov.uk›"),
        ("KW-COR-120", "Procurement", "‹title:Head of Procurement› (vacant)", "‹title:Head of Procurement›",
         "‹phone=0116 496 0000:0116 496 0000›", "‹mailbox:procurement@kirkbywolds.gov.uk›"),
    ]:
        w.writerow([mk(fl, v, "table") for v in row])
    w.writerow([mk(fl, "Approvals above £25,000 are signed off by the ‹title:Section 151 Officer›.", "prose")])
    path.write_bytes(out.getvalue().encode("utf-8"))
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 6: "redacted" schedule with fake boxes

def case_marrowby(root: Path) -> Case:
    import pymupdf as fitz
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    c = Case(root, "case-h3-06-marrowby", "Marrowby Borough Council", ["0114 496 0000", "foi@marrowby.gov.uk"])
    path, fl = c.file("Contract MBC-ICT-2023-07 Schedule 2 (redacted for publication).pdf")
    reg, bold = _rl_fonts()
    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=A4, invariant=1)
    W, H = A4
    y = [H - 20 * mm]
    x0 = 20 * mm

    def line(s: str, where: str = "prose", size: float = 10, gap: float = 15, font: str | None = None,
             white: bool = False):
        """Draw a line; parts inside [[...]] get a black rectangle painted over the still-live text."""
        font = font or reg
        x = x0
        boxes = []
        for k, piece in enumerate(re.split(r"\[\[|\]\]", s)):
            boxed = k % 2 == 1
            text = mk(fl, piece, "fake-box" if (boxed or white) else where)
            cv.setFont(font, size)
            cv.setFillColorRGB(1, 1, 1) if white else cv.setFillColorRGB(0, 0, 0)
            cv.drawString(x, y[0], text)
            w = cv.stringWidth(text, font, size)
            if boxed:
                boxes.append((x - 1, y[0] - 2.5, w + 2, size + 3.5))
            x += w
        cv.setFillColorRGB(0, 0, 0)
        for bx in boxes:
            cv.rect(*bx, stroke=0, fill=1)
        y[0] -= gap

    line("‹org:Marrowby Borough Council›", size=14, gap=18, font=bold)
    line("Contract ‹ref:MBC/ICT/2023/07› - Managed Security Services", size=11, gap=14, font=bold)
    line("Schedule 2 - Service Description, Charges and Key Personnel (version for publication)", gap=22)
    line("‹prose:This copy has been prepared for publication under the Local Government Transparency Code.›", gap=20)
    line("1. The Contractor is [[«vendor:Softcat plc»]], appointed via the CCS Technology Products framework.")
    line("2. Perimeter firewall: [[«vendor:Sophos» «model:XGS 4300»]] high-availability pair running "
         "[[«product:SFOS» «version:20.0 MR2»]].")
    line("3. Endpoint protection: [[«product:Intercept X Advanced with XDR»]] for 1,900 devices.")
    line("4. Managed detection and response: [[«vendor:Arctic Wolf»]] 24x7 security operations centre.")
    line("5. Management access only from [[«ip:10.90.1.0/24»]] via [[«hostname:mbc-jump01.marrowby.local»]].",
         gap=22)
    line("Charges", font=bold, gap=14)
    line("Year 1: [[«spend:£58,420»]]   Year 2: [[«spend:£60,170»]]   Year 3 onwards: indexed to CPI")
    line("Term: [[«date:1 June 2023»]] to [[«date:31 May 2027»]] with an option to extend by 12 months.", gap=22)
    line("Key personnel", font=bold, gap=14)
    line("Council contract manager: [[«name:Rhodri Vaughan-Jones»]], ‹title:ICT Security Manager›, "
         "tel. [[«phone:0114 496 0672»]]")
    line("Contractor account manager: [[«name:Priya Raghunathan»]], [[«email:priya.raghunathan@softcat.example»]]")
    fl.note("Priya Raghunathan", "supplier's employee, not council staff; personal data under s40(2)")
    line("Escalation: «name:Sinéad Ní Chonaill», mobile «phone:07700 900 847»", white=True)
    fl.note("Sinéad Ní Chonaill", "white text on a white page")
    line("‹prose:Lot 3 (collaboration) is not part of this contract:› ‹product:Zoom Workplace› is supplied by "
         "‹vendor:Computacenter› for ‹spend:£14,200› a year.", gap=22)
    line("Signed for the Council: [[«name:Obinna Okeke»]], ‹title:Director of Corporate Services›, 24 May 2023")
    fl.note("Obinna Okeke", "senior officer (Director) - arguably releasable, but planted under a fake box")
    cv.setTitle("MBC-ICT-2023-07 Schedule 2 (redacted)")
    cv.setAuthor(mk(fl, "«name:Ifeoma Chukwu»", "metadata"))
    cv.showPage()
    y[0] = H - 20 * mm
    line("Schedule 2, Annex 1 - Monitoring arrangements", font=bold, gap=20)
    line("Syslog is forwarded to the collector «hostname:mbc-siem-col01» at «ip:10.90.7.25» over TLS.")
    line("Council security lead for the SOC service: «name:Ifeoma Chukwu», ‹title:Cyber Security Analyst›.")
    line("Out-of-hours number for the SOC: «phone:07700 900 962».")
    line("‹prose:Monthly service reports are presented to the ICT Governance Board.›")
    line("‹prose:Queries about this publication: ‹mailbox:foi@marrowby.gov.uk› or "
         "‹phone=0114 496 0000:0114 496 0000›.›")
    cv.showPage()
    cv.save()

    doc = fitz.open("pdf", buf.getvalue())
    p2 = doc[1]
    for r in p2.search_for("Ifeoma Chukwu"):  # an opaque square annotation laid over the name
        a = p2.add_rect_annot(r + (-1, -1, 1, 1))
        a.set_colors(stroke=(0, 0, 0), fill=(0, 0, 0))
        a.update()
    fl.rm("Ifeoma Chukwu", "name", "fake-box")
    for r in p2.search_for("10.90.7.25"):  # a redaction that was marked but never applied
        p2.add_redact_annot(r, text="s31", fill=(0, 0, 0))
    for r in p2.search_for("07700 900 962"):  # a black highlighter
        a = p2.add_highlight_annot(r)
        a.set_colors(stroke=(0, 0, 0))
        a.update()
    note = p2.add_text_annot((540, 780), mk(fl, "Boxes added by «name:Ifeoma Chukwu» - «name!:Rhodri» please "
                                                "check page 1 before this goes on the website.", "annotation"))
    note.set_info(title=mk(fl, "«name:Vaughan-Jones, Rhodri»", "annotation"), subject="Review")
    note.update()
    doc.set_metadata({"title": "MBC-ICT-2023-07 Schedule 2 (redacted)", "author": "Ifeoma Chukwu",
                      "creator": "Microsoft Word", "producer": "Marrowby eDMS", "creationDate": "D:20230524090000Z",
                      "modDate": "D:20241010090000Z"})
    doc.save(str(path), garbage=3, deflate=True, no_new_id=True)
    doc.close()
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 7: procurement award notices

def case_brockhollow(root: Path) -> Case:
    import docx
    import pymupdf as fitz
    from docx.shared import Pt

    c = Case(root, "case-h3-07-brockhollow", "Brockhollow District Council",
             ["01632 960600", "procurement@brockhollow.gov.uk"])
    path, fl = c.file("Award notice BDC-T-0419 Email security and MFA.docx")
    d = docx.Document()
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(10)
    d.sections[0].footer.paragraphs[0].text = mk(
        fl, "‹org:Brockhollow District Council› - Procurement - ‹mailbox:procurement@brockhollow.gov.uk› - "
            "‹phone=01632 960600:01632 960600›", "footer")
    d.add_heading("Contract Award Notice", level=1)
    d.add_paragraph(mk(fl, "Notice identifier: ‹ref:BDC-T-0419› | Procedure: further competition under a "
                           "framework agreement | Published 12 August 2024", "prose"))
    d.add_heading("Section I: Contracting authority", level=2)
    t = d.add_table(rows=0, cols=2)
    t.style = "Light Grid Accent 1"
    for k, v in [
        ("Name", "‹org:Brockhollow District Council›"),
        ("Address", "The Guildhall, Market Place, Brockhollow BH7 3EP"),
        ("Contact", "«name:Rhiannon Prys», ‹title:Senior Procurement Officer›"),
        ("Telephone", "«phone:+44 1632 960 657»"),
        ("E-mail", "«email:rhiannon.prys@brockhollow.gov.uk» (copy to ‹mailbox:procurement@brockhollow.gov.uk›)"),
    ]:
        cells = t.add_row().cells
        cells[0].text = k
        cells[1].text = mk(fl, v, "table")
    d.add_heading("Section II: Object", level=2)
    d.add_paragraph(mk(fl, "Title: Cloud e-mail security and multi-factor authentication (two lots). CPV 48730000 "
                           "- Security software package. ‹prose:The contract is for a period of three years with an "
                           "option to extend for a further one year.›", "prose"))
    d.add_heading("Section V: Award of contract", level=2)
    lots = d.add_table(rows=1, cols=6)
    lots.style = "Table Grid"
    for i, h in enumerate(["Lot", "Awarded to", "Solution", "Total value (ex VAT)", "Start", "End"]):
        lots.rows[0].cells[i].text = h
    for row in [
        ("1 - E-mail security", "«vendor:Bytes Software Services» Ltd, Leatherhead",
         "«product:Proofpoint Core Email Protection» (1,450 mailboxes)", "«spend:£61,935»", "«date:01/09/2024»",
         "«date:31/08/2027»"),
        ("2 - MFA tokens", "«vendor:Xalient» Ltd", "«vendor:Yubico» «model:YubiKey 5 NFC» x 600 and "
                                                   "«product:YubiEnterprise Subscription»", "«spend:£27,480»",
         "«date:16/09/2024»", "«date:15/09/2027»"),
    ]:
        cells = lots.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = mk(fl, v, "table")
    d.add_paragraph(mk(fl, "Number of tenders received: Lot 1 - 4; Lot 2 - 3. Evaluation: 60% quality, 40% price. "
                           "Evaluation panel: «name:Rhiannon Prys», «name:Kwabena Owusu-Ansah» "
                           "(‹title:Cyber Security Architect›) and «name:Saoirse Ní Fhearghail» "
                           "(‹title:Service Desk Team Leader›).", "prose"))
    d.add_paragraph(mk(fl, "Clarification questions during standstill were answered by Mr «surname:Owusu-Ansah» on "
                           "«phone:01632 960 671».", "prose"))
    d.add_heading("Section VI: Complementary information", level=2)
    d.add_paragraph(mk(fl, "‹prose:Review procedures: the High Court of England and Wales.› Previous incumbent "
                           "for Lot 1: «vendor:Mimecast» via «vendor:Bytes Software Services».", "prose"))
    _docx_props(d, author=mk(fl, "«name:Rhiannon Prys»", "metadata"),
                last_modified_by=mk(fl, "«name:Owusu-Ansah, Kwabena»", "metadata"),
                title="Award notice BDC-T-0419",
                subject=mk(fl, "Lot 1 «vendor:Proofpoint», Lot 2 «vendor:Yubico»", "metadata"))
    d.save(str(path))

    # ---- a releasable award notice for a line-of-business system (PyMuPDF HTML layout)
    path, fl = c.file("Award notice BDC-T-0402 Planning and building control system.pdf")
    rows = [
        ("Awarded supplier", "‹vendor:Idox Software› Ltd, Woking"),
        ("Solution", "‹product:Idox Uniform› (planning, building control and land charges) with "
                     "‹product:Idox Public Access›"),
        ("Total contract value", "‹spend:£412,750› excluding VAT over five years"),
        ("Contract start", "‹date:1 October 2024›"),
        ("Contract end", "‹date:30 September 2029›"),
        ("Hosting", "Supplier-hosted on ‹product:Microsoft Azure› (UK South)"),
        ("Other bidders", "3 (not named)"),
    ]
    body = "".join(f"<tr><td><b>{k}</b></td><td>{_esc(mk(fl, v, 'table'))}</td></tr>" for k, v in rows)
    html = (
        f"<h2>{_esc(mk(fl, '‹org:Brockhollow District Council›', 'prose'))}</h2>"
        f"<p><b>Contract award notice ‹ref›</b></p>".replace("‹ref›", _esc(mk(fl, "‹ref:BDC-T-0402›", "prose")))
        + "<p>Title: Replacement planning, building control and land charges system.</p>"
        + f"<table border='1' cellpadding='3'>{body}</table>"
        + "<p>" + _esc(mk(fl, "Contact: «name:Zhang Xiuying», ‹title:Procurement Officer›, "
                              "«email:xiuying.zhang@brockhollow.gov.uk», tel «phone:01632-960-684». General "
                              "enquiries: ‹mailbox:procurement@brockhollow.gov.uk›.", "prose")) + "</p>"
        + "<p>" + _esc(mk(fl, "‹prose:The award was approved by Cabinet on 18 July 2024 on the recommendation of "
                              "Cllr ‹councillor:Gethin Morgan-Oyelaran›, Cabinet Member for Planning.›", "prose"))
        + "</p><p>" + _esc(mk(fl, "Project sponsor: Ms «name:Roisin McAleese-Dunne», ‹title:Head of Planning›.",
                                "signature")) + "</p>"
    )
    fl.note("Zhang Xiuying", "Chinese name in family-name-first order")
    doc = fitz.open()
    page = doc.new_page()
    page.insert_htmlbox(fitz.Rect(50, 50, 545, 800), html, css="* {font-family: sans-serif; font-size: 10pt;}")
    doc.set_metadata({"title": "Award notice BDC-T-0402", "author": mk(fl, "«name:Zhang Xiuying»", "metadata"),
                      "creator": "Brockhollow e-tendering", "creationDate": "D:20240801090000Z",
                      "modDate": "D:20240801090000Z"})
    doc.save(str(path), garbage=3, deflate=True, no_new_id=True)
    doc.close()
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 8: ICT structure chart + staff list

def case_thorneywick(root: Path) -> Case:
    import xlsxwriter
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    c = Case(root, "case-h3-08-thorneywick", "Thorneywick Metropolitan Borough Council",
             ["0121 496 0000", "0121 496 0400", "ict.servicedesk@thorneywick.gov.uk", "foi@thorneywick.gov.uk"])

    # ---- structure chart: boxes with post title (kept) and post holder (withheld)
    path, fl = c.file("ICT structure chart October 2024.pdf")
    reg, bold = _rl_fonts()
    W, H = landscape(A4)
    cv = canvas.Canvas(str(path), pagesize=(W, H), invariant=1)
    cv.setFont(bold, 14)
    cv.drawString(30, H - 36, mk(fl, "‹org:Thorneywick Metropolitan Borough Council› - Digital and ICT structure "
                                     "(October 2024)", "prose"))
    cv.setFont(reg, 8)
    cv.drawString(30, H - 50, mk(fl, "‹prose:Cabinet Member for Digital: Cllr ‹councillor:Abdul Karim Siddique››",
                                 "prose"))

    def box(x, y, w, h, lines, where="table"):
        cv.setStrokeColorRGB(0.2, 0.3, 0.5)
        cv.setFillColorRGB(0.92, 0.95, 1)
        cv.rect(x, y, w, h, stroke=1, fill=1)
        cv.setFillColorRGB(0, 0, 0)
        for k, s in enumerate(lines):
            cv.setFont(bold if k == 0 else reg, 7.5 if k == 0 else 7)
            cv.drawCentredString(x + w / 2, y + h - 11 - 9.5 * k, mk(fl, s, where))

    bw, bh = 150, 58
    box(W / 2 - bw / 2, H - 130, bw, bh, ["‹title:Director of Digital and ICT›", "Dr «name:Sunita Ramaswamy»",
                                          "«phone:0121 496 0701»"])
    fl.note("Sunita Ramaswamy", "senior officer (Director) - name may be published elsewhere; contestable")
    tier2 = [
        ["‹title:Head of ICT Infrastructure›", "«name:Gareth Llewellyn-Pryce»", "‹mailbox:infrastructure@thorneywick.gov.uk›"],
        ["‹title:Head of Cyber Security›", "«name:Adwoa Boateng-Ansah»", "‹mailbox:cyber.security@thorneywick.gov.uk›"],
        ["‹title:Head of Digital Services›", "Vacant (interim cover)", "‹mailbox:digital@thorneywick.gov.uk›"],
        ["‹title:ICT Service Desk Manager›", "«name:Ciarán Mac Lochlainn»", "‹mailbox:ict.servicedesk@thorneywick.gov.uk›"],
    ]
    xs = [40 + k * (bw + 48) for k in range(4)]
    for x, lines in zip(xs, tier2):
        box(x, H - 230, bw + 20, bh, lines)
        cv.line(W / 2, H - 130, x + (bw + 20) / 2, H - 230 + bh)
    tier3 = [
        [["‹title:Network Engineer›", "«name:Marcin Kowalczyk»"], ["‹title:Network Engineer›", "«name:Ji-woo Park»"]],
        [["‹title:Security Analyst›", "«name:Kehinde Adewale»"], ["‹title:Security Analyst›", "Vacant"]],
        [["‹title:Product Owner›", "«name:Bethan Rees»"], ["‹title:User Researcher›", "«name:Imogen O'Hara»"]],
        [["‹title:Service Desk Analyst› (x6)", "Team"], ["‹title:Desktop Support Lead›", "«name:Tariq Mahmood»"]],
    ]
    for x, pair in zip(xs, tier3):
        for k, lines in enumerate(pair):
            box(x + 10, H - 320 - k * 70, bw, 48, lines)
    cv.setFont(reg, 7)
    cv.drawString(30, 40, mk(fl, "Service Desk ‹phone=0121 496 0400:0121 496 0400› · ‹mailbox:ict.servicedesk@"
                                 "thorneywick.gov.uk› · FOI ‹mailbox:foi@thorneywick.gov.uk› · Switchboard "
                                 "‹phone=0121 496 0000:+44 (0)121 496 0000›", "footer"))
    cv.setAuthor(mk(fl, "«name:Imogen O'Hara»", "metadata"))
    cv.setTitle("Digital and ICT structure chart")
    cv.showPage()
    cv.save()

    # ---- staff contact list workbook
    path, fl = c.file("Digital and ICT contact list.xlsx")
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "Digital and ICT contact list", "author": mk(fl, "«name:Tariq Mahmood»", "metadata"),
                       "manager": mk(fl, "«name:Ciarán Mac Lochlainn»", "metadata"), "company": "Thorneywick MBC",
                       "created": dt.datetime(2024, 10, 7, 10, 0)})
    ws = wb.add_worksheet("Contacts")
    hf = wb.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    cf = wb.add_format({"border": 1})
    ws.write_row(0, 0, ["Team", "Post", "Name", "E-mail", "Phone", "Mobile", "Team mailbox", "Systems supported"], hf)
    rows = [
        ("Leadership", "‹title:Director of Digital and ICT›", "«name:RAMASWAMY, Sunita»",
         "«email:sunita.ramaswamy@thorneywick.gov.uk»", "«phone:0121 496 0701»", "«phone:07700 900 118»",
         "‹mailbox:digital@thorneywick.gov.uk›", ""),
        ("Infrastructure", "‹title:Head of ICT Infrastructure›", "«name:LLEWELLYN-PRYCE, Gareth»",
         "«email:g.llewellyn-pryce@thorneywick.gov.uk»", "«phone:(0121) 496 0733»", "«phone:07700900119»",
         "‹mailbox:infrastructure@thorneywick.gov.uk›", "«vendor:Check Point» firewalls (via «vendor:Computacenter»)"),
        ("Infrastructure", "‹title:Network Engineer›", "«name:KOWALCZYK, Marcin»",
         "«email:marcin.kowalczyk@thorneywick.gov.uk»", "«phone:+44 121 496 0734»", "",
         "‹mailbox:infrastructure@thorneywick.gov.uk›", "«hostname:tmbc-cp-gw01», «hostname:tmbc-cp-gw02»"),
        ("Infrastructure", "‹title:Network Engineer›", "«name:PARK, Ji-woo»", "«email:jiwoo.park@thorneywick.gov.uk»",
         "«phone:+44 (0)121 4960735»", "", "‹mailbox:infrastructure@thorneywick.gov.uk›", "Wi-Fi, LAN"),
        ("Cyber Security", "‹title:Head of Cyber Security›", "«name:BOATENG-ANSAH, Adwoa»",
         "«email:adwoa.boateng-ansah@thorneywick.gov.uk»", "«phone:0121-496-0736»", "«phone:+447700900120»",
         "‹mailbox:cyber.security@thorneywick.gov.uk›", "«vendor:SentinelOne», «vendor:Duo»"),
        ("Cyber Security", "‹title:Security Analyst›", "«name:ADEWALE, Kehinde»",
         "«email:k.adewale@thorneywick.gov.uk»", "ext. «phone:4411»", "",
         "‹mailbox:cyber.security@thorneywick.gov.uk›", "«vendor:Rapid7» «product:InsightIDR»"),
        ("Digital Services", "‹title:Product Owner›", "«name:REES, Bethan»", "«email:bethanrees@thorneywick.gov.uk»",
         "x«phone:4412»", "", "‹mailbox:digital@thorneywick.gov.uk›", "‹product:Salesforce›, ‹product:Power BI›"),
        ("Digital Services", "‹title:User Researcher›", "«name:O'HARA, Imogen»", "«email:i.ohara@thorneywick.gov.uk»",
         "«phone:0121 496 0739»", "", "‹mailbox:digital@thorneywick.gov.uk›", "‹product:Adobe Experience Manager›"),
        ("Service Desk", "‹title:ICT Service Desk Manager›", "«name:MAC LOCHLAINN, Ciarán»",
         "«email:ciaran.maclochlainn@thorneywick.gov.uk»", "«phone:0121 496 0741» / ext «phone:4441»", "",
         "‹mailbox:ict.servicedesk@thorneywick.gov.uk›", "‹product:Microsoft 365›, ‹product:Zoom›"),
        ("Service Desk", "‹title:Desktop Support Lead›", "«name:MAHMOOD, Tariq»",
         "«email:tariq.mahmood@thorneywick.gov.uk»", "«phone:0121 496 0742»", "«phone:07700 900 125»",
         "‹mailbox:ict.servicedesk@thorneywick.gov.uk›", "Laptops, printing"),
        ("Service Desk", "‹title:Service Desk Analyst› (team line)", "-", "‹mailbox:ict.servicedesk@thorneywick.gov.uk›",
         "‹phone=0121 496 0400:(0121) 496-0400›", "", "‹mailbox:ict.servicedesk@thorneywick.gov.uk›", "All"),
        ("Leavers", "‹title:Security Analyst› (left 30/09/2024)", "«name:Oyelaran-Doherty, Funmilayo»",
         "«email:f.oyelaran-doherty@thorneywick.gov.uk»", "«phone:0121 496 0738»", "«phone:07700 900 133»",
         "‹mailbox:cyber.security@thorneywick.gov.uk›", "«vendor:SentinelOne» console"),
    ]
    for i, row in enumerate(rows):
        where = "hidden-row" if row[0] == "Leavers" else "table"
        ws.write_row(i + 1, 0, [mk(fl, v, where) for v in row], cf)
    last = len(rows)
    ws.autofilter(0, 0, last, 7)
    ws.filter_column(0, "Team != Leavers")
    ws.set_row(last, None, None, {"hidden": True})
    fl.note("Oyelaran-Doherty, Funmilayo", "row hidden by an autofilter (filtered out)")
    fl.note("RAMASWAMY, Sunita", "senior officer (Director) - name may be published elsewhere; contestable")
    ws.set_column("A:A", 16)
    ws.set_column("B:B", 30)
    ws.set_column("C:D", 34)
    ws.set_column("E:F", 22)
    ws.set_column("G:H", 36)
    ws.write_comment("C3", mk(fl, "«name!:Gareth» is acting Director when «name!:Sunita» is away; cover from "
                                  "«name:Jaswinder Kaur Bains» (‹title:Senior Network Engineer›, on secondment).",
                              "comment"), {"author": mk(fl, "«name:Tariq Mahmood»", "comment")})
    ws.set_header(mk(fl, "&LOFFICIAL&RMaintained by «name:T. Mahmood»", "header"))
    ws.set_footer(mk(fl, "&LService Desk ‹phone=0121 496 0400:0121 496 0400›&R&F", "footer"))
    wb.close()
    c.write_labels()
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
    problems = 0

    def problem(msg: str) -> None:
        nonlocal problems
        print("PROBLEM " + msg)
        problems += 1

    for cdir in sorted(p for p in root.iterdir() if (p / "labels.json").is_file()):
        labels = json.loads((cdir / "labels.json").read_text(encoding="utf-8"))
        for rel, fl in labels["files"].items():
            tag = f"{cdir.name}/{rel}"
            ch, errors, info = sc.extract(str(cdir / rel))
            if info.get("unopenable") or [e for e in errors if not e.startswith("warning")]:
                problem(f"{tag}: extractor errors {errors}")
            nch = sc.normalise_channels(ch)
            live = {k: v for k, v in nch.items() if not sc.is_raw_channel(k)}
            rm = [(lab, sc.Matcher(lab)) for lab in fl["must_remove"]]
            kp = [(lab, sc.Matcher(lab)) for lab in fl["must_keep"]]
            both = {sc.norm(a["text"]) for a in fl["must_remove"]} & {sc.norm(b["text"]) for b in fl["must_keep"]}
            for t in sorted(both):
                problem(f"{tag}: {t!r} is both must_remove and must_keep")
            for lab, m in rm:
                if not sc.find_channels(m, nch):
                    problem(f"{tag}: must_remove {lab['text']!r} not present")
            for lab, m in kp:
                if not sc.find_channels(m, live):
                    problem(f"{tag}: must_keep {lab['text']!r} not live")
            for lab, m in kp:  # a keep that only occurs inside removed strings cannot survive a correct redaction
                free = False
                for name, nt in live.items():
                    rspans = [s for _, rmm in rm if rmm.mode != "phone" for s in rmm.spans(nt)]
                    if any(not any(_overlaps(ks, rs) for rs in rspans) for ks in m.spans(nt)):
                        free = True
                        break
                if not free and sc.find_channels(m, live):
                    problem(f"{tag}: must_keep {lab['text']!r} only inside must_remove text")
            for lab, m in rm:  # a remove inside a keep string makes the pair unsatisfiable
                if m.mode == "phone":
                    continue
                for name, nt in live.items():
                    kspans = [s for kl, km in kp if km.mode != "phone" for s in km.spans(nt)]
                    if any(ks[0] <= rs[0] and rs[1] <= ks[1] for rs in m.spans(nt) for ks in kspans):
                        problem(f"{tag}: must_remove {lab['text']!r} inside a must_keep in {name}")
                        break
            for lab, m in rm:  # a phone or extension must not also be the digits of a kept number
                if lab["kind"] != "phone":
                    continue
                for kl, km in kp:
                    if km.mode == "phone" and m.mode == "phone" and (m.key in km.key or km.key in m.key):
                        problem(f"{tag}: phone {lab['text']!r} collides with kept {kl['text']!r}")
            keep_texts = {lab["text"] for lab in fl["must_keep"]}
            for s in labels["allow"]:
                m = sc.Matcher({"text": s, "kind": "phone" if "@" not in s else "mailbox"})
                if sc.find_channels(m, live) and (s not in keep_texts or s not in fl.get("allow", [])):
                    problem(f"{tag}: allow string {s!r} present but not labelled/allowed")
        n_rm = sum(len(f["must_remove"]) for f in labels["files"].values())
        n_kp = sum(len(f["must_keep"]) for f in labels["files"].values())
        print(f"ok   {cdir.name}: {len(labels['files'])} files, {n_rm} must_remove, {n_kp} must_keep")
    print(f"validation problems: {problems}")
    return problems


# --------------------------------------------------------------------------- main

CASES = [case_cwmderwen, case_ouseford, case_hexley_marsh, case_lower_tamsey, case_kirkby_wolds, case_marrowby,
         case_brockhollow, case_thorneywick]


FIXED_ZIP_TIME = (2024, 11, 4, 17, 5, 0)


def _pin_ooxml(c: Case) -> None:
    """Make OOXML packages byte-stable: fixed zip entry times and a fixed core 'modified' stamp."""
    for rel in c.files:
        path = c.dir / rel
        if path.suffix.lower() not in (".xlsx", ".docx"):
            continue
        with zipfile.ZipFile(path) as z:
            items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in items:
                if name == "docProps/core.xml":
                    data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                  rb"\g<1>2024-11-04T17:05:00Z\g<2>", data)
                info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)


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
    ap.add_argument("--out", default="/tmp/heldout3", help="output folder (recreated)")
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
        _pin_ooxml(c)
        _add_allow_labels(c, sc)
        print(f"wrote {c.dir}")
    if a.validate:
        return 1 if validate(root) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
