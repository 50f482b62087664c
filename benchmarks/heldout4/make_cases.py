"""Generate a fourth, independently written held-out FOI corpus (8 invented cases) in the scorer's label schema.

Usage:
    .venv/bin/python benchmarks/heldout4/make_cases.py [--out /tmp/heldout4] [--validate]

Each case folder holds attachments plus labels.json (see /work/shared/eval/README.md).
Content is written with inline markers so every planted string is labelled where it is planted:
    «kind:text»   must_remove (category s40 for name/surname/email/phone, else s31)
    ‹kind:text›   must_keep
    kind may end with '!' (label is a contestable reading, noted in the label) or carry '=LABEL'
    (the label text differs from the planted text, e.g. an allow-listed number in another format,
    or a name broken across a line).

Scope (from the eval README): s31 covers the FIREWALL and ANTI-VIRUS contracts only (supplier/reseller,
vendor, product, model, version, spend, dates) plus IPs and internal hostnames; the Microsoft EA and
BI-platform rows are released with their suppliers, spend and dates, and `Microsoft` stays even when the
anti-virus is Microsoft Defender for Endpoint (that product name is withheld).  Other contracts (e-mail
filtering, telephony ...) are left unlabelled apart from staff personal data.

Presence-only decision: where one reseller supplies both a withheld contract (firewall / AV) and a released
one (EA / BI) in the SAME file, the reseller is a must_keep label there (a correct redaction still leaves it
in the released row), with a note; the firewall occurrence cannot be scored in that file.  The same reseller
is a must_remove label in another file of the case where it only appears as the firewall supplier.

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
import struct
import sys
import zlib
from pathlib import Path

SEED = 20241202
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


def _tiny_png() -> bytes:
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    raw = b"\x00\x80\x80\x80" * 1
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))



# --------------------------------------------------------------------------- case 1: two-column PDF letter + ';' CSV

def case_ravensholt(root: Path) -> Case:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

    c = Case(root, "case-h4-01-ravensholt", "Ravensholt Borough Council",
             ["0115 496 0000", "0115 496 0500", "foi@ravensholt.gov.uk"])
    st = _styles()
    reg, bold = _rl_fonts()
    path, fl = c.file("FOI-RBC-24-1093 response.pdf")

    def P(s, where="prose", style="body"):
        return Paragraph(_esc(mk(fl, s, where)).replace("\n", "<br/>"), st[style])

    band1 = mk(fl, "‹org:Ravensholt Borough Council› · Town Hall, Market Square, Ravensholt RV4 1TN", "header")
    band2 = mk(fl, "Tel ‹phone=0115 496 0000:(0115) 496 0000› · ‹mailbox:foi@ravensholt.gov.uk› · "
                   "www.ravensholt.gov.uk/foi", "header")
    W, H = A4
    gap = 8 * mm
    colw = (W - 30 * mm - gap) / 2
    frames = [Frame(15 * mm, 16 * mm, colw, H - 46 * mm, id="left"),
              Frame(15 * mm + colw + gap, 16 * mm, colw, H - 46 * mm, id="right")]

    def on_page(cv, doc):
        cv.saveState()
        cv.setFont(bold, 13)
        cv.drawString(15 * mm, H - 16 * mm, band1)
        cv.setFont(reg, 8)
        cv.drawString(15 * mm, H - 21 * mm, band2)
        cv.line(15 * mm, H - 24 * mm, W - 15 * mm, H - 24 * mm)
        cv.line(15 * mm + colw + gap / 2, 20 * mm, 15 * mm + colw + gap / 2, H - 30 * mm)
        cv.drawString(15 * mm, 9 * mm, f"FOI-RBC-24-1093 · page {doc.page}")
        cv.restoreState()

    story = [
        P("Our ref: ‹ref:FOI-RBC-24-1093›\nDate: 18 November 2024"),
        P("Dear Requester,"),
        P("Request for information: ICT contracts", style="head"),
        P("‹prose:Thank you for your request received on 21 October 2024.› You asked for the supplier, "
          "product, annual cost, start and end dates and the responsible officer for four ICT contracts. "
          "Our answers are in the table below."),
    ]
    rows = [
        ["Area", "Supplier and product", "Cost and term", "Officer"],
        ["Network firewall",
         "«vendor:Fortinet» «product:FortiGate» «model:400F» high-availability pair running «product:FortiOS» "
         "«version:7.4.3», supplied and supported by «vendor:Exponential-e»",
         "«spend:£38,920» a year\n«date:01.06.2023» to\n«date:31.05.2026»",
         "«name:Thanh Nguyen»\n‹title:Network Security Engineer›\n«phone:0115 496 0731»"],
        ["Anti-virus",
         "«product:«vendor:Trellix» Endpoint Security» «version:10.7.0» for 2,400 devices, bought through "
         "«vendor:SCC»",
         "«spend:£29,315.50» a year\n«date:01.09.2022» to\n«date:31.08.2025»",
         "«name:Ciarán O'Donoghue»\n‹title:Cyber Security Analyst›\next. «phone:4471»"],
        ["Microsoft Enterprise Agreement",
         "‹vendor:Microsoft› Enterprise Agreement (‹product:Microsoft 365 E3› and ‹product:Windows 11 Enterprise "
         "E3›) through the licensing partner ‹vendor:Crayon›",
         "‹spend:£521,340› a year\n‹date:01.11.2022› to\n‹date:31.10.2025›",
         "‹title:ICT Commercial Manager›\n‹team:ICT Commercial Team›"],
        ["Business intelligence",
         "‹product:Tableau Creator› (12) and ‹product:Tableau Viewer› (180) licences from ‹vendor:CDW UK›",
         "‹spend:£27,480› a year\n‹date:15.01.2024› to\n‹date:14.01.2027›",
         "«name:Priya Raghunathan»\n‹title:Head of Data and Insight›\n«phone:0115-4960-655»"],
    ]
    data = [[Paragraph(_esc(mk(fl, cell, "table")).replace("\n", "<br/>"), st["cellb" if r == 0 else "tiny"])
             for cell in row] for r, row in enumerate(rows)]
    t = Table(data, colWidths=[15 * mm, 30 * mm, 18.5 * mm, colw - 63.5 * mm], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EDEDED"))]))
    story += [t, Spacer(1, 4 * mm)]
    story += [
        P("Branch offices are protected by six «vendor:SonicWall» «model:TZ570» appliances maintained by the same "
          "supplier. The anti-virus management server is «hostname:rbc-epo-01.ravensholt.local» and the firewall "
          "management network is «ip:10.48.0.0/24»."),
        P("‹prose:Some of the information above about the firewall and anti-virus contracts is exempt under "
          "section 31(1)(a) of the Act.› ‹prose:The names and direct contact details of officers are exempt "
          "under section 40(2).›"),
        P("Dr «surname:Raghunathan» leads the Council's data programme and has confirmed that the Tableau figures "
          "include the 2024 price uplift."),
        P("‹prose:Cllr ‹councillor:Marguerite Ashdown›, Portfolio Holder for Resources, has asked that the "
          "Enterprise Agreement and business intelligence information is published in full.›"),
        P("If you have any questions about this response please contact Ms «name=Adaeze Nwachukwu-Obi:Adaeze\n"
          "Nwachukwu-Obi» on «phone:0115 496 0418» or write to ‹mailbox:foi@ravensholt.gov.uk›. ICT questions "
          "can go to the ‹team:ICT Service Desk› on ‹phone=0115 496 0500:0115 496 0500›; contract questions to "
          "‹mailbox:ict.commercial@ravensholt.gov.uk›."),
        P("If you are unhappy with this response you may ask for an internal review. Ms «surname:Nwachukwu-Obi» "
          "will pass your request to a senior officer."),
        P("Yours sincerely,"),
        P("«name:Adaeze Nwachukwu-Obi»\n‹title:Information Governance Officer›\n"
          "Direct dial: «phone:+44 (0)115 496 0418»", "signature"),
    ]
    fl.note("Adaeze Nwachukwu-Obi", "first planted broken across two lines of a narrow column (forced break)")
    doc = BaseDocTemplate(str(path), pagesize=A4, title="FOI-RBC-24-1093 response",
                          author=mk(fl, "«name:Nwachukwu-Obi, Adaeze»", "metadata"), invariant=1)
    doc.addPageTemplates([PageTemplate(id="twocol", frames=frames, onPage=on_page)])
    doc.build(story)

    # ---- semicolon CSV, UTF-8 BOM, quoted multi-line cells, decimal commas
    path, fl = c.file("ict_contracts_export.csv")
    rows = [
        ["Contract ref", "Contract title", "Supplier", "Description", "Annual value (£)", "Start date", "End date",
         "Contract manager", "Email", "Notes"],
        ["RBC-ICT-014", "Perimeter firewall support", "«vendor:Exponential-e»",
         "«vendor:Fortinet» «product:FortiGate» «model:400F» x2 (HA)\n«product:FortiOS» «version:7.4.3»\n"
         "FortiCare 24x7 support", "«spend:38920,00»", "«date:01/06/2023»", "«date:31/05/2026»",
         "«name:Thanh Nguyen»\n‹title:Network Security Engineer›", "«email:thanh.nguyen@ravensholt.gov.uk»",
         "Management VLAN «ip:10.48.0.0/24»"],
        ["RBC-ICT-015", "Branch office firewalls", "«vendor:Exponential-e»",
         "6 x «vendor:SonicWall» «model:TZ570»\n«product:SonicOS» «version:7.1.1»", "«spend:6480,00»",
         "«date:01/06/2023»", "«date:31/05/2026»", "«name:Thanh Nguyen»", "«email:thanh.nguyen@ravensholt.gov.uk»",
         ""],
        ["RBC-ICT-021", "Endpoint protection (anti-virus)", "«vendor:SCC»",
         "«product:«vendor:Trellix» Endpoint Security» «version:10.7.0»\n2,400 seats", "«spend:29315,50»",
         "«date:01/09/2022»", "«date:31/08/2025»",
         "«name:Ciarán O'Donoghue»\n‹title:Cyber Security Analyst›\next «phone:4471»",
         "«email:c.odonoghue@ravensholt.gov.uk»", "ePO server «hostname:rbc-epo-01.ravensholt.local»"],
        ["RBC-ICT-030", "Microsoft Enterprise Agreement", "‹vendor:Crayon›",
         "‹product:Microsoft 365 E3›\n‹product:Windows 11 Enterprise E3›", "‹spend:521340,00›", "‹date:01/11/2022›",
         "‹date:31/10/2025›", "‹title:ICT Commercial Manager›", "‹mailbox:ict.commercial@ravensholt.gov.uk›",
         "Published on Contracts Finder"],
        ["RBC-ICT-033", "BI and analytics platform", "‹vendor:CDW UK›",
         "‹product:Tableau Creator› x 12\n‹product:Tableau Viewer› x 180", "‹spend:27480,00›", "‹date:15/01/2024›",
         "‹date:14/01/2027›", "«name:Priya Raghunathan»\n‹title:Head of Data and Insight›\n«phone:0115 4960655»",
         "«email:p.raghunathan@ravensholt.gov.uk»", ""],
        ["RBC-ICT-040", "Email filtering", "Mimecast", "Mimecast Email Security (Advanced)", "14200,00", "01/02/2024",
         "31/01/2027", "«name:Thanh Nguyen»", "«email:thanh.nguyen@ravensholt.gov.uk»", ""],
        ["", "", "", "", "", "", "", "", "", ""],
        [mk(fl, "Exported by «name:Ciarán O'Donoghue» on 19/11/2024 10:02 from the ‹team:ICT Commercial Team› "
                "register", "prose")] + [""] * 9,
    ]
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        w.writerow([mk(fl, v, "table") for v in row])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 2: rotated PDF page + openpyxl workbook

def case_aldersey(root: Path) -> Case:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.workbook.defined_name import DefinedName
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = Case(root, "case-h4-02-aldersey-vale", "Aldersey Vale District Council",
             ["01632 960200", "foi@alderseyvale.gov.uk"])
    reg, bold = _rl_fonts()
    path, fl = c.file("Appendix A - contracts register.pdf")
    cv = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    cv.setTitle("Appendix A - contracts register")
    cv.setAuthor(mk(fl, "«name:Bongani Dlamini»", "metadata"))
    W, H = A4
    y = H - 70
    for s, f, size in [("‹org:Aldersey Vale District Council›", bold, 14),
                       ("Appendix A to FOI response ‹ref:AVDC-FOI-0877›", reg, 10),
                       ("The register extract is on the next page, printed landscape.", reg, 10),
                       ("‹prose:A copy of this response has been sent to Cllr ‹councillor:Sadia Rahman›, Chair of the "
                        "Audit Committee.›", reg, 10),
                       ("Enquiries: ‹mailbox:foi@alderseyvale.gov.uk› / ‹phone=01632 960200:01632 960 200›", reg, 10)]:
        cv.setFont(f, size)
        cv.drawString(60, y, mk(fl, s, "prose"))
        y -= 20
    cv.showPage()
    # page 2: portrait media box with /Rotate 90; content drawn so it reads upright when displayed landscape
    cv.setPageRotation(90)
    cv.translate(W, 0)
    cv.rotate(90)  # now (u, v): u runs 0..842 to the right of the displayed page, v 0..595 upwards
    LW, LH = H, W
    cv.setFont(bold, 11)
    cv.drawString(40, LH - 40, mk(fl, "‹org:Aldersey Vale District Council› - ICT contracts register (extract)",
                                  "prose"))
    cols = [("Ref", 52), ("Contract", 88), ("Supplier", 70), ("Manufacturer / product", 160), ("Annual (£)", 58),
            ("Start", 58), ("Expiry", 58), ("Owner", 92), ("Telephone", 100)]
    rows = [
        ["AV-NET-01", "Next-generation\nfirewall", "«vendor:Nasstar»",
         "«vendor:Palo Alto Networks» «model:PA-1410»\n«product:PAN-OS» «version:11.1.2»", "«spend:31,450»",
         "«date:1 Jul 2023»", "«date:30 Jun 2026»", "«name:Bongani Dlamini»", "«phone:01632 960 247»"],
        ["AV-SEC-02", "Anti-virus / EDR", "«vendor:Trustmarque»",
         "«product:Microsoft Defender for Endpoint»\nPlan 2 (2,100 devices)", "«spend:40,320»", "«date:1 Feb 2024»",
         "«date:31 Jan 2027»", "«name:Mei-Ling Tan»", "«phone:01632 960318»"],
        ["AV-LIC-03", "Enterprise\nAgreement", "‹vendor:SoftwareONE›", "‹vendor:Microsoft›\n‹product:Microsoft 365 E5›",
         "‹spend:688,900›", "‹date:1 Apr 2022›", "‹date:31 Mar 2025›", "‹title:Head of ICT›",
         "‹phone=01632 960200:01632 960 200›"],
        ["AV-BI-04", "Business\nintelligence", "‹vendor:SoftwareONE›", "‹product:Power BI Pro› (‹vendor:Microsoft›)",
         "‹spend:12,960›", "‹date:1 Apr 2024›", "‹date:31 Mar 2025›", "«name:Yusuf Haddad»",
         "«phone:+44 1632 960455»"],
        ["AV-UC-05", "Telephony", "Gamma", "Gamma Horizon", "18,700", "1 Sep 2021", "31 Aug 2026",
         "«name:Yusuf Haddad»", "«phone:+44 1632 960455»"],
    ]
    x0, yy = 40, LH - 70
    cv.setFont(bold, 8)
    x = x0
    for h, wdt in cols:
        cv.drawString(x + 2, yy, h)
        x += wdt
    yy -= 6
    cv.line(x0, yy, x, yy)
    cv.setFont(reg, 8)
    for row in rows:
        cells = [mk(fl, v, "table").split("\n") for v in row]
        nl = max(len(cc) for cc in cells)
        x = x0
        for (h, wdt), lines in zip(cols, cells):
            for k, ln in enumerate(lines):
                cv.drawString(x + 2, yy - 11 - 10 * k, ln)
            x += wdt
        yy -= 10 * nl + 8
        cv.line(x0, yy, x, yy)
    yy -= 18
    for s in ["Firewall management interface «ip:10.12.0.5»; Defender traffic leaves via "
              "«hostname:avdc-mde-gw01.corp.alderseyvale.local».",
              "‹prose:Figures exclude VAT.› Register owner: ‹team:ICT Commercial Team›."]:
        cv.drawString(x0, yy, mk(fl, s, "prose"))
        yy -= 12
    cv.showPage()
    cv.save()
    fl.note("Microsoft Defender for Endpoint", "anti-virus product: withheld although `Microsoft` (EA row) is kept")

    # ---- workbook
    path, fl = c.file("AVDC FOI-0877 ICT contracts.xlsx")
    D = dt.date
    wb = Workbook()
    ws = wb.active
    ws.title = "Contracts"
    ws["A1"] = mk(fl, "‹org:Aldersey Vale District Council› - ICT contracts (FOI ‹ref:AVDC-FOI-0877›)", "table")
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:L1")
    for rng, txt in (("A2:D2", "Contract"), ("E2:H2", "Value and term"), ("I2:L2", "Contract owner")):
        ws[rng.split(":")[0]] = txt
        ws[rng.split(":")[0]].alignment = Alignment(horizontal="center")
        ws[rng.split(":")[0]].font = Font(bold=True)
        ws.merge_cells(rng)
    ws.append(["Ref", "Area", "Supplier", "Manufacturer / product", "Annual £", "Start", "Expiry", "Notice",
               "Owner", "Job title", "Email", "Direct dial"])
    # (ref, area, supplier, product, spend, start, end (date or text), notice, owner, title, email, ddi, sec)
    rows = [
        ("AV-NET-01", "Next-generation firewall", "«vendor:Nasstar»",
         "«vendor:Palo Alto Networks» «model:PA-1410» («product:PAN-OS» «version:11.1.2»)", 31450, D(2023, 7, 1),
         D(2026, 6, 30), "3 months", "«name:Bongani Dlamini»", "‹title:Network Infrastructure Lead›",
         "«email:bongani.dlamini@alderseyvale.gov.uk»", "«phone:01632 960 247»", True),
        ("AV-SEC-02", "Anti-virus / EDR", "«vendor:Trustmarque»", "«product:Microsoft Defender for Endpoint» P2",
         40320, D(2024, 2, 1), "«date:31/01/2027»", "90 days", "«name:Mei-Ling Tan»",
         "‹title:Cyber Security Analyst›", "«email:mei-ling_tan@alderseyvale.gov.uk»", "«phone:01632960318»", True),
        ("AV-LIC-03", "Microsoft Enterprise Agreement", "‹vendor:SoftwareONE›",
         "‹vendor:Microsoft› ‹product:Microsoft 365 E5›", 688900, D(2022, 4, 1), "‹date:31-Mar-2025›", "6 months",
         "‹team:ICT Commercial Team›", "‹title:Head of ICT›", "‹mailbox:ict.contracts@alderseyvale.gov.uk›",
         "‹phone=01632 960200:01632 960200›", False),
        ("AV-BI-04", "Business intelligence", "‹vendor:SoftwareONE›", "‹product:Power BI Pro›", 12960, D(2024, 4, 1),
         D(2025, 3, 31), "1 month", "«name:Yusuf Haddad»", "‹title:BI Platform Manager›",
         "«email:yhaddad@alderseyvale.gov.uk»", "«phone:+44 1632 960455»", False),
        ("AV-UC-05", "Telephony", "Gamma", "Gamma Horizon", 18700, D(2021, 9, 1), D(2026, 8, 31), "3 months",
         "«name:Yusuf Haddad»", "‹title:BI Platform Manager›", "«email:yhaddad@alderseyvale.gov.uk»",
         "«phone:+44 1632 960455»", None),
    ]
    values = []
    for i, (ref, area, sup, prod, spend, start, end, notice, owner, jt, email, ddi, sec) in enumerate(rows):
        r = 4 + i
        ws.cell(r, 1, ref)
        ws.cell(r, 2, area)
        ws.cell(r, 3, mk(fl, sup, "table"))
        ws.cell(r, 4, mk(fl, prod, "table"))
        ws.cell(r, 5, spend).number_format = "#,##0"
        ws.cell(r, 6, start).number_format = "dd/mm/yyyy"
        if isinstance(end, str):
            ws.cell(r, 7, mk(fl, end, "table"))
        else:
            ws.cell(r, 7, end).number_format = "dd/mm/yyyy"
        ws.cell(r, 8, notice)
        ws.cell(r, 9, mk(fl, owner, "table"))
        ws.cell(r, 10, mk(fl, jt, "table"))
        ws.cell(r, 11, mk(fl, email, "table"))
        ws.cell(r, 12, mk(fl, ddi, "hidden-column"))
        nums = [spend, serial(start)] + ([] if isinstance(end, str) else [serial(end)])
        values += nums
        if sec is True:
            for v in nums:
                fl.rm(str(v), "spend" if v == spend else "date", "table")
        elif sec is False:
            fl.kp(str(spend), "spend")
            fl.kp(str(serial(start)), "date", alt=[start.strftime("%d/%m/%Y")])
            if not isinstance(end, str):
                fl.kp(str(serial(end)), "date", alt=[end.strftime("%d/%m/%Y")])
    assert len(set(values)) == len(values)
    tr = 4 + len(rows)
    ws.cell(tr, 1, "Total").font = Font(bold=True)
    ws.cell(tr, 5, f"=SUM(E4:E{tr - 1})").number_format = "#,##0"
    ws.cell(tr + 2, 1, mk(fl, "‹prose:Values exclude VAT.› Expiry dates entered as text were keyed from the "
                              "supplier's order form.", "prose"))
    ws.column_dimensions["L"].hidden = True
    for col, wdt in zip("ABCDEFGHIJK", (11, 26, 16, 44, 11, 11, 12, 10, 22, 26, 38)):
        ws.column_dimensions[col].width = wdt
    ws["C4"].comment = Comment(mk(fl, "Renewal quote from «vendor:Nasstar» for 2026: «spend:£33,020». "
                                      "Check with «name!:Bongani» before release.", "comment"),
                               mk(fl, "«name:Yusuf Haddad»", "comment"))
    net = wb.create_sheet("Network")
    net.sheet_state = "hidden"
    for row in [("Item", "Value"), ("MDE gateway", "«hostname:avdc-mde-gw01.corp.alderseyvale.local»"),
                ("FW management", "«ip:10.12.0.5»"),
                ("Panorama", "«hostname:avdc-panorama.corp.alderseyvale.local»")]:
        net.append([mk(fl, v, "hidden-sheet") for v in row])
    for name, ref in (("FW_MGMT", '"' + mk(fl, "«ip:10.12.0.5»", "formula") + '"'),
                      ("MDE_GATEWAY", "Network!$B$2"), ("OwnerDDIs", "Contracts!$L$4:$L$8")):
        dn = DefinedName(name, attr_text=ref)
        try:
            wb.defined_names[name] = dn
        except TypeError:
            wb.defined_names.append(dn)
    wb.properties.creator = mk(fl, "«name:Bongani Dlamini»", "metadata")
    wb.properties.lastModifiedBy = mk(fl, "«name:Tan, Mei-Ling»", "metadata")
    wb.properties.title = "AVDC-FOI-0877"
    wb.properties.created = dt.datetime(2024, 10, 3, 9, 0)
    wb.properties.modified = dt.datetime(2024, 10, 4, 9, 0)
    wb.save(str(path))
    fl.note("Microsoft Defender for Endpoint", "anti-virus product: withheld although `Microsoft` (EA row) is kept")
    fl.note("10.12.0.5", "also planted in a workbook defined name and a hidden sheet")
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 3: DOCX transposed merged table

def case_pentrefoel(root: Path) -> Case:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    c = Case(root, "case-h4-03-pentrefoel", "Pentrefoel County Council",
             ["029 2018 0000", "foi@pentrefoel.gov.uk"])
    path, fl = c.file("Briefing - FOI PCC-2024-311 (tracked).docx")
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(10)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = mk(fl, "‹org:Pentrefoel County Council› / Cyngor Sir Pentrefoel - "
                                           "SWYDDOGOL / OFFICIAL - drafted by «name:Rhiannon Lloyd-Jones»", "header")
    sec.footer.paragraphs[0].text = mk(fl, "‹mailbox:foi@pentrefoel.gov.uk› | ‹phone=029 2018 0000:029 2018 0000›",
                                       "footer")
    d.add_heading(mk(fl, "Briefing note: ‹ref:PCC-FOI-2024-311›", "prose"), level=1)
    d.add_paragraph(mk(fl, "Cyflwyniad / Introduction: the requester asks for the supplier, product, cost and term "
                           "of our firewall, anti-virus, Microsoft Enterprise Agreement and Power BI contracts. "
                           "The proposed answer is set out field by field below.", "prose"))
    t = d.add_table(rows=10, cols=5)
    t.style = "Table Grid"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "Security contracts - s31 review"
    t.cell(0, 3).merge(t.cell(0, 4)).text = "Licensing and BI - release in full"
    grid = [
        ["Contract area", "Network firewall", "Anti-virus", "Microsoft Enterprise Agreement", "Power BI"],
        ["Supplier / reseller", "WAVENET", "«vendor:XMA»", "‹vendor:Softcat›", "‹vendor:Wavenet›"],
        ["Manufacturer", "«vendor:WatchGuard»", "«vendor:Bitdefender»", "MERGE-MS", None],
        ["Product / model", "«product:Firebox» «model:M4800» (x2, active/passive)",
         "«product:GravityZone Business Security Enterprise»",
         "‹product:Microsoft 365 E3› + ‹product:Windows 11 Enterprise E3›", "‹product:Power BI Pro› (340 users)"],
        ["Version", "FWVER", "agent «version:7.9.12.424»", "n/a", "n/a"],
        ["Annual cost (ex VAT)", "«spend:£22,760»", "«spend:£17,905»", "‹spend:£402,115›", "‹spend:£3,510›"],
        ["Term", "«date:1 October 2023»", "«date:1 May 2024»", "‹date:1 July 2022›", "‹date:1 December 2023›"],
        [None, "«date:30 September 2026»", "«date:30 April 2027»", "‹date:30 June 2025›", "‹date:30 November 2025›"],
        ["Contract owner", "OWNER-SEC", None, "OWNER-LIC", None],
    ]
    wavenet_run = None
    for r, row in enumerate(grid, start=1):
        for k, v in enumerate(row):
            if v is None:
                continue
            cell = t.cell(r, k)
            if v == "WAVENET":
                wavenet_run = cell.paragraphs[0].add_run("Wavenet")
            elif v == "MERGE-MS":
                cell.merge(t.cell(r, 4)).text = mk(fl, "‹vendor:Microsoft›", "table")
            elif v == "FWVER":
                par = cell.paragraphs[0]
                par.add_run(mk(fl, "«product:Fireware» ", "table"))
                _docx_rev(par, "del", mk(fl, "«version:12.9.4»", "revision"),
                          mk(fl, "«name:Gethin ap Rhys»", "revision"), "2024-09-12T10:00:00Z")
                _docx_rev(par, "ins", mk(fl, "«version:12.10.3»", "revision"),
                          mk(fl, "«name:Gethin ap Rhys»", "revision"), "2024-09-12T10:00:00Z")
            elif v == "OWNER-SEC":
                cell.merge(t.cell(r, 2)).text = mk(fl, "«name:Gethin ap Rhys», ‹title:Cyber Security Lead›, "
                                                       "«phone:029 2018 0641»", "table")
            elif v == "OWNER-LIC":
                cell.merge(t.cell(r, 4)).text = mk(fl, "‹title:Head of Digital Services› - "
                                                       "‹mailbox:digital@pentrefoel.gov.uk›", "table")
            else:
                cell.text = mk(fl, v, "table")
    t.cell(7, 0).merge(t.cell(8, 0)).text = "Term (start / end)"
    fl.note("Wavenet", "same reseller supplies the firewall (withheld) and Power BI (released) in this file; "
                       "presence-only scoring: kept here for the Power BI row, withheld in firewall-renewal-quote.csv")
    cm = d.add_comment(wavenet_run, text=mk(fl, "‹vendor:Wavenet› also resell our Power BI - name them in the BI "
                                                "column only. «name!:Gethin» to confirm the firmware line.", "comment"),
                       author=mk(fl, "«name:Sinéad Ní Bhriain»", "comment"), initials="SNB")
    cm._comment_elm.set(qn("w:date"), "2024-09-12T11:20:00Z")
    d.add_paragraph()
    d.add_paragraph(mk(fl, "The firewall pair («hostname:pcc-fbx-01.pentrefoel.lan», «hostname:pcc-fbx-02.pentrefoel.lan») "
                           "sits in front of «ip:10.160.0.0/16»; the GravityZone relay is "
                           "«hostname:gz-relay.pentrefoel.lan».", "prose"))
    d.add_paragraph(mk(fl, "Dyddiad dod i ben y wal dân / Firewall expiry: «date:30 Medi 2026».", "prose"))
    p = d.add_paragraph(mk(fl, "Mr «surname:ap Rhys» recommends withholding the firewall and anti-virus columns under "
                               "s31(1)(a) and officer names under s40(2).", "prose"))
    _docx_rev(p, "ins", mk(fl, " Out of hours: «name:Gethin ap Rhys» «phone:07700 900 552».", "revision"),
              mk(fl, "«name:Rhiannon Lloyd-Jones»", "revision"), "2024-09-12T12:05:00Z")
    d.add_paragraph(mk(fl, "‹prose:Cllr ‹councillor:Alun Prosser›, Cabinet Member for Finance, has been briefed.›",
                       "prose"))
    d.add_paragraph(mk(fl, "Prepared by «name:Rhiannon Lloyd-Jones», ‹title:Information Governance Manager›, "
                           "ext «phone:6127».", "signature"))
    _docx_fix_props(d, author=mk(fl, "«name:Rhiannon Lloyd-Jones»", "metadata"),
                    last_modified_by=mk(fl, "«name:Sinéad Ní Bhriain»", "metadata"), title="PCC-FOI-2024-311")
    d.save(str(path))

    path, fl = c.file("firewall-renewal-quote.csv")
    rows = [
        ["Quote summary - perimeter firewall renewal", "", "", ""],
        ["Supplier", "«vendor:Wavenet»", "", ""],
        ["Item", "Qty", "Unit price", "Line total"],
        ["«vendor:WatchGuard» «product:Firebox» «model:M4800» Total Security Suite (1 yr)", "2", "«spend:£11,380.00»",
         "«spend:£22,760.00»"],
        ["Proposed term", "«date:01/10/2026»", "«date:30/09/2029»", ""],
        ["Requested by", "«name:Gethin ap Rhys»", "«email:gethin.aprhys@pentrefoel.gov.uk»", "«phone:029 2018 0641»"],
        ["Approved by", "«name:Delyth Pugh»", "‹title:Head of Digital Services›", ""],
    ]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        w.writerow([mk(fl, v, "table") for v in row])
    path.write_text(out.getvalue(), encoding="utf-8")
    fl.note("Wavenet", "only the firewall reseller in this file (it is also the released Power BI reseller "
                       "in the briefing note)")
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 4: Outlook e-mail chain printed to PDF

def case_whitcombe(root: Path) -> Case:
    import docx
    import pymupdf as fitz
    from docx.oxml import parse_xml

    c = Case(root, "case-h4-04-whitcombe", "Whitcombe and Lyne District Council",
             ["0121 496 0000", "foi@whitcombe-lyne.gov.uk"])
    path, fl = c.file("RE FOI WLDC-5521 ICT contracts (email chain).pdf")
    doc = fitz.open()
    page = doc.new_page()
    y = [50.0]

    def newpage_if_needed():
        nonlocal page
        if y[0] > 790:
            page = doc.new_page()
            y[0] = 50.0

    def hdr(label, value, where="prose"):
        newpage_if_needed()
        page.insert_text((56, y[0]), label, fontname="hebo", fontsize=9)
        text = mk(fl, value, where)
        page.insert_text((122, y[0]), text, fontname="helv", fontsize=9)
        y[0] += 12
        return text

    def body(s, where="prose", size=9.5, gap=12.5, x=56):
        newpage_if_needed()
        text = mk(fl, s, where)
        page.insert_text((x, y[0]), text, fontname="helv", fontsize=size)
        y[0] += gap
        return text

    page.insert_text((56, y[0]), mk(fl, "«name:Bartosz Kowalczyk»", "header"), fontname="hebo", fontsize=13)
    y[0] += 6
    page.draw_line((56, y[0]), (540, y[0]), width=1.5)
    y[0] += 16
    hdr("From:", "«name:Kowalczyk, Bartosz» <«email:bkowalczyk@whitcombe-lyne.gov.uk»>")
    hdr("Sent:", "12 November 2024 16:41")
    hdr("To:", "‹team:FOI Team› <‹mailbox:foi@whitcombe-lyne.gov.uk›>")
    hdr("Cc:", "«name:Farah Siddiqui» <«email:farah_siddiqui@whitcombe-lyne.gov.uk»>; «name:Tomás Ferreira»")
    body("<«email:tomas.ferreira@whitcombe-lyne.gov.uk»>; «name=Olamide Ogunbiyi:Olamide»", x=122)
    body("«name=Olamide Ogunbiyi:Ogunbiyi» <«email:o.ogunbiyi@whitcombe-lyne.gov.uk»>", x=122)
    fl.note("Olamide Ogunbiyi", "name broken across two lines of the Cc: header")
    hdr("Subject:", "RE: FOI ‹ref:WLDC-5521› - firewall, AV, EA and BI contracts")
    y[0] += 8
    for s in [
        "Hi all,",
        "",
        "Answers for the technical parts below.",
        "",
        "Firewall: «vendor:Juniper Networks» «model:SRX1500» pair running «product:Junos OS» «version:22.4R2-S2»,",
        "supported by «vendor:Kerv» at «spend:£24,615» p.a. Current term «date:01/03/2023» to «date:28/02/2026».",
        "The cluster nodes are «hostname:wl-srx-a.whitcombe.internal» and «hostname:wl-srx-b.whitcombe.internal»,",
        "management on «ip:172.20.4.10».",
        "",
        "AV: «vendor:CrowdStrike» «product:Falcon Insight XDR» on 1,650 endpoints, bought via «vendor:Cisilion»",
        "for «spend:£33,870» a year, «date:01/12/2023» to «date:30/11/2026».",
        "",
        "The EA and Power BI information is releasable - «name!:Tomás» has the figures (see below).",
    ]:
        body(s)
    y[0] += 4
    for s in ["Kind regards,", "«name:Bartosz Kowalczyk» (he/him)", "‹title:ICT Infrastructure Manager›",
              "‹org:Whitcombe and Lyne District Council›",
              "T: «phone:0121 496 0734» | M: «phone:+44 7700 900734» | ‹phone=0121 496 0000:0121 496 0000› (switchboard)",
              "Working pattern: Mon-Thu"]:
        body(s, "signature")
    y[0] += 8
    page.draw_line((56, y[0]), (540, y[0]), width=0.5)
    y[0] += 14
    hdr("From:", "«name:Ferreira, Tomás» <«email:tomas.ferreira@whitcombe-lyne.gov.uk»>")
    hdr("Sent:", "12 November 2024 11:07")
    hdr("To:", "«name:Kowalczyk, Bartosz» <«email:bkowalczyk@whitcombe-lyne.gov.uk»>")
    hdr("Subject:", "RE: FOI WLDC-5521 - firewall, AV, EA and BI contracts")
    y[0] += 8
    for s in [
        "‹vendor:Microsoft› EA via ‹vendor:Phoenix Software›: ‹spend:£612,090› a year, ‹date:01/04/2023› to "
        "‹date:31/03/2026›",
        "(‹product:Microsoft 365 E3›). Power BI: ‹product:Power BI Premium Per User›, 85 licences, also via "
        "Phoenix,",
        "‹spend:£16,830› a year from ‹date:01/07/2024› to ‹date:30/06/2025›.",
        "",
        "Sent from my iPhone",
    ]:
        body(s)
    y[0] += 8
    for s in [
        "> From: «name:Farah Siddiqui» <«email:farah_siddiqui@whitcombe-lyne.gov.uk»>",
        "> Sent: 11 November 2024 09:02",
        "> Subject: FOI WLDC-5521 - firewall, AV, EA and BI contracts",
        ">",
        "> «name!:Bartosz», «name!:Tomás» - please can you fill in the contract details for this one by Friday?",
        "> Mr «surname:Kowalczyk» for the firewall and AV, procurement for the EA and BI.",
        "> Cllr ‹councillor:Femi Adeyinka› has asked to see the final response.",
        ">",
        "> «name:Farah Siddiqui»",
        "> ‹title:Information Governance Officer› | ext. «phone:60412» | mobile «phone:07700-900-219»",
    ]:
        body(s, size=9)
    doc.set_metadata({"author": mk(fl, "«name:Bartosz Kowalczyk»", "metadata"),
                      "title": "RE: FOI WLDC-5521 - firewall, AV, EA and BI contracts",
                      "creator": "Microsoft Outlook", "producer": "Microsoft: Print To PDF",
                      "creationDate": "D:20241113085500Z", "modDate": "D:20241113085500Z"})
    # a mailto link over the first From: address
    p0 = doc[0]
    for r in p0.search_for("bkowalczyk@whitcombe-lyne.gov.uk")[:1]:
        p0.insert_link({"kind": fitz.LINK_URI, "from": r,
                        "uri": "mailto:" + mk(fl, "«email:bkowalczyk@whitcombe-lyne.gov.uk»", "hyperlink")})
    doc.save(str(path), garbage=3, deflate=True)
    doc.close()

    # ---- DOCX response letter: numbered answers, content control with the officer's name
    path, fl = c.file("WLDC-5521 response.docx")
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = mk(fl, "‹org:Whitcombe and Lyne District Council›", "header")
    sec.footer.paragraphs[0].text = mk(fl, "‹mailbox:foi@whitcombe-lyne.gov.uk› · ‹phone=0121 496 0000:0121 496 0000›",
                                       "footer")
    d.add_paragraph(mk(fl, "Reference: ‹ref:WLDC-5521›  ·  13 November 2024", "prose"))
    d.add_paragraph("Dear Requester,")
    d.add_paragraph(mk(fl, "‹prose:Thank you for your request for information about ICT contracts.› "
                           "Our answers are numbered to match your questions.", "prose"))
    for s in [
        "Firewall - supplier «vendor:Kerv»; «vendor:Juniper Networks» «model:SRX1500» («product:Junos OS» "
        "«version:22.4R2-S2»); «spend:£24,615» a year; «date:1 March 2023» to «date:28 February 2026».",
        "Anti-virus - «vendor:CrowdStrike» «product:Falcon Insight XDR» via «vendor:Cisilion»; «spend:£33,870» a "
        "year; «date:1 December 2023» to «date:30 November 2026».",
        "Microsoft Enterprise Agreement - ‹vendor:Phoenix Software›; ‹spend:£612,090› a year; ‹date:1 April 2023› "
        "to ‹date:31 March 2026›.",
        "Business intelligence - ‹product:Power BI Premium Per User› via ‹vendor:Phoenix Software›; "
        "‹spend:£16,830› a year; ‹date:1 July 2024› to ‹date:30 June 2025›.",
        "Contract owners - the firewall and anti-virus contracts are managed by the ‹title:ICT Infrastructure "
        "Manager›, the EA and BI contracts by the ‹team:Procurement Team› (‹mailbox:procurement@whitcombe-lyne.gov.uk›).",
    ]:
        d.add_paragraph(mk(fl, s, "prose"), style="List Number")
    d.add_paragraph(mk(fl, "‹prose:If you are dissatisfied with this response you can ask for an internal review.›",
                       "prose"))
    d.add_paragraph("Yours sincerely,")
    p = d.add_paragraph()
    officer = mk(fl, "«name:Farah Siddiqui»", "signature")
    p._p.append(parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtPr>'
        '<w:alias w:val="Case officer"/><w:tag w:val="CaseOfficer"/><w:id w:val="118822"/></w:sdtPr>'
        f'<w:sdtContent><w:r><w:t>{officer}</w:t></w:r></w:sdtContent></w:sdt>'))
    fl.note("Farah Siddiqui", "signature name sits inside a Word content control (w:sdt)")
    d.add_paragraph(mk(fl, "‹title:Information Governance Officer› · «phone:0121 496 0412»", "signature"))
    _docx_fix_props(d, author=mk(fl, "«name:Farah Siddiqui»", "metadata"), title="WLDC-5521 response")
    d.save(str(path))
    c.write_labels()
    return c

# --------------------------------------------------------------------------- case 5: "Save as PDF" from Word (Story HTML)

def case_fernleigh(root: Path) -> Case:
    import html as _html
    import pymupdf as fitz

    c = Case(root, "case-h4-05-fernleigh", "Fernleigh Borough Council",
             ["0118 496 0000", "foi@fernleigh.gov.uk", "ict.servicedesk@fernleigh.gov.uk"])
    path, fl = c.file("FOI-24-2290 response v3.pdf")
    H = lambda s, where="prose": _html.escape(mk(fl, s, where), quote=False)  # noqa: E731
    rows = [
        ("Network firewall", "«vendor:Computacenter»",
         "«vendor:Cisco» «product:Firepower» «model:2130» (two units) running «product:Firepower Threat Defense» "
         "«version:7.2.5»", "«spend:£46,180»", "«date:1 August 2023»", "«date:31 July 2028»",
         "«name:Hyun-woo Park», ‹title:Senior Network Engineer›"),
        ("Anti-virus", "«vendor:Bechtle»", "«vendor:Sophos» «product:Intercept X Advanced with XDR»", "«spend:£21,440»",
         "«date:14 March 2024»", "«date:13 March 2027»", "«name:Niamh O’Halloran», ‹title:Information Security Officer›"),
        ("Microsoft EA", "‹vendor:Trustmarque›", "‹vendor:Microsoft› ‹product:Microsoft 365 E3› and "
         "‹product:Microsoft Teams Phone Standard›", "‹spend:£733,260›", "‹date:1 June 2022›", "‹date:31 May 2025›",
         "‹title:ICT Commercial Lead›"),
        ("Business intelligence", "‹vendor:Salesforce›", "‹product:Tableau Cloud› (Creator and Explorer licences)",
         "‹spend:£31,075›", "‹date:1 February 2024›", "‹date:31 January 2026›",
         "«name:Anjali D’Souza», ‹title:Data Analytics Manager›"),
    ]
    trs = "".join("<tr>" + "".join(f"<td>{H(v, 'table')}</td>" for v in row) + "</tr>" for row in rows)
    html = f"""
