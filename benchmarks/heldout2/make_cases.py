"""Generate a second, independently written held-out FOI corpus (8 invented cases) in the scorer's label schema.

Usage:
    .venv/bin/python benchmarks/heldout2/make_cases.py [--out /tmp/heldout2] [--validate]

Each case folder holds attachments plus labels.json (see /work/shared/eval/README.md).
Content is written with inline markers so every planted string is labelled where it is planted:
    «kind:text»   must_remove (category s40 for name/surname/email/phone, else s31)
    ‹kind:text›   must_keep
    kind may end with '!' (label is a contestable reading, noted in the label) or carry '=LABEL'
    (the label text differs from the planted text, e.g. an allow-listed number in another format).
--validate re-reads every generated file with score.py's own extractors and checks that each
must_remove label is present, each must_keep label is live, no must_keep occurs only inside a
must_remove string, no must_remove sits inside a must_keep string, and every allow string
found in a file is a must_keep label there.
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

SEED = 20240611
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
        return text.casefold()

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


# --------------------------------------------------------------------------- case 1: letter + pasted email thread

def case_llanfedw(root: Path) -> Case:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    c = Case(root, "case-h2-01-llanfedw", "Llanfedw County Borough Council",
             ["01632 960000", "01632 960555", "foi@llanfedw.gov.uk"])
    st = _styles()

    # ---- response letter (reportlab platypus, wrapped table cells)
    path, fl = c.file("FOI-2024-0611 response.pdf")
    P = lambda s, where="prose", style="body": Paragraph(_esc(mk(fl, s, where)), st[style])  # noqa: E731
    story = [
        P("‹org:Llanfedw County Borough Council›", style="head"),
        P("Civic Centre, Heol y Castell, Llanfedw LF1 2AB"),
        P("Tel: ‹phone=01632 960000:+44 (0)1632 960000› | Email: ‹mailbox:foi@llanfedw.gov.uk›"),
        P("Date: 2 July 2024 | Our ref: ‹ref:FOI-2024-0611›"),
        Spacer(1, 4 * mm),
        P("Dear Requester,"),
        P("Freedom of Information Act 2000 - request FOI-2024-0611", style="head"),
        P("‹prose:Thank you for your request of 10 June 2024 for information about the Council's ICT "
          "security and licensing contracts.› Our response for each contract area is set out in the "
          "table below."),
    ]
    rows = [
        ["Area", "Supplier", "Product", "Annual cost", "Start", "Expiry", "Contract owner"],
        ["Network firewall", "«vendor:Chess ICT»",
         "«vendor:SonicWall» «model:NSa 2700» («product:SonicOS» «version:7.0.1»)",
         "«spend:£14,380»", "«date:01/04/2022»", "«date:31/03/2025»",
         "«name:Siân Pritchard-Evans», ‹title:Network Security Engineer›"],
        ["Anti-virus", "«vendor:Trustmarque»", "«product:«vendor:ESET» PROTECT Enterprise»",
         "«spend:£22,915»", "«date:15/06/2023»", "«date:14/06/2026»",
         "«name:Kieran O'Brien», ‹title:Information Security Officer›"],
        ["Microsoft Enterprise Agreement", "‹vendor:Phoenix Software›",
         "‹product:‹vendor:Microsoft› 365 E3›, ‹product:Windows 11 Enterprise E3›",
         "‹spend:£412,600›", "‹date:01/07/2022›", "‹date:30/06/2025›", "‹team:ICT Service Desk›"],
        ["Business intelligence", "‹vendor:Computacenter›", "‹product:Tableau Creator›",
         "‹spend:£18,240›", "‹date:12/09/2023›", "‹date:11/09/2024›", "‹title:Business Intelligence Manager›"],
    ]
    data = [[Paragraph(_esc(mk(fl, cell, "table")), st["cellb" if r == 0 else "cell"]) for cell in row]
            for r, row in enumerate(rows)]
    t = Table(data, colWidths=[24 * mm, 26 * mm, 32 * mm, 17 * mm, 20 * mm, 20 * mm, 38 * mm], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    story += [t, Spacer(1, 4 * mm)]
    story += [
        P("‹prose:The Council holds ‹prose:Cyber Essentials Plus› certification, which is independently "
          "assessed every year.›"),
        P("‹prose:The Leader of the Council, Cllr ‹councillor:Rhodri ap Gwilym›, has been briefed on this "
          "request.› A copy of this reply has also been sent to ‹councillor:Helen Ashworth› MP, who "
          "raised the request with us on your behalf."),
        P("If you have any questions about this response please contact Ms «surname:de Souza» in the "
          "Information Governance team on ‹phone=01632 960000:01632-960-000› or at "
          "‹mailbox:foi@llanfedw.gov.uk›. For ICT queries call the ‹team:ICT Service Desk› on "
          "‹phone=01632 960555:01632 960555›."),
        P("‹prose:If you are dissatisfied with the handling of your request you may ask for an internal "
          "review.› You may also complain to the Information Commissioner's Office."),
        P("Yours sincerely,"),
        P("«name:Marta de Souza»", "signature"),
        P("‹title:Information Governance Officer›", "signature"),
        P("Direct line: «phone:01632 960781»", "signature"),
    ]
    fl.keep["helen ashworth"]["note"] = "Member of Parliament, not council staff"
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            title="FOI-2024-0611 response", author=mk(fl, "«name:Marta de Souza»", "metadata"),
                            subject="Freedom of Information response", invariant=1)
    doc.build(story)

    # ---- annex: an Outlook thread pasted into a PDF (canvas lines, mailto link)
    path, fl = c.file("Annex B - internal emails.pdf")
    lines = [
        ("prose", "From: «name:Pritchard-Evans, Siân» <«email:sian.pritchard-evans@llanfedw.gov.uk»>"),
        ("prose", "Sent: 04 June 2024 10:14"),
        ("prose", "To: ‹team:FOI Team› <‹mailbox:foi@llanfedw.gov.uk›>"),
        ("prose", "Cc: «name:O'Brien, Kieran» <«email:kieran.obrien@llanfedw.gov.uk»>; "
                  "«name:Ó Briain, Seán» <«email:s.obriain@llanfedw.gov.uk»>"),
        ("prose", "Subject: RE: FOI-2024-0611 - firewall / AV details"),
        ("prose", ""),
        ("prose", "Hi FOI team,"),
        ("prose", "The perimeter firewalls are a pair of «vendor:SonicWall» «model:NSa 2700» in HA"),
        ("prose", "(«hostname:fw-edge-01.corp.llanfedw.local» and «hostname:fw-edge-02.corp.llanfedw.local»),"),
        ("prose", "managed from «ip:192.168.10.0/24»; the outside interface is «ip:203.0.113.18»."),
        ("prose", "They run «product:SonicOS» «version:7.0.1». We buy through «vendor:Chess ICT»; renewal is «date:31/03/2025»."),
        ("prose", "I'd recommend we withhold this under s31. «name!:Seán» can confirm the AV side."),
        ("prose", ""),
        ("signature", "Thanks, «name!:Siân»"),
        ("signature", ""),
        ("signature", "«name:Siân Pritchard-Evans»"),
        ("signature", "‹title:Network Security Engineer› | ‹team:ICT Services›"),
        ("signature", "Tel: ‹phone=01632 960555:01632 960555› ext «phone:4417» | Mob: «phone:07700 900417»"),
        ("prose", ""),
        ("prose", "-----Original Message-----"),
        ("prose", "From: «name:Ó Briain, Seán» <«email:s.obriain@llanfedw.gov.uk»>"),
        ("prose", "Sent: 03 June 2024 16:02"),
        ("prose", "To: «name:Pritchard-Evans, Siân» <«email:sian.pritchard-evans@llanfedw.gov.uk»>"),
        ("prose", "Subject: FW: FOI-2024-0611 - firewall / AV details"),
        ("prose", ""),
        ("prose", "«name!:Siân» - forwarding as discussed. AV is «product:ESET PROTECT Enterprise», console on"),
        ("prose", "«hostname:av-mgmt01» («ip:10.14.2.25»), «version:v11.0». Licences via «vendor:Trustmarque» until «date:14/06/2026»."),
        ("signature", "Regards"),
        ("signature", "«name:S Ó Briain»"),
        ("signature", "‹title:Senior ICT Engineer›"),
        ("signature", "Mob: «phone:07700 900123»"),
        ("prose", ""),
        ("prose", "---------- Forwarded message ---------"),
        ("prose", "From: «name:Jean-Luc Moreau» <«email:jl.moreau@llanfedw.gov.uk»>"),
        ("prose", "Date: Mon, 3 Jun 2024 at 11:47"),
        ("prose", "Subject: FOI-2024-0611"),
        ("prose", "To: <«email:s.obriain@llanfedw.gov.uk»>"),
        ("prose", ""),
        ("prose", "Can you pull together the firewall and AV contract info for this one? The EA and BI"),
        ("prose", "details are fine to release - they are on Contracts Finder. Cllr ‹councillor:Bethan Rhys-Williams›"),
        ("prose", "has asked to see the response before it goes."),
        ("prose", ""),
        ("signature", "«name!:Jean-Luc»"),
        ("signature", "---"),
        ("signature", "«name:Jean-Luc Moreau» | ‹title:FOI and Data Protection Officer›"),
        ("signature", "‹org:Llanfedw County Borough Council› | ‹phone=01632 960000:+44 (0) 1632 960 000› | x«phone:4452»"),
    ]
    reg, _ = _rl_fonts()
    cv = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    cv.setTitle("Annex B")
    cv.setFont(reg, 9)
    y = A4[1] - 20 * mm
    for where, s in lines:
        text = mk(fl, s, where)
        cv.drawString(18 * mm, y, text)
        if text.startswith("From: Pritchard-Evans"):
            x0 = 18 * mm + cv.stringWidth("From: Pritchard-Evans, Siân <", reg, 9)
            addr = "sian.pritchard-evans@llanfedw.gov.uk"
            cv.linkURL("mailto:" + addr, (x0, y - 2, x0 + cv.stringWidth(addr, reg, 9), y + 9), relative=0)
            fl.rm(addr, "email", "hyperlink")
        y -= 12
    cv.setAuthor(mk(fl, "«name:Siân Pritchard-Evans»", "metadata"))
    cv.showPage()
    cv.save()
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 2: xlsxwriter register, two header rows

def case_eastmoor(root: Path) -> Case:
    import xlsxwriter

    c = Case(root, "case-h2-02-eastmoor", "Eastmoor Metropolitan Borough Council",
             ["0113 496 0000", "0113 496 0555", "foi@eastmoor.gov.uk"])
    path, fl = c.file("ICT Contracts Register 2024-25.xlsx")
    D = dt.date
    # (ref, category, supplier, product, ex-VAT, start, end, owner, title, ddi, mobile, security?)
    rows = [
        ("ICT-031", "Cyber security - perimeter", "«vendor:Node4»",
         "«vendor:Palo Alto Networks» «model:PA-3220» («product:PAN-OS» «version:10.2.7»)",
         41250, D(2022, 11, 1), D(2025, 10, 31), "«name:Ngozi Okonkwo-Adeyemi»", "‹title:Network Security Engineer›",
         "«phone:0113 496 0471»", "«phone:07700 900561»", True),
        ("ICT-032", "Endpoint protection", "«vendor:Insight Direct» (UK)", "«vendor:CrowdStrike» «product:Falcon Prevent»",
         27680, D(2023, 2, 1), D(2026, 1, 31), "«name:Callum MacLeod»", "‹title:Information Security Officer›",
         "«phone:0113-496-0222»", "«phone:07700 900 318»", True),
        ("ICT-033", "Email security gateway", "Mimecast", "Mimecast Email Security (M2A)",
         16400, D(2022, 6, 1), D(2025, 5, 30), "«name:Aoife McGuinness»", "‹title:ICT Infrastructure Manager›",
         "ext «phone:4471»", "«phone:07700 900 744»", None),
        ("ICT-034", "Vulnerability scanning (Tenable)", "Tenable Network Security", "Tenable Vulnerability Management",
         11950, D(2024, 1, 15), D(2025, 1, 14), "«name:PATEL, Raj»", "‹title:Cyber Security Analyst›",
         "x«phone:4410»", "«phone:07700900652»", None),
        ("ICT-035", "Backup and recovery", "‹vendor:Softcat›", "‹product:Veeam Data Platform Advanced›",
         36900, D(2021, 4, 1), D(2026, 3, 30), "‹team:ICT Service Desk›", "-",
         "‹phone=0113 496 0555:0113 496 0555›", "", False),
        ("ICT-036", "Microsoft Enterprise Agreement", "‹vendor:Bytes Software Services›",
         "‹product:‹vendor:Microsoft› 365 E3› / ‹product:Windows 11 Enterprise E3›",
         388450, D(2022, 7, 1), D(2025, 6, 29), "«name:Zoë Hartley»", "‹title:Head of Digital›",
         "«phone:0113 496 0309»", "«phone:07700 900 276»", False),
        ("ICT-037", "Business intelligence", "‹vendor:Bytes Software Services›", "‹product:Power BI Pro›",
         9870, D(2023, 9, 4), D(2024, 9, 3), "«name:Tomasz Wiśniewski»", "‹title:Business Intelligence Lead›",
         "«phone:0113 496 0390»", "", False),
        ("ICT-038", "Revenues and benefits", "‹vendor:Civica UK›", "‹product:Civica OpenRevenues›",
         212300, D(2020, 4, 6), D(2027, 4, 5), "«name:Dafydd Llewelyn»", "‹title:Revenues Systems Manager›",
         "«phone:0113 496 0712»", "", False),
    ]
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "ICT contracts register", "author": mk(fl, "«name:Ngozi Okonkwo-Adeyemi»", "metadata"),
                       "comments": mk(fl, "Checked by «name:MacLeod, Callum» 12/07/2024", "metadata"),
                       "company": "Eastmoor MBC", "created": dt.datetime(2024, 7, 12, 9, 30)})
    ws = wb.add_worksheet("Register")
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "text_wrap": True})
    cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    money = wb.add_format({"border": 1, "num_format": "£#,##0", "valign": "top"})
    date = wb.add_format({"border": 1, "num_format": "dd/mm/yyyy", "valign": "top"})
    note = wb.add_format({"italic": True})
    ws.merge_range("A1:M1", mk(fl, "‹org:Eastmoor Metropolitan Borough Council› - ICT contracts register "
                               "(FOI ‹ref:24/1187›)", "table"), title)
    ws.merge_range("B3:D3", "Contract", head)
    ws.merge_range("F3:G3", "Annual value (£)", head)
    ws.merge_range("H3:I3", "Term", head)
    ws.merge_range("K3:N3", "Contract owner", head)
    for col, h in enumerate(["Ref", "Category", "Supplier", "Product / service", "", "Ex VAT", "Inc VAT",
                             "Start", "End", "", "Name", "Job title", "Direct dial", "Mobile"]):
        ws.write(3, col, h, head if h else None)
    ws.set_column("A:A", 9)
    ws.set_column("B:B", 26)
    ws.set_column("C:D", 30)
    ws.set_column("E:E", 2)
    ws.set_column("F:I", 12)
    ws.set_column("J:J", 2)
    ws.set_column("K:M", 24)
    ws.set_column("N:N", 16, None, {"hidden": True})
    values = []
    for i, (ref, cat, sup, prod, ex, start, end, owner, jt, ddi, mob, sec) in enumerate(rows):
        r = 4 + i
        ws.write(r, 0, ref, cell)
        ws.write(r, 1, cat, cell)
        ws.write(r, 2, mk(fl, sup, "table"), cell)
        ws.write(r, 3, mk(fl, prod, "table"), cell)
        inc = round(ex * 1.2)
        ws.write_number(r, 5, ex, money)
        ws.write_formula(r, 6, f"=F{r + 1}*1.2", money, inc)
        ws.write_datetime(r, 7, dt.datetime.combine(start, dt.time()), date)
        ws.write_datetime(r, 8, dt.datetime.combine(end, dt.time()), date)
        ws.write(r, 10, mk(fl, owner, "table"), cell)
        ws.write(r, 11, mk(fl, jt, "table"), cell)
        ws.write(r, 12, mk(fl, ddi, "table"), cell)
        if mob:
            ws.write(r, 13, mk(fl, mob, "hidden-column"), cell)
        values += [ex, inc, serial(start), serial(end)]
        if sec is True:
            for v in (ex, inc):
                fl.rm(str(v), "spend", "table")
            fl.rm(str(serial(start)), "date", "table")
            fl.rm(str(serial(end)), "date", "table")
        elif sec is False:
            for v in (ex, inc):
                fl.kp(str(v), "spend")
            fl.kp(str(serial(start)), "date", alt=[start.strftime("%d/%m/%Y")])
            fl.kp(str(serial(end)), "date", alt=[end.strftime("%d/%m/%Y")])
    tr = 4 + len(rows)
    tot_ex = sum(r[4] for r in rows)
    tot_inc = sum(round(r[4] * 1.2) for r in rows)
    values += [tot_ex, tot_inc]
    assert len(set(values)) == len(values), "numeric collision in register"
    ws.write(tr, 0, "Total", head)
    ws.write_formula(tr, 5, f"=SUM(F5:F{tr})", money, tot_ex)
    ws.write_formula(tr, 6, f"=SUM(G5:G{tr})", money, tot_inc)
    notes = [
        "Notes:",
        "1. Values exclude VAT unless stated; inc-VAT figures are calculated at 20%.",
        "2. ICT-031 was re-procured via a CCS framework; technical lead «name:Ngozi Okonkwo-Adeyemi» "
        "(mob. «phone:07700 900 561»).",
        "3. Queries to the ICT contracts team: ‹mailbox:ict.contracts@eastmoor.gov.uk› or "
        "‹phone=0113 496 0555:0113 496 0555›. FOI queries: ‹mailbox:foi@eastmoor.gov.uk›, "
        "‹phone=0113 496 0000:(0113) 496 0000›.",
        "4. ‹prose:The Council holds ‹prose:Cyber Essentials Plus› certification.›",
    ]
    for k, n in enumerate(notes):
        ws.write(tr + 2 + k, 0, mk(fl, n, "prose"), note)
    ws.write_comment("C5", mk(fl, "«vendor:Node4» renewal quote received: «spend:£43,100» for 2025/26. "
                               "Check with «name!:Ngozi» before we publish.", "comment"),
                     {"author": mk(fl, "«name:Callum MacLeod»", "comment"), "x_scale": 2})
    ws.set_footer(mk(fl, "&LPrepared by «name:Z. Hartley»&CEastmoor MBC - OFFICIAL&RPage &P of &N", "footer"))
    ws.repeat_rows(2, 3)
    wb.define_name("FW_PRIMARY", mk(fl, '="«ip:10.40.1.1»"', "formula"))
    wb.define_name("AV_PROXY", mk(fl, '="«hostname:falcon-proxy01.eastmoor.local»"', "formula"))
    for k in ("10.40.1.1", "falcon-proxy01.eastmoor.local"):
        fl.remove[k]["note"] = "planted in a workbook defined name"

    contacts = wb.add_worksheet("Contacts")
    contacts.hide()
    contacts.write_row(0, 0, ["Name", "Job title", "DDI", "Mobile", "Email"])
    staff = [
        ("«name:Ngozi Okonkwo-Adeyemi»", "Network Security Engineer", "«phone:0113 496 0471»", "«phone:07700 900561»",
         "«email:ngozi.okonkwo-adeyemi@eastmoor.gov.uk»"),
        ("«name:Callum MacLeod»", "Information Security Officer", "«phone:0113-496-0222»", "«phone:07700 900318»",
         "«email:c.macleod@eastmoor.gov.uk»"),
        ("«name:Aoife McGuinness»", "ICT Infrastructure Manager", "0113 496 0000 ext «phone:4471»",
         "«phone:07700 900744»", "«email:aoife.mcguinness@eastmoor.gov.uk»"),
        ("«name:Raj Patel»", "Cyber Security Analyst", "x«phone:4410»", "«phone:07700 900652»",
         "«email:raj.patel@eastmoor.gov.uk»"),
        ("«name:Zoë Hartley»", "Head of Digital", "«phone:0113 496 0309»", "«phone:07700 900276»",
         "«email:zoe.hartley@eastmoor.gov.uk»"),
        ("«name:Tomasz Wiśniewski»", "Business Intelligence Lead", "«phone:0113 496 0390»", "",
         "«email:t.wisniewski@eastmoor.gov.uk»"),
    ]
    for i, row in enumerate(staff):
        contacts.write_row(i + 1, 0, [mk(fl, v, "hidden-sheet") for v in row])
    net = wb.add_worksheet("Network")
    net.very_hidden()
    for i, row in enumerate([
        ("Perimeter FW (active)", "«hostname:fw-pa-01.eastmoor.local»", "«ip:10.40.1.1»"),
        ("Perimeter FW (passive)", "«hostname:fw-pa-02.eastmoor.local»", "«ip:10.40.1.2»"),
        ("Falcon proxy", "«hostname:falcon-proxy01.eastmoor.local»", "«ip:10.40.8.15»"),
        ("DMZ", "", "«ip:172.16.40.0/22»"),
    ]):
        net.write_row(i, 0, [mk(fl, v, "hidden-sheet") for v in row])
    wb.close()

    # ---- CSV extract of the same register: surname-first names, spacer columns, totals and notes
    path, fl = c.file("register-extract.csv")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([mk(fl, "‹org:Eastmoor Metropolitan Borough Council› - ICT contracts register extract", "table")])
    w.writerow([])
    w.writerow(["Ref", "Category", "Supplier", "Product", "", "Annual cost (ex VAT)", "Start", "End", "",
                "Owner", "Direct dial"])
    csv_owner = {"«name:Ngozi Okonkwo-Adeyemi»": "«name:Okonkwo-Adeyemi, Ngozi»",
                 "«name:Callum MacLeod»": "«name:MacLeod, Callum»",
                 "«name:Aoife McGuinness»": "«name:McGuinness, Aoife»",
                 "«name:PATEL, Raj»": "«name:PATEL, Raj»",
                 "«name:Zoë Hartley»": "«name:Hartley, Zoë»",
                 "«name:Tomasz Wiśniewski»": "«name:Wiśniewski, Tomasz»",
                 "«name:Dafydd Llewelyn»": "«name:Llewelyn, Dafydd»",
                 "‹team:ICT Service Desk›": "‹team:ICT Service Desk›"}
    for ref, cat, sup, prod, ex, start, end, owner, jt, ddi, mob, sec in rows:
        if sec is True:
            money_s, s_s, e_s = (f"«spend:£{ex:,.2f}»", f"«date:{start:%d/%m/%Y}»", f"«date:{end:%d/%m/%Y}»")
        elif sec is False:
            money_s, s_s, e_s = (f"‹spend:£{ex:,.2f}›", f"‹date:{start:%d/%m/%Y}›", f"‹date:{end:%d/%m/%Y}›")
        else:
            money_s, s_s, e_s = f"£{ex:,.2f}", f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}"
        w.writerow([mk(fl, v, "table") for v in (ref, cat, sup, prod, "", money_s, s_s, e_s, "",
                                                  csv_owner[owner], ddi)])
    w.writerow(["Total", "", "", "", "", f"£{tot_ex:,.2f}"])
    w.writerow([])
    w.writerow([mk(fl, "Contact: ‹mailbox:ict.contracts@eastmoor.gov.uk›", "prose")])
    path.write_text(out.getvalue(), encoding="utf-8")
    c.write_labels()
    return c


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


# --------------------------------------------------------------------------- case 3: DOCX briefing note with revisions

def case_kingsbridge(root: Path) -> Case:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    c = Case(root, "case-h2-03-kingsbridge", "Kingsbridge and Dart District Council",
             ["01632 960300", "foi@kingsbridge-dart.gov.uk"])
    path, fl = c.file("Briefing note - FOI 3391 ICT contracts.docx")
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(10.5)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = mk(fl, "‹org:Kingsbridge and Dart District Council› - OFFICIAL-SENSITIVE - "
                                           "author «name:Z. Adebayo-Clarke»", "header")
    sec.footer.paragraphs[0].text = mk(fl, "ICT Security: ‹mailbox:ict.security@kingsbridge-dart.gov.uk› | "
                                           "‹phone=01632 960300:01632 960300› x«phone:2291»", "footer")
    d.add_heading(mk(fl, "Briefing note - ‹ref:FOI 3391› (ICT contracts)", "prose"), level=1)
    d.add_paragraph(mk(fl, "To: ‹title:Head of ICT› | From: ‹title:Information Security Officer› | "
                           "Date: 27 June 2024", "prose"))
    d.add_paragraph(mk(fl, "Purpose: to agree the release position for FOI 3391, which asks about the Council's "
                           "firewall, anti-virus, Microsoft EA and business intelligence contracts. FOI queries go "
                           "to ‹mailbox:foi@kingsbridge-dart.gov.uk›.", "prose"))
    d.add_heading("1. Firewall", level=2)
    p = d.add_paragraph()
    run = p.add_run(mk(fl, "The perimeter firewalls are «vendor:Check Point» «model:Quantum 6600» appliances running "
                           "«product:Gaia» «version:R81.20», supplied and supported by «vendor:Boston Networks» under a "
                           "contract worth «spend:£31,775» a year from «date:1 May 2023» to «date:30 April 2026». "
                           "The technical owner is «name:MCKENZIE, Fraser» (‹title:Senior Network Engineer›). ",
                       "prose"))
    _docx_rev(p, "del", mk(fl, "The old cluster «hostname:kdc-fw-old.kingsbridge-dart.local» («ip:10.60.0.1») was "
                               "decommissioned in 2023.", "revision"),
              mk(fl, "«name:Fraser McKenzie»", "revision"))
    cm = d.add_comment(run, text=mk(fl, "Do we have to give the «vendor:Boston Networks» renewal value? "
                                        "Ask «name!:Fraser».", "comment"),
                       author=mk(fl, "«name:Ruairí Ó Dálaigh»", "comment"), initials="RÓD")
    cm._comment_elm.set(qn("w:date"), "2024-06-28T09:15:00Z")
    d.add_heading("2. Anti-virus", level=2)
    p = d.add_paragraph(mk(fl, "Endpoints run «vendor:Trend Micro» «product:Apex One» (SaaS), bought through "
                               "«vendor:Ultima Business Solutions» for «spend:£19,640» a year; the current term runs "
                               "from «date:1 September 2022» to «date:31 August 2025». The on-premises relay is "
                               "«hostname:apexrelay01.kingsbridge-dart.local» on «ip:10.60.12.40». Mr «surname:McKenzie» "
                               "and «name:Zoë Adebayo-Clarke» manage the console.", "prose")
                        .replace("Zoë", "Zoe\u0308"))  # decomposed diaeresis, as a Mac keyboard produces
    _docx_rev(p, "ins", mk(fl, " Backup contact: «name:Marta Wiśniewska», «phone:07700 900842».", "revision"),
              mk(fl, "«name:Marta Wiśniewska»", "revision"))
    d.add_heading("3. Microsoft Enterprise Agreement", level=2)
    d.add_paragraph(mk(fl, "The Enterprise Agreement with ‹vendor:Microsoft› is held through ‹vendor:SoftwareONE UK› "
                           "for ‹product:Microsoft 365 E5› and ‹product:Windows 11 Enterprise E5›; annual spend "
                           "‹spend:£505,120›, term ‹date:1 July 2023› to ‹date:30 June 2026›.", "prose"))
    d.add_heading("4. Business intelligence", level=2)
    d.add_paragraph(mk(fl, "250 ‹product:Power BI Premium Per User› licences are bought through SoftwareONE UK at "
                           "‹spend:£37,800› a year from ‹date:1 October 2023› to ‹date:30 September 2026›.", "prose"))
    d.add_heading("Recommendation", level=2)
    d.add_paragraph(mk(fl, "Release sections 3 and 4 in full. Withhold sections 1 and 2 under s31(1)(a), and officer "
                           "names and contact details under s40(2). ‹prose:Cllr ‹councillor:Tomás Byrne› (Cabinet "
                           "Member for Corporate Services) has been sighted on this note.› ‹prose:The Council holds "
                           "‹prose:Cyber Essentials Plus› certification.›", "prose"))
    tbl = d.add_table(rows=2, cols=3)
    tbl.style = "Table Grid"
    top = tbl.cell(0, 0).merge(tbl.cell(0, 2))
    top.text = "Officers consulted"
    for i, h in enumerate(["Name", "Role", "Ext."]):
        tbl.cell(1, i).text = h
    for row in [("«name:Fraser McKenzie»", "‹title:Senior Network Engineer›", "«phone:2290»"),
                ("«name:Marta Wiśniewska»", "‹title:ICT Contracts Officer›", "«phone:2293»"),
                ("«name:Ruairí Ó Dálaigh»", "‹title:Head of ICT›", "«phone:2295»")]:
        cells = tbl.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = mk(fl, v, "table")
    p = d.add_paragraph("Questions about the contract records to ")
    addr = mk(fl, "«email:fraser.mckenzie@kingsbridge-dart.gov.uk»", "prose")
    _docx_hyperlink(p, "mailto:" + addr, addr)
    fl.rm(addr, "email", "hyperlink")
    p.add_run(".")
    d.add_paragraph(mk(fl, "Prepared by «name:Zoë Adebayo-Clarke», ‹title:Information Security Officer›, "
                           "27 June 2024. Cleared: «name!:R.P.»", "signature"))
    png = Path(c.dir / "_tmp.png")
    png.write_bytes(_tiny_png())
    d.add_picture(str(png))
    png.unlink()
    docpr = d.inline_shapes[0]._inline.docPr
    docpr.set("descr", mk(fl, "Server room - «name:Ruairí Ó Dálaigh» with the firewall cluster", "metadata"))
    fl.remove["ruairí ó dálaigh"].setdefault("note", "also in image alt text (docPr/@descr)")
    _docx_fix_props(d, author=mk(fl, "«name:Zoë Adebayo-Clarke»", "metadata"),
                    last_modified_by=mk(fl, "«name:Ó Dálaigh, Ruairí»", "metadata"),
                    title="FOI 3391 briefing",
                    comments=mk(fl, "Draft v3 - for «name!:Fraser» to check", "metadata"))
    d.save(str(path))
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 4: PyMuPDF letter with hidden PDF layers

def case_thornbury(root: Path) -> Case:
    import pymupdf as fitz

    c = Case(root, "case-h2-04-thornbury", "Thornbury Vale Council",
             ["01632 960100", "information.governance@thornbury-vale.gov.uk"])
    path, fl = c.file("FOI 24-517 disclosure.pdf")
    doc = fitz.open()
    page = doc.new_page()
    y = [60.0]

    def line(s: str, where: str = "prose", size: float = 10, gap: float = 14) -> str:
        text = mk(fl, s, where)
        page.insert_text((56, y[0]), text, fontname="helv", fontsize=size)
        y[0] += gap
        return text

    line("‹org:Thornbury Vale Council›", size=14, gap=18)
    line("Council Offices, Station Road, Thornbury Vale TV3 9QP")
    line("Tel ‹phone=01632 960100:01632 960 100› - ‹mailbox:information.governance@thornbury-vale.gov.uk›", gap=22)
    line("Our ref: ‹ref:TVC/FOI/24-517›     Date: 5 September 2024", gap=22)
    line("Dear Requester,", gap=18)
    line("Q1. Who supplies your network firewall, what is it, and when does the contract end?")
    line("A1. The firewall is a «vendor:Barracuda» «product:CloudGen Firewall» «model:F380» cluster supplied by")
    line("«vendor:Khipu Networks». The contract costs «spend:£9,860» a year and runs from «date:14 February 2022»")
    line("to «date:13 February 2025».", gap=18)
    line("Q2. Which anti-virus product do you use and who supplies it?")
    line("A2. «vendor:WithSecure» «product:Elements Endpoint Protection» (formerly «vendor:F-Secure»), bought via")
    line("«vendor:Softcat» for «spend:£12,470» a year; contract start «date:1 March 2023», expiry «date:28 February 2026».",
         gap=18)
    line("Q3. Microsoft Enterprise Agreement?")
    line("A3. ‹vendor:Microsoft› Enterprise Agreement via ‹vendor:Phoenix Software›: ‹spend:£288,400› a year from")
    line("‹date:1 August 2022› to ‹date:31 July 2025›, covering ‹product:Microsoft 365 E3› and access to the")
    line("‹product:Security and Compliance Centre›.", gap=18)
    line("Q4. Business intelligence platform?")
    line("A4. ‹product:Qlik Sense Enterprise SaaS› from ‹vendor:Qlik›: ‹spend:£21,300› a year, ‹date:1 April 2024› to "
         "‹date:31 March 2027›.", gap=18)
    line("Q5. Who manages each contract?")
    line("A5. The firewall and anti-virus contracts are managed by the ‹team:ICT Infrastructure Team›")
    line("(‹title:Infrastructure Manager›: «name:Oluwaseun Adeyemi-Bankole», tel «phone:01632 960 742»).")
    boxed = line("Out-of-hours firewall contact: «name:Tadhg Ó Riordáin» «phone:07700 900664»", "fake-box", gap=18)
    for r in page.search_for(boxed):
        page.draw_rect(r + (-1, -1, 1, 1), color=(0, 0, 0), fill=(0, 0, 0))
    line("‹prose:The Council holds ‹prose:Cyber Essentials Plus› certification and follows NCSC guidance.›")
    line("‹prose:Councillor ‹councillor:Priya Raman›, Cabinet Member for Resources, has been informed of this "
         "response.›", gap=18)
    line("If you have any questions, please contact the case officer.", gap=22)
    for r in page.search_for("contact the case officer"):
        addr = mk(fl, "«email:grainne.osullivan@thornbury-vale.gov.uk»", "hyperlink")
        page.insert_link({"kind": fitz.LINK_URI, "from": r, "uri": "mailto:" + addr})
    line("Yours faithfully,", gap=28)
    line("«name:Gráinne O'Sullivan»", "signature")
    line("‹title:Information Governance Manager›", "signature")
    annot = page.add_text_annot((540, 120), mk(fl, "Check with «name:Dev Chaudhry» whether we can say «model:F380».",
                                               "annotation"))
    annot.set_info(title=mk(fl, "«name:Gráinne O'Sullivan»", "annotation"), subject="Comment")
    annot.update()

    page2 = doc.new_page()
    y[0] = 60.0
    page = page2
    line("Annex A - internal notes (not for release)", size=12, gap=20)
    line("The cluster «hostname:tv-fw-01.corp.thornbury-vale.local» / «hostname:tv-fw-02.corp.thornbury-vale.local» "
         "fronts")
    line("the «ip:192.168.50.0/24» server VLAN; management is from «hostname:fw-mgmt» («ip:10.8.4.20»). Internal "
         "ranges are 10.0.0.0/8.")
    secret = mk(fl, "Out-of-hours escalation: «name:Dev Chaudhry», mobile «phone:07700 900931»", "revision")
    page.insert_text((56, y[0]), secret, fontname="helv", fontsize=10)
    y[0] += 14
    line("Serial numbers are held by the ‹team:ICT Infrastructure Team›.")
    doc.set_toc([[1, "Response to TVC/FOI/24-517", 1],
                 [1, mk(fl, "Annex - notes from «name:Hamish Drummond»", "bookmark"), 2]])
    author = mk(fl, "«name:Gráinne O'Sullivan»", "metadata")
    doc.set_metadata({"author": author, "title": "FOI 24-517 response", "subject": "Freedom of Information",
                      "keywords": mk(fl, "«vendor:Barracuda»; «vendor:WithSecure»; firewall", "metadata"),
                      "creator": "Microsoft Word", "producer": "Thornbury Vale DMS",
                      "creationDate": "D:20240905090000Z", "modDate": "D:20240905090000Z"})
    doc.set_xml_metadata(
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
        + mk(fl, "«name:Gráinne O'Sullivan»", "metadata")
        + '</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    doc.save(str(path))
    doc.close()
    # the council's own earlier "redaction": applied, then saved incrementally, so revision 1 keeps the text
    doc = fitz.open(str(path))
    for r in doc[1].search_for(secret):
        doc[1].add_redact_annot(r, fill=(0, 0, 0))
    doc[1].apply_redactions()
    doc.saveIncr()
    doc.close()
    fl.remove["dev chaudhry"]["note"] = "live only in an annotation; also in the earlier revision"
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 5: openpyxl workbook, odd cells

def case_harrowfield(root: Path) -> Case:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment
    from openpyxl.worksheet.datavalidation import DataValidation

    c = Case(root, "case-h2-05-harrowfield", "Harrowfield Borough Council",
             ["0191 498 0000", "foi@harrowfield.gov.uk"])
    path, fl = c.file("Copy of ICT spend FOI-5102 (final).xlsx")
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = mk(fl, "‹org:Harrowfield Borough Council›", "table")
    cover["A2"] = mk(fl, "FOI request ‹ref:FOI-5102› - ICT contract information", "table")
    cover["A4"], cover["B4"] = "Prepared by:", mk(fl, "«name:PATEL, Raj» (ext. «phone:4418»)", "table")
    cover["A5"], cover["B5"] = "Checked by:", mk(fl, "«name:Okonkwo-Adeyemi N.»", "table")
    cover["A6"], cover["B6"] = "Queries:", mk(fl, "‹mailbox:foi@harrowfield.gov.uk› / "
                                                  "‹phone=0191 498 0000:0191 498 0000›", "table")
    cover["A8"] = mk(fl, "‹prose:Figures are annual contract values excluding VAT.›", "table")

    ws = wb.create_sheet("Contracts")
    ws.append(["Area", "Supplier", "Manufacturer", "Product", "Model", "Version", "Annual value", "Start", "End",
               "Owner", "Owner job title", "Mobile", "Email"])
    D = dt.date
    fw_owner = CellRichText([TextBlock(InlineFont(), "Aoife "), TextBlock(InlineFont(b=True), "McGuinness")])
    fl.rm("Aoife McGuinness", "name", "table")
    rows = [
        ("Network security", "«vendor:Xalient»", "«vendor:Fortinet»", "«product:FortiGate»", "«model:200F»",
         "«version:7.2.8»", 26350, D(2023, 5, 15), D(2026, 5, 14), fw_owner, "‹title:Senior ICT Engineer›",
         7700900321, "aoife.mcguinness@harrowfield.gov.uk", True),
        ("Network security (previous)", "«vendor:Softcat»", "«vendor:Sophos»", "«product:XG Firewall»",
         "«model:XG 430»", "«version:18.5»", 12990, D(2018, 6, 1), D(2023, 5, 31), "«name:Gareth Pugh»",
         "Network Engineer", 7700900117, "«email:g.pugh@harrowfield.gov.uk»", True),
        ("Anti-malware", "«vendor:Softcat»", "«vendor:Sophos»", "«product:Intercept X Advanced with XDR»", "", "",
         18975, D(2022, 10, 3), D(2025, 9, 30),
         "«name:Kwame Mensah»\nTel «phone:0191 498 0288» / x«phone:4419»", "‹title:Cyber Security Analyst›",
         7700900874, "«email:kwame.mensah@harrowfield.gov.uk»", True),
        ("Microsoft EA", "‹vendor:Phoenix Software›", "‹vendor:Microsoft›", "‹product:Microsoft 365 E3›", "", "",
         344120, D(2022, 12, 1), D(2025, 11, 28), "«name:Dafydd Llewelyn»", "‹title:ICT Contracts Manager›",
         7700900459, "«email:d.llewelyn@harrowfield.gov.uk»", False),
        ("Business intelligence", "‹vendor:Phoenix Software›", "Microsoft", "‹product:Power BI Pro›", "", "",
         7440, D(2024, 2, 5), D(2025, 2, 4), "«name:Siobhán Ní Mhurchú»", "‹title:Business Intelligence Lead›",
         None, "‹mailbox:bi.team@harrowfield.gov.uk›", False),
        ("Payroll and HR", "‹vendor:MHR International›", "MHR", "‹product:iTrent›", "", "",
         98200, D(2021, 4, 6), D(2026, 4, 3), "‹team:HR Systems Team›", "", None,
         "‹mailbox:hr.systems@harrowfield.gov.uk›", False),
    ]
    values = []
    for i, (area, sup, man, prod, model, ver, val, start, end, owner, jt, mob, email, sec) in enumerate(rows):
        r = i + 2
        ws.cell(r, 1, area)
        where = "hidden-row" if "previous" in area else "table"
        for col, v in ((2, sup), (3, man), (4, prod), (5, model), (6, ver), (11, jt)):
            ws.cell(r, col, mk(fl, v, where) if v else None)
        ws.cell(r, 7, val).number_format = '"£"#,##0'
        ws.cell(r, 8, start).number_format = "dd/mm/yyyy"
        ws.cell(r, 9, end).number_format = "dd/mm/yyyy"
        if isinstance(owner, str):
            ws.cell(r, 10, mk(fl, owner, where))
        else:
            ws.cell(r, 10).value = owner
        if mob:
            mc = ws.cell(r, 12, mob)
            mc.number_format = "00000 000000"
            fl.rm(f"0{str(mob)[:4]} {str(mob)[4:]}", "phone", where,
                  note="stored as a number without its leading zero")
        if email.startswith("aoife"):
            ec = ws.cell(r, 13, "Send email")
            ec.hyperlink = "mailto:" + email
            fl.rm(email, "email", "hyperlink")
        else:
            ws.cell(r, 13, mk(fl, email, where))
        values += [val, serial(start), serial(end)]
        if sec:
            fl.rm(str(val), "spend", where)
            fl.rm(str(serial(start)), "date", where)
            fl.rm(str(serial(end)), "date", where)
        else:
            fl.kp(str(val), "spend")
            fl.kp(str(serial(start)), "date", alt=[start.strftime("%d/%m/%Y")])
            fl.kp(str(serial(end)), "date", alt=[end.strftime("%d/%m/%Y")])
    assert len(set(values)) == len(values)
    ws.row_dimensions[3].hidden = True
    ws.cell(len(rows) + 2, 1, "Total")
    ws.cell(len(rows) + 2, 7, f"=SUM(G2:G{len(rows) + 1})")
    ws["G2"].comment = Comment(mk(fl, "Includes «vendor:Xalient» managed service uplift («spend:£2,100»).", "comment"),
                               mk(fl, "«name:Kwame Mensah»", "comment"))
    dv = DataValidation(type="list", formula1=mk(
        fl, '"«name:Aoife McGuinness»,«name:Kwame Mensah»,«name:Dafydd Llewelyn»,«name:Gareth Pugh»"', "formula"))
    ws.add_data_validation(dv)
    dv.add("J2:J20")
    ws.oddHeader.center.text = mk(fl, "Harrowfield BC - prepared by «name:R Patel»", "header")
    ws.column_dimensions["J"].width = 28

    lists = wb.create_sheet("Lists")
    lists.sheet_state = "hidden"
    lists.append(["Owners", "Out of hours"])
    lists.append([mk(fl, "«name:Aoife McGuinness»", "hidden-sheet"), mk(fl, "«phone:0191 498 0931»", "hidden-sheet")])
    lists.append([mk(fl, "«name:Gareth Pugh»", "hidden-sheet"), mk(fl, "«phone:07700 900 117»", "hidden-sheet")])
    wb.properties.creator = mk(fl, "«name:Raj Patel»", "metadata")
    wb.properties.lastModifiedBy = mk(fl, "«name:Kwame Mensah»", "metadata")
    wb.properties.title = "FOI-5102"
    wb.properties.created = dt.datetime(2024, 8, 1, 8, 0)
    wb.properties.modified = dt.datetime(2024, 8, 2, 8, 0)
    wb.save(str(path))
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 6: DOCX letter, split runs, text box

def case_wendlebury(root: Path) -> Case:
    import docx
    from docx.oxml import parse_xml

    c = Case(root, "case-h2-06-wendlebury", "Wendlebury Borough Council",
             ["020 7946 0000", "foi@wendlebury.gov.uk", "customer.services@wendlebury.gov.uk"])
    path, fl = c.file("Response letter FOI-W-0932.docx")
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = mk(fl, "‹org:Wendlebury Borough Council› - Tel ‹phone=020 7946 0000:+44 (0)20 7946 "
                                           "0000› - ‹mailbox:foi@wendlebury.gov.uk›", "header")
    sec.footer.paragraphs[0].text = mk(fl, "‹mailbox:customer.services@wendlebury.gov.uk› | "
                                           "‹phone=020 7946 0000:020 7946 0000›", "footer")
    d.add_paragraph(mk(fl, "Our ref: ‹ref:FOI-W-0932›    Date: 19 August 2024", "prose"))
    d.add_paragraph("Dear Requester,")
    d.add_paragraph(mk(fl, "‹prose:Thank you for your request, which we received on 22 July 2024.› We note that your "
                           "request was forwarded to us by the office of ‹councillor:Daniel Okafor› MP.", "prose"))
    fl.keep["daniel okafor"]["note"] = "Member of Parliament, not council staff"
    grid = [
        ["Contract area", "Network firewall", "Anti-virus", "Microsoft EA", "Business intelligence"],
        ["Supplier", "«vendor:ANS Group»", "«vendor:Phoenix Software»", "‹vendor:SoftwareONE UK›",
         "‹vendor:SoftwareONE UK›"],
        ["Product", "«vendor:Juniper Networks» «model:SRX345», «product:Junos OS» «version:21.4R3-S5»",
         "«product:«vendor:Symantec» Endpoint Protection» «version:14.3 RU8» («vendor:Broadcom»)",
         "‹product:Microsoft 365 E3›", "‹product:Power BI Pro›"],
        ["Annual cost", "«spend:£27.4k»", "«spend:£15,210» pa", "‹spend:£298,760›", "‹spend:£6,480›"],
        ["Start", "«date:1st April 2023»", "«date:1st November 2021»", "‹date:1st May 2022›", "‹date:1st May 2022›"],
        ["End", "«date:31st March 2026»", "«date:31st October 2024»", "‹date:30th April 2025›", "‹date:30th April 2025›"],
        ["Contract manager", "SPLIT1", "«name:Kieran O’Brien», ‹title:Information Security Officer›",
         "‹title:ICT Commercial Manager›", "‹title:Head of Business Intelligence›"],
        ["Contact", "«phone:+44 (0) 20 7946 0991»", "SPLIT2", "‹mailbox:ict.commercial@wendlebury.gov.uk›",
         "‹mailbox:customer.services@wendlebury.gov.uk›"],
    ]
    t = d.add_table(rows=1, cols=5)
    t.style = "Table Grid"
    a = t.cell(0, 1).merge(t.cell(0, 2))
    a.text = "Withheld in part - s31(1)(a)"
    b = t.cell(0, 3).merge(t.cell(0, 4))
    b.text = "Released in full"
    for row in grid:
        cells = t.add_row().cells
        for i, v in enumerate(row):
            if v == "SPLIT1":  # a name broken across runs mid-word, as Word's rsid/spell-check runs do
                txt = mk(fl, "«name:Siobhán Ní Mhurchú», ‹title:Network Security Lead›", "table")
                par = cells[i].paragraphs[0]
                par.add_run(txt[:4])
                par.add_run(txt[4:9]).italic = False
                par.add_run(txt[9:])
            elif v == "SPLIT2":
                txt = mk(fl, "«phone:020 7946 0412»", "table")
                par = cells[i].paragraphs[0]
                par.add_run(txt[:9])
                par.add_run(txt[9:]).bold = True
            else:
                cells[i].text = mk(fl, v, "table")
    d.add_paragraph()
    d.add_paragraph(mk(fl, "‹prose:Information about the firewall and anti-virus contracts has been withheld under "
                           "section 31(1)(a) of the Act.› ‹prose:Names and direct contact details of officers below "
                           "Head of Service level are withheld under section 40(2).›", "prose"))
    d.add_paragraph(mk(fl, "‹prose:The Leader of the Council, Cllr ‹councillor:Harjit Sandhu›, has asked that the "
                           "Council publish its ICT contracts register proactively.›", "prose"))
    p = d.add_paragraph("If you need anything further, please ")
    email = mk(fl, "«email:d.bankole@wendlebury.gov.uk»", "hyperlink")
    p._p.append(parse_xml(
        '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'w:instr=" HYPERLINK &quot;mailto:{email}&quot; "><w:r><w:t>contact the case officer</w:t></w:r>'
        '</w:fldSimple>'))
    p.add_run(mk(fl, ". Mr «surname:Bankole» will be happy to help.", "prose"))
    box = mk(fl, "Case officer: «name:Oluwadamilare Bankole», ext «phone:3318»", "prose")
    fl.remove["oluwadamilare bankole"]["note"] = "first planted in a VML text box"
    p = d.add_paragraph()
    p._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="CaseBox" type="#_x0000_t202" '
        'style="width:220pt;height:30pt"><v:textbox><w:txbxContent><w:p><w:r><w:t xml:space="preserve">'
        + box + '</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    d.add_paragraph("Yours sincerely,")
    d.add_paragraph(mk(fl, "«name:Oluwadamilare Bankole»", "signature"))
    d.add_paragraph(mk(fl, "‹title:Information Rights Officer›", "signature"))
    d.add_paragraph(mk(fl, "«email:d.bankole@wendlebury.gov.uk» | «phone:020 7946 0338»", "signature"))
    _docx_fix_props(d, author=mk(fl, "«name:Siobhán Ní Mhurchú»", "metadata"),
                    last_modified_by=mk(fl, "«name:Bankole, Oluwadamilare»", "metadata"),
                    title="FOI-W-0932 response")
    d.save(str(path))
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 7: CSV exports (cp1252 ';', PO list)

def case_saltmarsh(root: Path) -> Case:
    c = Case(root, "case-h2-07-saltmarsh", "Saltmarsh District Council", ["0117 496 0000", "foi@saltmarsh.gov.uk"])
    path, fl = c.file("contracts register (export).csv")
    rows = [
        [mk(fl, "‹org:Saltmarsh District Council› – ICT contracts register", "table")] + [""] * 9,
        [""] * 10,
        ["Contract", "", "", "", "Value", "Dates", "", "", "Contact", ""],
        ["Category", "Supplier", "Product", "", "Annual £", "Start", "End", "", "Contract owner", "Telephone"],
        ["Firewall (perimeter)", "«vendor:Daisy Corporate Services»",
         "«vendor:Stormshield» «model:SN910», firmware «version:4.3.21»", "", "«spend:18450.00»",
         "«date:2023-04-01»", "«date:2026-03-31»", "", "«name:PATEL, Raj»",
         "«phone:0117 496 0123» (ext «phone:4410»)"],
        ["Endpoint protection", "«vendor:Computacenter»", "«vendor:SentinelOne» «product:Singularity Complete»", "",
         "«spend:31200.00»", "«date:2022-09-01»", "«date:2025-08-31»", "", "«name:Zoë Ferreira-Lund»",
         "«phone:0117 496 0587»"],
        ["Email security gateway", "Mimecast", "Mimecast Email Security", "", "14900.00", "2023-01-09", "2026-01-08",
         "", "«name:Seán Ó Briain»", "«phone:0117-496-0344»"],
        ["Microsoft EA", "‹vendor:Bytes Software Services›",
         "‹product:‹vendor:Microsoft› 365 E3› + Windows Enterprise E3", "", "‹spend:402880.00›", "‹date:2022-05-01›",
         "‹date:2025-04-30›", "", "‹team:ICT Commercial Team›", "‹phone=0117 496 0000:0117 4960000›"],
        ["Business intelligence", "‹vendor:Bytes Software Services›", "‹product:Power BI Premium Per User›", "",
         "‹spend:19650.00›", "‹date:2023-11-13›", "‹date:2026-11-12›", "", "‹team:Data and Insight Team›",
         "‹phone=0117 496 0000:0117 4960000›"],
        ["Revenues & Benefits", "‹vendor:NEC Software Solutions›", "‹product:Revenues and Benefits›", "",
         "‹spend:176400.00›", "‹date:2019-07-01›", "‹date:2026-06-30›", "", "«name:MACDONALD, Iain»",
         "«phone:0117 496 0671»"],
        [""] * 10,
        ["Total", "", "", "", "663480.00", "", "", "", "", ""],
        [mk(fl, "Notes: amounts exclude VAT. Queries to ‹mailbox:foi@saltmarsh.gov.uk›.", "prose")] + [""] * 9,
    ]
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        w.writerow([mk(fl, v, "table") for v in row])
    path.write_bytes(out.getvalue().encode("cp1252"))

    path, fl = c.file("Purchase orders 2023-24.csv")
    pos = [
        ["PO number", "Order date", "Supplier", "Description", "Net £", "Raised by", "Approved by"],
        ["PO-230411", "12/04/2023", "«vendor:Daisy Corporate Services»",
         "Annual support «vendor:Stormshield» «model:SN910» cluster", "«spend:£18,450.00»", "«name:S.Khan»",
         "«name:PATEL R»"],
        ["PO-230587", "04/09/2023", "«vendor:Computacenter»",
         "«vendor:SentinelOne» «product:Singularity Complete» - 1,450 endpoints", "«spend:£31,200.00»",
         "«name:Zoë Ferreira-Lund»", "«name:PATEL R»"],
        ["PO-230602", "15/05/2023", "‹vendor:Bytes Software Services›",
         "‹prose:Microsoft Enterprise Agreement year 2 (M365 E3)›", "‹spend:£402,880.00›", "«name:Iain MacDonald»",
         "«name:PATEL R»"],
        ["PO-230777", "20/12/2023", "Mimecast Ltd", "Email security gateway renewal", "£14,900.00",
         "«name:Seán Ó Briain»", "«name:PATEL R»"],
        ["PO-230812", "08/01/2024", "‹vendor:Civica UK Ltd›", "‹prose:Civica Pay annual support›",
         "‹spend:£11,380.00›", "«name:Iain MacDonald»", "«name:PATEL R»"],
        ["PO-230901", "19/02/2024", "‹vendor:Softcat plc›", "‹prose:Veeam backup licences›", "‹spend:£8,760.00›",
         "«name:S.Khan»", "«name:PATEL R»"],
    ]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in pos:
        w.writerow([mk(fl, v, "table") for v in row])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    c.write_labels()
    return c


# --------------------------------------------------------------------------- case 8: landscape PDF register export

def case_caldermoor(root: Path) -> Case:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    c = Case(root, "case-h2-08-caldermoor", "Caldermoor City Council", ["0161 496 0000", "ict@caldermoor.gov.uk"])
    path, fl = c.file("ICT contracts register export.pdf")
    st = _styles()
    reg, _ = _rl_fonts()
    stamp = mk(fl, "Printed by «name:Kwame Asante-Mensah» on 03/06/2024 09:14", "header")
    fl.remove["kwame asante-mensah"]["note"] = "rotated 90-degree margin stamp on every page"
    footer = mk(fl, "Register owner: «name:D. Okafor-Ward» | ext «phone:5512»", "footer")

    def on_page(cv, doc):
        cv.saveState()
        cv.setFont(reg, 7)
        cv.translate(10 * mm, 20 * mm)
        cv.rotate(90)
        cv.drawString(0, 0, stamp)
        cv.restoreState()
        cv.setFont(reg, 7)
        cv.drawString(15 * mm, 8 * mm, f"{footer} | Page {doc.page}")

    head = ["Ref", "Area", "Supplier", "Manufacturer / product", "Annual £", "Start", "Expiry", "First name",
            "Surname", "Job title", "Email", "Tel"]
    rows = [
        ["C-101", "Network perimeter (NGFW)", "«vendor:Logicalis UK»",
         "«vendor:Cisco» «product:Secure Firewall» «model:3110» («product:FTD» «version:7.4.1»)", "«spend:£52,600»",
         "«date:01-Jul-2023»", "«date:30-Jun-2028»", "«name:Ngozi»", "«surname:Okonkwo-Adeyemi»",
         "‹title:Network Security Engineer›", "«email:ngozi.okonkwo-adeyemi@caldermoor.gov.uk»",
         "«phone:0161 496 0123» (ext «phone:4410»)"],
        ["C-102", "Endpoint detection & response", "«vendor:Softcat»",
         "«product:Microsoft Defender for Endpoint» Plan 2", "«spend:£61,980»", "«date:01-Apr-2022»",
         "«date:31-Mar-2025»", "«name:Jean-Luc»", "«surname:Moreau»", "‹title:Cyber Security Analyst›",
         "«email:jl.moreau@caldermoor.gov.uk»", "«phone:0161 496 0877»"],
        ["C-103", "Microsoft EA", "‹vendor:Insight Direct (UK)›", "‹product:Microsoft 365 E5›", "‹spend:£1,204,500›",
         "‹date:01-Jan-2024›", "‹date:31-Dec-2026›", "-", "-", "‹title:ICT Commercial Manager›",
         "‹mailbox:ict.commercial@caldermoor.gov.uk›", "‹phone=0161 496 0000:0161 496 0000›"],
        ["C-104", "BI platform", "‹vendor:Qlik›", "‹product:Qlik Sense Enterprise SaaS›", "‹spend:£44,750›",
         "‹date:15-Oct-2023›", "‹date:14-Oct-2026›", "«name:Aoife»", "«surname:McGuinness»", "‹title:BI Developer›",
         "«email:a.mcguinness@caldermoor.gov.uk»", "«phone:0161 496 0545»"],
        ["C-105", "Backup and recovery", "‹vendor:Trustmarque›", "‹product:Veeam Backup & Replication›",
         "‹spend:£23,900›", "‹date:01-Feb-2022›", "‹date:31-Jan-2027›", "-", "-", "‹title:Infrastructure Manager›",
         "‹mailbox:ict@caldermoor.gov.uk›", "‹phone=0161 496 0000:0161 496 0000›"],
        ["C-106", "Vulnerability scanning (Tenable)", "Tenable", "Tenable Nessus Professional", "£4,250",
         "01-Jun-2024", "31-May-2025", "«name:Marek»", "«surname:Wiśniewski»", "‹title:Penetration Test Lead›",
         "«email:marek.wisniewski@caldermoor.gov.uk»", "«phone:0161 496 0266»"],
        ["C-107", "Planning and building control", "‹vendor:Idox Software›", "‹product:Uniform›", "‹spend:£118,300›",
         "‹date:01-Apr-2021›", "‹date:31-Mar-2028›", "‹team:Planning Systems Team›", "-", "-",
         "‹mailbox:planning.systems@caldermoor.gov.uk›", "‹phone=0161 496 0000:0161 496 0000›"],
        ["C-108", "Housing management", "‹vendor:NEC Software Solutions›", "‹product:NEC Housing›",
         "‹spend:£96,420›", "‹date:01-Sep-2020›", "‹date:31-Aug-2027›", "«name:Seán»", "«surname:Ó Briain»",
         "‹title:Housing Systems Manager›", "«email:sean.obriain@caldermoor.gov.uk»", "«phone:0161 496 0912»"],
    ]
    data = [[Paragraph(_esc(h), st["cellb"]) for h in head]]
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            text = _esc(mk(fl, v, "table"))
            if i == 10 and "okonkwo-adeyemi" in text:  # narrow column: the address wraps at its hyphen
                text = text.replace("okonkwo-", "okonkwo-<br/>")
            cells.append(Paragraph(text, st["tiny"]))
        data.append(cells)
    widths = [13, 24, 24, 34, 18, 18, 18, 14, 24, 20, 47, 22]
    t = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E7EEF7"))]))
    story = [Paragraph(_esc(mk(fl, "‹org:Caldermoor City Council› - ICT contracts register export "
                                   "(run 03/06/2024 09:14)", "prose")), st["head"]), t, Spacer(1, 5 * mm)]
    for s in [
        "Note 1: the perimeter cluster («hostname:cal-fw-01.caldermoor.local», «hostname:cal-fw-02.caldermoor.local») "
        "protects the «ip:10.20.30.0/24» server range and the wider 10.0.0.0/8 estate.",
        "Note 2: ‹prose:the Council holds ‹prose:Cyber Essentials Plus› certification.› Contract queries to "
        "‹mailbox:ict@caldermoor.gov.uk›.",
        "Note 3: ‹prose:Cllr ‹councillor:Imran Siddiqui›, Executive Member for Resources, approved publication of "
        "this register.›",
    ]:
        story.append(Paragraph(_esc(mk(fl, s, "prose")), st["small"]))
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=8 * mm,
                            topMargin=12 * mm, bottomMargin=14 * mm, title="ICT contracts register export",
                            author=mk(fl, "«name:Kwame Asante-Mensah»", "metadata"), invariant=1)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
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

CASES = [case_llanfedw, case_eastmoor, case_kingsbridge, case_thornbury, case_harrowfield, case_wendlebury,
         case_saltmarsh, case_caldermoor]


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
    ap.add_argument("--out", default="/tmp/heldout2", help="output folder (recreated)")
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