<h1>{H("‹org:Fernleigh Borough Council›")}</h1>
<p>Civic Offices, Fernleigh Road, Fernleigh FB2 7LQ<br/>{H("Telephone ‹phone=0118 496 0000:0118 496 0000›")}</p>
<p>{H("Our reference: ‹ref:FOI-24-2290›")}<br/>21 October 2024</p>
<p>Dear Requester,</p>
<h2>Freedom of Information Act 2000 – request FOI-24-2290</h2>
<p>{H("‹prose:Thank you for your request, which we received on 23 September 2024.›")} You asked about four
contracts. The information we hold is set out in the table below.</p>
<table border="1" cellpadding="3">
<tr><th>Area</th><th>Supplier</th><th>Product</th><th>Annual cost</th><th>Start</th><th>End</th><th>Contract manager</th></tr>
{trs}
</table>
<p>{H("The firewall management centre is «hostname:fbc-fmc01.fernleigh.internal» («ip:10.91.4.30»); Sophos "
      "Central is reached through the proxy «hostname:fbc-proxy02.fernleigh.internal».")}</p>
<p>{H("‹prose:The Council holds Cyber Essentials Plus certification.› ‹prose:The leader of the Council, "
      "Cllr ‹councillor:Graham Threlfall›, has been informed of this request.›")}</p>
<p>{H("If you have a question about this reply, please contact Ms «surname:O’Halloran» or the case officer, "
      "Mr «surname:Kaczmarek», on «phone:0118 496 0782». Technical questions can be sent to "
      "‹mailbox:ict.servicedesk@fernleigh.gov.uk›.")}</p>
<p>{H("‹prose:If you are not satisfied you may ask for an internal review by writing to› "
      "‹mailbox:foi@fernleigh.gov.uk›.")}</p>
<p>Yours sincerely,</p>
<p>{H("«name:Jakub Kaczmarek»", "signature")}<br/>{H("‹title:Information Rights Officer›", "signature")}<br/>
{H("Direct line: «phone:0118 496 0782» · Email: «email:jakub.kaczmarek@fernleigh.gov.uk»", "signature")}</p>
"""
    css = "* {font-family: sans-serif; font-size: 9.5pt;} h1 {font-size: 15pt;} h2 {font-size: 11pt;} " \
          "td, th {font-size: 8pt; vertical-align: top;}"
    tmp = c.dir / "_story.pdf"
    story = fitz.Story(html=html, user_css=css)
    writer = fitz.DocumentWriter(str(tmp))
    mediabox = fitz.paper_rect("a4")
    where = mediabox + (56, 72, -56, -72)
    more = 1
    while more:
        dev = writer.begin_page(mediabox)
        more, _ = story.place(where)
        story.draw(dev)
        writer.end_page()
    writer.close()
    doc = fitz.open(str(tmp))
    head = mk(fl, "FOI-24-2290 - DRAFT v3 - «name:J. Kaczmarek» - 21/10/2024", "header")
    foot = mk(fl, r"C:\Users\«name!=Jakub.Kaczmarek:Jakub.Kaczmarek»\OneDrive - Fernleigh Borough Council\FOI\FOI-24-2290 "
                  "response v3.docx", "footer")
    fl.note("Jakub.Kaczmarek", "Windows user name (first.last) inside the file-path field in the footer")
    font = fitz.Font("helv")
    for i, pg in enumerate(doc):
        pg.insert_text((56, 40), head, fontname="helv", fontsize=7.5)
        pg.insert_text((56, 815), foot, fontname="helv", fontsize=6.5)
        pg.insert_text((500, 815), f"Page {i + 1} of {len(doc)}", fontname="helv", fontsize=6.5)
    _ = font
    for pg in doc:  # a mailto link on the signature e-mail address
        for r in pg.search_for("jakub.kaczmarek@fernleigh.gov.uk")[:1]:
            pg.insert_link({"kind": fitz.LINK_URI, "from": r, "uri": "mailto:jakub.kaczmarek@fernleigh.gov.uk"})
    author = mk(fl, "«name:Jakub Kaczmarek»", "metadata")
    doc.set_metadata({"author": author, "title": "FOI-24-2290 response v3", "subject": "",
                      "creator": "Microsoft® Word for Microsoft 365", "producer": "Microsoft® Word for Microsoft 365",
                      "creationDate": "D:20241021101500+01'00'", "modDate": "D:20241021101500+01'00'"})
    doc.set_xml_metadata(
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>' + author +
        '</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    doc.save(str(path), garbage=3, deflate=True)
    doc.close()
    tmp.unlink()
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 6: xlsxwriter register + short PDF letter

def case_stanmoor(root: Path) -> Case:
    import xlsxwriter
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    c = Case(root, "case-h4-06-stanmoor-heath", "Stanmoor Heath Borough Council",
             ["0131 496 0000", "0131 496 0350", "foi@stanmoorheath.gov.uk"])
    path, fl = c.file("Stanmoor ICT contracts (FOI 1187-24).xlsx")
    D = dt.date
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "ICT contracts - FOI 1187-24", "author": mk(fl, "«name:Ruaridh Mackintosh»", "metadata"),
                       "manager": mk(fl, "«name:Oksana Kovalenko»", "metadata"), "company": "Stanmoor Heath BC",
                       "created": dt.datetime(2024, 9, 2, 8, 45)})
    ws = wb.add_worksheet("Register")
    f_title = wb.add_format({"bold": True, "font_size": 13})
    f_grp = wb.add_format({"bold": True, "align": "center", "bg_color": "#FCE4D6", "border": 1})
    f_head = wb.add_format({"bold": True, "text_wrap": True, "border": 1, "bg_color": "#F2F2F2"})
    f_cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    f_money = wb.add_format({"border": 1, "num_format": "£#,##0.00", "valign": "top"})
    f_date = wb.add_format({"border": 1, "num_format": "d mmm yyyy", "valign": "top"})
    f_tot = wb.add_format({"bold": True, "top": 2, "num_format": "£#,##0.00"})
    ws.merge_range("A1:L1", mk(fl, "‹org:Stanmoor Heath Borough Council› - ICT contracts register", "table"), f_title)
    ws.merge_range("A2:C2", "Contract", f_grp)
    ws.merge_range("D2:E2", "Product", f_grp)
    ws.merge_range("F2:H2", "Value and term", f_grp)
    ws.merge_range("I2:L2", "Officer", f_grp)
    ws.write_row(2, 0, ["ID", "Category", "Supplier", "Manufacturer", "Product and version", "Annual cost",
                        "Start", "End", "Responsible officer", "Job title", "Direct dial", "Email"], f_head)
    # (id, cat, supplier, manufacturer, product, cost (num or text), start, end (date or text), officer, title,
    #  ddi, email, sec)
    rows = [
        ("SH-101", "Firewall", "«vendor:Redcentric»", "«vendor:Barracuda»",
         "«product:CloudGen Firewall» «model:F400» (firmware «version:9.0.3»)", 24380, D(2023, 11, 1),
         "«date:31.10.2026»", "«name:Oksana Kovalenko»", "‹title:Network and Security Manager›", "«phone:0131 496 0719»",
         "«email:oksana.kovalenko@stanmoorheath.gov.uk»", True),
        ("SH-102", "Anti-virus", "«vendor:Probrand»", "«vendor:Kaspersky»",
         "«product:Endpoint Security for Business Advanced» «version:12.4»", "«spend:£19,760.00»", D(2022, 3, 15),
         D(2025, 3, 14), "«name:Ruaridh Mackintosh»", "‹title:Cyber Security Officer›", "«phone:(0131) 4960 722»",
         "«email:rmackintosh@stanmoorheath.gov.uk»", True),
        ("SH-103", "Email filtering", "Mimecast", "Mimecast", "Email Security Cloud Gateway", 13150, D(2024, 1, 9),
         "08/01/2027", "«name:Ruaridh Mackintosh»", "‹title:Cyber Security Officer›", "«phone:(0131) 4960 722»",
         "«email:rmackintosh@stanmoorheath.gov.uk»", None),
        ("SH-104", "Microsoft EA", "‹vendor:Computacenter›", "‹vendor:Microsoft›",
         "‹product:Microsoft 365 E3› (1,980 seats)", 458720, D(2023, 5, 1), "‹date:30 April 2026›",
         "‹team:ICT Commercial›", "‹title:ICT Commercial Manager›", "‹phone=0131 496 0350:0131 496 0350›",
         "‹mailbox:ict.commercial@stanmoorheath.gov.uk›", False),
        ("SH-105", "BI platform", "‹vendor:Qlik›", "‹vendor:Qlik›", "‹product:Qlik Sense Enterprise SaaS›", 36640,
         D(2024, 7, 1), D(2027, 6, 30), "«name:Hamza Qureshi»", "‹title:Business Intelligence Lead›",
         "«phone:0131-496-0745»", "«email:hamza.qureshi@stanmoorheath.gov.uk»", False),
    ]
    values = []
    for i, (rid, cat, sup, man, prod, cost, start, end, off, jt, ddi, email, sec) in enumerate(rows):
        r = 3 + i
        ws.write(r, 0, rid, f_cell)
        ws.write(r, 1, cat, f_cell)
        ws.write(r, 2, mk(fl, sup, "table"), f_cell)
        ws.write(r, 3, mk(fl, man, "table"), f_cell)
        ws.write(r, 4, mk(fl, prod, "table"), f_cell)
        nums = []
        if isinstance(cost, str):
            ws.write_string(r, 5, mk(fl, cost, "table"), f_cell)
        else:
            ws.write_number(r, 5, cost, f_money)
            nums.append(("spend", cost))
        ws.write_datetime(r, 6, dt.datetime.combine(start, dt.time()), f_date)
        nums.append(("date", serial(start)))
        if isinstance(end, str):
            ws.write_string(r, 7, mk(fl, end, "table"), f_cell)
        else:
            ws.write_datetime(r, 7, dt.datetime.combine(end, dt.time()), f_date)
            nums.append(("date", serial(end)))
        ws.write(r, 8, mk(fl, off, "table"), f_cell)
        ws.write(r, 9, mk(fl, jt, "table"), f_cell)
        ws.write(r, 10, mk(fl, ddi, "hidden-column"), f_cell)
        ws.write(r, 11, mk(fl, email, "table"), f_cell)
        values += [v for _, v in nums]
        for kind, v in nums:
            if sec is True:
                fl.rm(str(v), kind, "table")
            elif sec is False:
                alt = None
                if kind == "date":
                    alt = [(dt.date(1899, 12, 30) + dt.timedelta(days=v)).strftime("%d/%m/%Y")]
                fl.kp(str(v), kind, alt=alt)
    assert len(set(values)) == len(values)
    tr = 3 + len(rows)
    total = sum(r[5] for r in rows if not isinstance(r[5], str))
    ws.write(tr, 0, "Total (numeric values)", f_tot)
    ws.write_formula(tr, 5, f"=SUM(F4:F{tr})", f_tot, total)
    assert total not in values
    ws.set_column("A:A", 8)
    ws.set_column("B:D", 16)
    ws.set_column("E:E", 40)
    ws.set_column("F:H", 13)
    ws.set_column("I:J", 26)
    ws.set_column("K:K", 16, None, {"hidden": True})
    ws.set_column("L:L", 36)
    ws.write(tr + 2, 0, mk(fl, "‹prose:All values exclude VAT.› Contact ‹mailbox:foi@stanmoorheath.gov.uk› or "
                              "‹phone=0131 496 0000:0131 496 0000›.", "prose"))
    ws.write_comment("F4", mk(fl, "Includes uplift of «spend:£1,250» agreed with «vendor:Redcentric» - "
                                  "«name:Oksana Kovalenko», «date:12/10/2023»", "comment"),
                     {"author": mk(fl, "«name:Ruaridh Mackintosh»", "comment"), "x_scale": 2})
    fl.note("12/10/2023", "date of a price uplift on the firewall contract, in a cell note")
    ws.autofilter(2, 0, tr - 1, 11)
    ws.freeze_panes(3, 0)
    infra = wb.add_worksheet("Infra")
    infra.hide()
    for i, row in enumerate([("Component", "Host", "Address"),
                             ("FW cluster A", "«hostname:shbc-cgf-a.ad.stanmoorheath.local»", "«ip:10.77.0.1»"),
                             ("FW cluster B", "«hostname:shbc-cgf-b.ad.stanmoorheath.local»", "«ip:10.77.0.2»"),
                             ("KSC server", "«hostname:shbc-ksc01.ad.stanmoorheath.local»", "«ip:10.77.12.40»")]):
        infra.write_row(i, 0, [mk(fl, v, "hidden-sheet") for v in row])
    staff = wb.add_worksheet("Contacts")
    staff.very_hidden()
    for i, row in enumerate([("Name", "Mobile", "Out of hours"),
                             ("«name:Oksana Kovalenko»", "«phone:07700 900 871»", "«phone:0131 496 0990»"),
                             ("«name:Ruaridh Mackintosh»", "«phone:+447700900872»", "")]):
        staff.write_row(i, 0, [mk(fl, v, "hidden-sheet") for v in row])
    wb.define_name("FirewallMgmtIP", mk(fl, '="«ip:10.77.0.1»"', "formula"))
    wb.define_name("KSCServer", "=Infra!$B$4")
    wb.define_name("Register_Data", f"=Register!$A$4:$L${tr}")
    wb.define_name("AV_Owner", mk(fl, '="«name:Ruaridh Mackintosh»"', "formula"))
    wb.close()

    # ---- short response letter with a PDF outline naming an officer
    path, fl = c.file("FOI 1187-24 response letter.pdf")
    st = _styles()
    P = lambda s, where="prose", style="body": Paragraph(_esc(mk(fl, s, where)), st[style])  # noqa: E731
    story = [
        P("‹org:Stanmoor Heath Borough Council›", style="head"),
        P("Our ref: ‹ref:FOI 1187-24› · 9 September 2024"),
        P("Dear Requester,"),
        P("‹prose:Please find attached a spreadsheet with the information you requested.› In summary: the Council's "
          "firewall is a «vendor:Barracuda» «product:CloudGen Firewall» supplied by «vendor:Redcentric»; anti-virus is "
          "«vendor:Kaspersky» «product:Endpoint Security for Business Advanced» from «vendor:Probrand» "
          "(«spend:£19,760» a year, renewing on «date:15 March 2025»)."),
        P("The ‹vendor:Microsoft› Enterprise Agreement is held through ‹vendor:Computacenter› (‹spend:£458,720› a "
          "year until ‹date:30 April 2026›) and the BI platform is ‹product:Qlik Sense Enterprise SaaS›."),
        P("‹prose:Cllr ‹councillor:Bryony Hale› has asked for a copy of this response.›"),
        P("Any questions: ‹mailbox:foi@stanmoorheath.gov.uk›, ‹phone=0131 496 0000:0131-496-0000›."),
        Spacer(1, 6 * mm),
        P("«name:Eilidh MacAulay»", "signature"),
        P("‹title:Information Governance Officer›", "signature"),
    ]
    outline_title = mk(fl, "Response - checked by «name:Eilidh MacAulay»", "bookmark")

    def first(cv, doc):
        cv.bookmarkPage("p1")
        cv.addOutlineEntry(outline_title, "p1", level=0)

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            title="FOI 1187-24", author=mk(fl, "«name:MacAulay, Eilidh»", "metadata"), invariant=1)
    doc.build(story, onFirstPage=first)
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 7: DOCX Q&A letter + UTF-16 tab "CSV"

def case_lyddford(root: Path) -> Case:
    import docx
    from docx.oxml import parse_xml

    c = Case(root, "case-h4-07-lyddford", "Lyddford District Council",
             ["01632 960600", "foi@lyddford.gov.uk"])
    path, fl = c.file("FOI LDC-0931 final response.docx")
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = mk(fl, "‹org:Lyddford District Council› - response prepared by «name:Chidi Eze», "
                                           "‹title:Information Rights Officer›", "header")
    sec.footer.paragraphs[0].text = mk(fl, "‹phone=01632 960600:01632 960 600› | ‹mailbox:foi@lyddford.gov.uk›",
                                       "footer")
    d.add_paragraph(mk(fl, "Request reference ‹ref:LDC-0931›", "prose"))
    d.add_paragraph("Dear Requester,")
    qa = [
        ("Q1. Who provides your network firewall, and what is the make, model and firmware?",
         "A1. «vendor:Claranet» provides a managed «vendor:Check Point» «product:Quantum Spark» «model:1900» "
         "service; the appliances run «version:R81.10.08»."),
        ("Q2. What is the annual cost, and when did the contract start and when does it end?",
         "A2. «spend:£12,495» per annum; «date:1st June 2024» to «date:31st May 2027»."),
        ("Q3. Which anti-virus product do you use, who supplies it, and what does it cost?",
         "A3. «vendor:SentinelOne» «product:Singularity Control», bought from «vendor:Ultima» at «spend:£15,080» "
         "per annum from «date:1st January 2024» to «date:31st December 2025»."),
        ("Q4. Please give details of your Microsoft Enterprise Agreement.",
         "A4. ‹vendor:Microsoft› Enterprise Agreement via ‹vendor:Bytes Software Services›, ‹spend:£214,330› per "
         "annum, ‹date:1st March 2023› to ‹date:28th February 2026›."),
        ("Q5. Do you use Power BI or another BI platform?",
         "A5. Yes: ‹product:Power BI Pro›, also through ‹vendor:Bytes Software Services›, at ‹spend:£4,212› per "
         "annum, ‹date:1st March 2024› to ‹date:28th February 2025›."),
        ("Q6. Who is responsible for each contract?",
         "A6. The firewall and anti-virus contracts are managed by «name:Kofi Boateng» (‹title:ICT Security "
         "Lead›, «phone:01632 960 817»); the EA and Power BI by «name:Róisín McAteer» "
         "(‹title:ICT Procurement Officer›)."),
    ]
    for q, a in qa:
        d.add_paragraph(q).runs[0].bold = True
        d.add_paragraph(mk(fl, a, "prose"))
    d.add_paragraph(mk(fl, "Mr «surname:Boateng» has asked us to add that the firewall console "
                           "(«hostname:ldc-spark-mgmt.lyddford.local») is not reachable from the internet.", "prose"))
    d.add_paragraph(mk(fl, "‹prose:This request was passed to us by Cllr ‹councillor:Jaswinder Gill›.›", "prose"))
    p = d.add_paragraph("For the EA and BI contracts you can also ")
    addr = mk(fl, "«email:roisin.mcateer@lyddford.gov.uk»", "hyperlink")
    _docx_hyperlink(p, "mailto:" + addr, "contact Ms McAteer")
    fl.rm("McAteer", "surname", "prose")
    p.add_run(" directly.")
    d.add_paragraph("Yours faithfully,")
    d.add_paragraph(mk(fl, "«name:Chidi Eze»", "signature"))
    d.add_paragraph(mk(fl, "‹title:Information Rights Officer›", "signature"))
    p = d.add_paragraph()
    p._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:t xml:space="preserve">'
        + mk(fl, "Tel: «phone:01632 960 823»", "signature") + '</w:t><w:tab/><w:t>'
        + mk(fl, "«email:chidi_eze@lyddford.gov.uk»", "signature") + '</w:t></w:r>'))
    _docx_fix_props(d, author=mk(fl, "«name:Chidi Eze»", "metadata"),
                    last_modified_by=mk(fl, "«name:Eze, Chidi»", "metadata"), title="LDC-0931")
    d.save(str(path))

    # ---- Excel "Unicode Text" export (UTF-16LE, BOM, tabs) saved with a .csv name
    path, fl = c.file("ldc_contracts_register.csv")
    rows = [
        ["Contract", "Supplier", "Product", "Annual cost", "Start", "End", "Officer", "Phone", "Notes"],
        ["Managed firewall", "«vendor:Claranet»", "«vendor:Check Point» «product:Quantum Spark» «model:1900»",
         "«spend:12495»", "«date:01/06/2024»", "«date:31/05/2027»", "«name:Kofi Boateng»", "«phone:01632 960817»",
         "Firmware «version:R81.10.08»\nMgmt «ip:192.168.200.10»"],
        ["Endpoint protection", "«vendor:Ultima»", "«vendor:SentinelOne» «product:Singularity Control»", "«spend:15080»",
         "«date:01/01/2024»", "«date:31/12/2025»", "«name:Kofi Boateng»", "«phone:01632 960817»", ""],
        ["Microsoft EA", "‹vendor:Bytes Software Services›", "‹product:Microsoft 365 E3›", "‹spend:214330›",
         "‹date:01/03/2023›", "‹date:28/02/2026›", "«name:Róisín McAteer»", "«phone:01632 960 829»", ""],
        ["Power BI", "‹vendor:Bytes Software Services›", "‹product:Power BI Pro›", "‹spend:4212›", "‹date:01/03/2024›",
         "‹date:28/02/2025›", "«name:Róisín McAteer»", "«phone:01632 960 829»",
         "Renewal raised by\n«name:Mei Tanaka» («email:m.tanaka@lyddford.gov.uk»)"],
    ]
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    for row in rows:
        w.writerow([mk(fl, v, "table") for v in row])
    path.write_bytes(out.getvalue().encode("utf-16"))
    fl.note("Kofi Boateng", "file is an Excel 'Unicode Text' export: UTF-16LE with BOM, tab-separated, .csv name")
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 8: mixed portrait/landscape PDF + transposed workbook

def case_oakhanger(root: Path) -> Case:
    import xlsxwriter
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph,
                                    Table, TableStyle)

    c = Case(root, "case-h4-08-oakhanger", "Oakhanger and Bray District Council",
             ["0151 496 0000", "foi@oakhanger-bray.gov.uk"])
    st = _styles()
    path, fl = c.file("OBDC FOI 2024-1456 response and annex.pdf")
    P = lambda s, where="prose", style="body": Paragraph(_esc(mk(fl, s, where)), st[style])  # noqa: E731
    story = [
        P("‹org:Oakhanger and Bray District Council›", style="head"),
        P("The Guildhall, Bray Street, Oakhanger OB1 3HH · ‹phone=0151 496 0000:0151 496 0000›"),
        P("Reference ‹ref:FOI 2024-1456› · 2 December 2024"),
        P("Dear Requester,"),
        P("‹prose:We have now completed our search for the information you asked for.› The details of each "
          "contract are in the annex on the next page, which is printed landscape."),
        P("In short, our firewall is a «vendor:Sophos» «model:XGS 4300» running «product:SFOS» «version:20.0 MR2», "
          "bought from «vendor:Littlefish»; endpoint protection is «product:«vendor:ESET» PROTECT Complete»."),
        P("‹prose:Cllr ‹councillor:Nia Roberts›, Executive Member for Corporate Resources, has seen this reply.›"),
        P("If you have any questions please contact Ms «name:Malgorzata Zielińska» on «phone:0151.496.0662» or "
          "‹mailbox:foi@oakhanger-bray.gov.uk›."),
        P("Yours sincerely,"),
        P("«name:Malgorzata Zielińska»", "signature"),
        P("‹title:Freedom of Information Officer›", "signature"),
        NextPageTemplate("land"), PageBreak(),
        P("Annex A - contract details", style="head"),
    ]
    head = ["Contract", "Supplier", "Product", "Annual cost", "Start", "Expiry", "Contract manager", "Contact"]
    rows = [
        ["Firewall", "«vendor:Littlefish»", "«vendor:Sophos» «model:XGS 4300» (HA pair), «product:SFOS» «version:20.0 MR2»",
         "«spend:£27,905»", "«date:2023-09-18»", "«date:2026-09-17»", "«name:Dmitri Volkov»",
         "«phone:0044 151 496 0673»"],
        ["Anti-virus", "«vendor:ESET»", "«product:«vendor:ESET» PROTECT Complete», 1,880 seats", "«spend:£18,530»",
         "«date:2024-04-01»", "«date:2027-03-31»", "«name:Dmitri Volkov»", "«phone:0044 151 496 0673»"],
        ["Microsoft EA", "‹vendor:CDW UK›", "‹product:Microsoft 365 E3›; ‹product:Windows Server Datacenter›",
         "‹spend:£376,440›", "‹date:2022-10-01›", "‹date:2025-09-30›", "‹title:Head of Digital›",
         "‹mailbox:digital@oakhanger-bray.gov.uk›"],
        ["BI platform", "‹vendor:CDW UK›", "‹product:Power BI Premium Per User› (60 users)", "‹spend:£10,260›",
         "‹date:2024-02-01›", "‹date:2025-01-31›", "«name:Tariq Mahmood»", "«email:tariq_mahmood@oakhanger-bray.gov.uk»"],
    ]
    data = [[Paragraph(h, st["cellb"]) for h in head]]
    data += [[Paragraph(_esc(mk(fl, v, "table")), st["cell"]) for v in row] for row in rows]
    t = Table(data, colWidths=[w * mm for w in (24, 26, 50, 22, 21, 21, 32, 68)], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [t, P("Management: «hostname:obdc-xgs-01.oakhanger.local» / «ip:10.5.8.1»; ESET PROTECT server "
                   "«hostname:obdc-esmc.oakhanger.local».", style="small")]
    pw, ph = A4
    lw, lh = landscape(A4)
    doc = BaseDocTemplate(str(path), pagesize=A4, title="FOI 2024-1456",
                          author=mk(fl, "«name:Malgorzata Zielińska»", "metadata"), invariant=1)
    doc.addPageTemplates([
        PageTemplate(id="port", frames=[Frame(20 * mm, 20 * mm, pw - 40 * mm, ph - 40 * mm)], pagesize=A4),
        PageTemplate(id="land", frames=[Frame(15 * mm, 15 * mm, lw - 30 * mm, lh - 30 * mm)], pagesize=(lw, lh)),
    ])
    doc.build(story)

    # ---- transposed workbook: one field/value block per contract, formula-built contact strings
    path, fl = c.file("OBDC contracts (field-value).xlsx")
    D = dt.date
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Contracts")
    f_b = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    f_k = wb.add_format({"bold": True, "border": 1})
    f_v = wb.add_format({"border": 1, "text_wrap": True})
    f_d = wb.add_format({"border": 1, "num_format": "dd-mmm-yy"})
    f_m = wb.add_format({"border": 1, "num_format": "£#,##0"})
    ws.set_column("A:A", 22)
    ws.set_column("B:B", 50)
    ws.write(0, 0, mk(fl, "‹org:Oakhanger and Bray District Council› - ICT contracts (FOI ‹ref:FOI 2024-1456›)",
                      "table"), wb.add_format({"bold": True, "font_size": 12}))
    blocks = [
        ("Firewall", True, [("Supplier", "«vendor:Littlefish»"), ("Manufacturer", "«vendor:Sophos»"),
                            ("Model", "«model:XGS 4300»"), ("Firmware", "«product:SFOS» «version:20.0 MR2»"),
                            ("Annual cost", 27905), ("Start", D(2023, 9, 18)), ("Expiry", "«date:17-Sep-2026»"),
                            ("Contract manager", "«name:Dmitri Volkov»"),
                            ("Email", "«email:dvolkov@oakhanger-bray.gov.uk»")]),
        ("Anti-virus", True, [("Supplier", "«vendor:ESET»"), ("Product", "«product:ESET PROTECT Complete»"),
                              ("Annual cost", 18530), ("Start", D(2024, 4, 1)), ("Expiry", D(2027, 3, 31)),
                              ("Contract manager", "«name:Dmitri Volkov»"),
                              ("Email", "«email:dvolkov@oakhanger-bray.gov.uk»")]),
        ("Microsoft EA", False, [("Supplier", "‹vendor:CDW UK›"), ("Manufacturer", "‹vendor:Microsoft›"),
                                 ("Product", "‹product:Microsoft 365 E3›"), ("Annual cost", 376440),
                                 ("Start", D(2022, 10, 1)), ("Expiry", "‹date:30-Sep-2025›"),
                                 ("Contract manager", "‹title:Head of Digital›"),
                                 ("Email", "‹mailbox:digital@oakhanger-bray.gov.uk›")]),
        ("Power BI", False, [("Supplier", "‹vendor:CDW UK›"), ("Product", "‹product:Power BI Premium Per User›"),
                             ("Annual cost", 10260), ("Start", D(2024, 2, 1)), ("Expiry", D(2025, 1, 31)),
                             ("Contract manager", "«name:Tariq Mahmood»"),
                             ("Email", "«email:tariq_mahmood@oakhanger-bray.gov.uk»")]),
    ]
    r = 2
    values = []
    for title, sec, fields in blocks:
        ws.merge_range(r, 0, r, 1, title, f_b)
        r += 1
        first_row = r
        for k, v in fields:
            ws.write(r, 0, k, f_k)
            if isinstance(v, dt.date):
                ws.write_datetime(r, 1, dt.datetime.combine(v, dt.time()), f_d)
                val, kind = serial(v), "date"
            elif isinstance(v, int):
                ws.write_number(r, 1, v, f_m)
                val, kind = v, "spend"
            else:
                ws.write(r, 1, mk(fl, v, "table"), f_v)
                val = None
            if val is not None:
                values.append(val)
                if sec:
                    fl.rm(str(val), kind, "table")
                else:
                    alt = [v.strftime("%d/%m/%Y")] if kind == "date" else None
                    fl.kp(str(val), kind, alt=alt)
            r += 1
        mgr = dict(fields)["Contract manager"]
        plain = mk(fl, mgr, "formula")
        ws.write(r, 0, "Contact line", f_k)
        ws.write_formula(r, 1, f'="Queries to "&B{first_row + len(fields) - 1}&" via the FOI team"', f_v,
                         f"Queries to {plain} via the FOI team")
        r += 2
    assert len(set(values)) == len(values)
    ws.write(r, 0, mk(fl, "‹prose:Costs exclude VAT.› Dates keyed as text where the supplier's order form was "
                          "scanned.", "prose"))
    wb.set_properties({"author": mk(fl, "«name:Tariq Mahmood»", "metadata"), "title": "FOI 2024-1456"})
    wb.close()
    fl.note("Dmitri Volkov", "also in the cached value of a formula that concatenates the contract manager cell")
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

CASES = [case_ravensholt, case_aldersey, case_pentrefoel, case_whitcombe, case_fernleigh, case_stanmoor,
         case_lyddford, case_oakhanger]


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
    ap.add_argument("--out", default="/tmp/heldout4", help="output folder (recreated)")
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

