"""Generate invented, labelled held-out FOI cases for the black-box scorer (../shared/eval/score.py).

Run: .venv/bin/python benchmarks/heldout/make_cases.py [OUT_DIR] [--validate]

Each case folder holds the attachments of one invented council's FOI reply and a labels.json in
the scorer's schema. The wording, layouts, date/money/phone formats and file producers deliberately
differ from the development corpus so the cases measure generalisation, not memory of dev strings.

Label ground rules (from the scorer README): staff names (also surname-only and initial forms),
direct phones, personal emails are s40 must_remove; councillors, job titles, team mailboxes and
allow-listed numbers are must_keep; for the firewall and anti-virus rows the supplier, vendor,
product, model, version, spend, dates, IPs and internal hostnames are s31 must_remove, while the
Microsoft EA, BI and other business-system rows are must_keep. Other security categories (email
and web filtering, MFA, SIEM) are labelled s31 too but listed in OUT_DIR/extended_scope.json so
their results can be read separately; backup products are left unlabelled as genuinely arguable.

--validate re-reads every generated input with the scorer's own extractors and checks that every
label is present before redaction and that no must_keep label contains a must_remove label.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240917
ICO = ("You can also complain to the Information Commissioner's Office, Wycliffe House, "
       "Water Lane, Wilmslow, Cheshire SK9 5AF.")

# --------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------


class FileLabels:
    """Collects the labels of one attachment while its text is composed."""

    def __init__(self):
        self.rm: dict[str, dict] = {}
        self.kp: dict[str, dict] = {}
        self.allow: list[str] = []
        self._ext: set[str] = set()
        self._core: set[str] = set()
        # True while planting a hidden row: a tool may rightly empty hidden rows, so a value seen only
        # there is not labelled must_keep
        self.suppress_keep = False

    # must_remove ---------------------------------------------------------------------------
    def r(self, text: str, cat: str, where: str, kind: str, variants=None, ext=False) -> str:
        lab = self.rm.get(text)
        if lab is None:
            lab = {"text": text, "category": cat, "where": where, "kind": kind}
            if variants:
                lab["variants"] = list(variants)
            self.rm[text] = lab
        elif where != lab["where"] and where not in lab.get("also", []):
            lab.setdefault("also", []).append(where)
        (self._ext if ext else self._core).add(text)
        return text

    @property
    def extended(self) -> set[str]:
        """Labels planted only in rows of the extra security categories (email/web filtering, MFA, SIEM)."""
        return self._ext - self._core

    def name(self, text, where="table"):
        return self.r(text, "s40", where, "name")

    def sur(self, text, where="prose"):
        return self.r(text, "s40", where, "surname")

    def phone(self, text, where="table", variants=None):
        return self.r(text, "s40", where, "phone", variants)

    def email(self, text, where="table"):
        return self.r(text, "s40", where, "email")

    def sec(self, text, kind, where="table", ext=False):
        return self.r(text, "s31", where, kind, ext=ext)

    # must_keep -----------------------------------------------------------------------------
    def k(self, text: str, kind: str, alt=None) -> str:
        if self.suppress_keep:
            return text
        if text not in self.kp:
            lab = {"text": text, "kind": kind}
            if alt:
                lab["alt"] = list(alt)
            self.kp[text] = lab
        return text

    def a(self, text: str, kind: str) -> str:
        """An allow-listed value: kept, and passed to the tool with --allow."""
        if text not in self.allow and not self.suppress_keep:
            self.allow.append(text)
        return self.k(text, kind)

    def as_json(self) -> dict:
        return {"must_remove": list(self.rm.values()), "must_keep": list(self.kp.values()),
                "allow": list(self.allow)}


class Case:
    """One invented council's reply: attachments written into a folder plus their labels."""

    def __init__(self, out: Path, slug: str, council: str):
        self.dir = out / slug
        self.dir.mkdir(parents=True, exist_ok=True)
        self.slug = slug
        self.council = council
        self.files: dict[str, FileLabels] = {}

    def file(self, name: str) -> tuple[Path, FileLabels]:
        lab = FileLabels()
        self.files[name] = lab
        return self.dir / name, lab

    def finish(self) -> dict:
        allow: list[str] = []
        for lab in self.files.values():
            for a in lab.allow:
                if a not in allow:
                    allow.append(a)
        data = {"case": self.slug, "council": self.council, "allow": allow,
                "files": {n: lab.as_json() for n, lab in self.files.items()}}
        (self.dir / "labels.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                              encoding="utf-8")
        return {n: sorted(lab.extended) for n, lab in self.files.items() if lab.extended}


# --------------------------------------------------------------------------------------------
# Formats of dates, money and spreadsheet values
# --------------------------------------------------------------------------------------------


def ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def d_ord(d: dt.date) -> str:          # 1st April 2024
    return f"{ordinal(d.day)} {d:%B %Y}"


def d_dot(d: dt.date) -> str:          # 01.04.2024
    return f"{d:%d.%m.%Y}"


def d_long(d: dt.date) -> str:         # 1 April 2024
    return f"{d.day} {d:%B %Y}"


def d_my(d: dt.date) -> str:           # April 2024
    return f"{d:%B %Y}"


def d_abbr(d: dt.date) -> str:         # 1 Apr 2024
    return f"{d.day} {d:%b %Y}"


def d_slash(d: dt.date) -> str:        # 01/04/2024
    return f"{d:%d/%m/%Y}"


def d_iso(d: dt.date) -> str:
    return d.isoformat()


def serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def m_pounds(v: int, pence=False) -> str:   # £42,750 / £42,750.00
    return f"£{v:,.2f}" if pence else f"£{v:,}"


def m_gbp(v: int) -> str:                   # 12,500.00 GBP
    return f"{v:,.2f} GBP"


def m_k(v: int) -> str:                     # £12.5k
    s = f"{v / 1000:.1f}".rstrip("0").rstrip(".")
    return f"£{s}k"


# --------------------------------------------------------------------------------------------
# Domain model
# --------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Person:
    name: str
    title: str
    phone: str = ""
    email: str = ""
    mobile: str = ""
    surname: str = ""
    honorific: str = ""

    def __post_init__(self):
        if not self.surname:
            self.surname = self.name.split()[-1]


@dataclass
class Contract:
    area: str
    kind: str                   # fw, av, ea, bi, biz, ext (other security), backup
    supplier: str
    vendor: str
    product: str
    spend: int
    start: dt.date
    end: dt.date
    officer: Person | None = None
    model: str = ""
    version: str = ""
    licences: int = 0
    desc: str = ""
    hosts: list = field(default_factory=list)    # [(hostname, ip)]
    products: list = field(default_factory=list)  # kept product list for EA

    @property
    def secure(self) -> bool:
        return self.kind in ("fw", "av", "ext")

    @property
    def ext(self) -> bool:
        return self.kind == "ext"


_FIELD_KIND = {"supplier": "vendor", "vendor": "vendor", "product": "product", "model": "model",
               "version": "version"}


def pv(lab: FileLabels, c: Contract, fld: str, where="table") -> str:
    """One supplier/vendor/product/model/version value, labelled by its row's sensitivity."""
    val = getattr(c, fld)
    if fld == "products":
        return ", ".join(lab.k(p, "product") for p in c.products)
    if not val:
        return ""
    if c.kind == "backup":
        return val
    if c.secure:
        if val == "Microsoft":
            return val      # stays: Microsoft is also the releasable EA vendor
        return lab.sec(val, _FIELD_KIND[fld], where, ext=c.ext)
    return lab.k(val, "vendor" if fld in ("supplier", "vendor") else "product")


def brand(lab: FileLabels, c: Contract, tpl: str, where="table") -> str:
    """Fill a template such as '{vendor} {model} on {product} {version}' with labelled values."""
    import string
    names = list(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(tpl) if f))
    return " ".join(tpl.format(**{f: pv(lab, c, f, where) for f in names}).split())


def plant(lab: FileLabels, c: Contract, text: str, kind: str, where="table", alt=None) -> str:
    """Label one spend/date value by the sensitivity of its contract row."""
    if c.secure:
        return lab.sec(text, kind, where, ext=c.ext)
    if c.kind == "backup":
        return text
    return lab.k(text, kind, alt=alt)


# --------------------------------------------------------------------------------------------
# PDF helpers (reportlab for flowing documents, PyMuPDF for drawn pages and annotations)
# --------------------------------------------------------------------------------------------


def rl_styles(ttf=False):
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    regular, bold = "Helvetica", "Helvetica-Bold"
    if ttf and all(Path(p).exists() for p in MuWriter.TTF.values()):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        pdfmetrics.registerFont(TTFont("DejaVu", MuWriter.TTF["regular"]))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", MuWriter.TTF["bold"]))
        regular, bold = "DejaVu", "DejaVu-Bold"
    ss = getSampleStyleSheet()
    body = ParagraphStyle("b", parent=ss["BodyText"], fontName=regular, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("s", parent=body, fontSize=7.2, leading=8.8)
    head = ParagraphStyle("h", parent=ss["Heading3"], fontName=bold, fontSize=11, spaceBefore=8)
    title = ParagraphStyle("t", parent=ss["Title"], fontName=bold, fontSize=15)
    return body, small, head, title


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rl_table(rows, widths, small, header=True, grid="#444444", zebra=False):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle
    data = [[Paragraph(esc(str(c)), small) for c in r] for r in rows]
    t = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(grid)), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9e2ef")))
    if zebra:
        for i in range(2, len(rows), 2):
            style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f3f3f3")))
    t.setStyle(TableStyle(style))
    return t


def rl_build(path: Path, story, *, author="", title="", subject="", keywords="", landscape_=False,
             on_page=None):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate
    size = landscape(A4) if landscape_ else A4
    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm, author=author, title=title,
                            subject=subject, keywords=keywords, creator="Microsoft Word",
                            invariant=1)
    kw = {}
    if on_page:
        kw = {"onFirstPage": on_page, "onLaterPages": on_page}
    doc.build(story, **kw)


class MuWriter:
    """Line-by-line PyMuPDF page writer with wrapping, for letters drawn with insert_text."""

    TTF = {"regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
           "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}

    def __init__(self, landscape_=False, fontsize=9.5, ttf=False):
        import pymupdf
        self.pymupdf = pymupdf
        self.doc = pymupdf.open()
        # an embedded TrueType font (subset, Identity-H) when available: extractors must use ToUnicode
        self.ttf = ttf and all(Path(p).exists() for p in self.TTF.values())
        self.fonts = {}
        if self.ttf:
            self.fonts = {"lsr": pymupdf.Font(fontfile=self.TTF["regular"]),
                          "lsb": pymupdf.Font(fontfile=self.TTF["bold"])}
        self.w, self.h = (842, 595) if landscape_ else (595, 842)
        self.fs = fontsize
        self.margin = 50
        self.page = None
        self.y = 0
        self.new_page()

    def new_page(self):
        self.page = self.doc.new_page(width=self.w, height=self.h)
        if self.ttf:
            self.page.insert_font(fontname="lsr", fontfile=self.TTF["regular"])
            self.page.insert_font(fontname="lsb", fontfile=self.TTF["bold"])
        self.y = self.margin

    def font(self, bold=False):
        if self.ttf:
            return "lsb" if bold else "lsr"
        return "hebo" if bold else "helv"

    def length(self, s, font, size):
        if self.ttf:
            return self.fonts[font].text_length(s, fontsize=size)
        return self.pymupdf.get_text_length(s, fontname=font, fontsize=size)

    def ensure(self, dy):
        if self.y + dy > self.h - self.margin:
            self.new_page()

    def text(self, s, bold=False, size=None, gap=3, indent=0):
        size = size or self.fs
        font = self.font(bold)
        width = self.w - 2 * self.margin - indent
        lines, cur = [], ""
        for word in s.split(" "):
            trial = (cur + " " + word).strip()
            if self.length(trial, font, size) > width and cur:
                lines.append(cur)
                cur = word
            else:
                cur = trial
        lines.append(cur)
        rects = []
        for ln in lines:
            self.ensure(size * 1.35)
            self.y += size * 1.25
            self.page.insert_text((self.margin + indent, self.y), ln, fontname=font, fontsize=size)
            rects.append(self.pymupdf.Rect(self.margin + indent, self.y - size,
                                           self.margin + indent + self.length(ln, font, size), self.y + 2))
        self.y += gap
        return rects

    def grid(self, rows, widths, size=7.5, header=True):
        """A ruled table of single-line cells (text is clipped by width, so keep cells short)."""
        x0 = self.margin
        rh = size * 1.9
        for i, r in enumerate(rows):
            self.ensure(rh)
            x = x0
            for c, w in zip(r, widths):
                rect = self.pymupdf.Rect(x, self.y, x + w, self.y + rh)
                self.page.draw_rect(rect, color=(0.3, 0.3, 0.3), width=0.4,
                                    fill=(0.85, 0.89, 0.94) if header and i == 0 else None)
                self.page.insert_text((x + 2, self.y + rh - size * 0.6), str(c),
                                      fontname=self.font(header and i == 0), fontsize=size)
                x += w
            self.y += rh
        self.y += 6

    def save(self, path: Path, metadata: dict):
        if self.ttf:
            self.doc.subset_fonts()
        self.doc.set_metadata(metadata)
        self.doc.save(str(path), garbage=3, deflate=True)
        self.doc.close()


# --------------------------------------------------------------------------------------------
# DOCX helpers
# --------------------------------------------------------------------------------------------


def docx_tracked(paragraph, author: str, inserted: str = "", deleted: str = "", date="2024-10-02T09:14:00Z"):
    """Append a tracked insertion and/or deletion (w:ins / w:del) to a python-docx paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    rid = [900 + len(paragraph._p)]
    for tag, txt, ttag in (("w:del", deleted, "w:delText"), ("w:ins", inserted, "w:t")):
        if not txt:
            continue
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(rid[0]))
        rid[0] += 1
        el.set(qn("w:author"), author)
        el.set(qn("w:date"), date)
        r = OxmlElement("w:r")
        t = OxmlElement(ttag)
        t.set(qn("xml:space"), "preserve")
        t.text = txt
        r.append(t)
        el.append(r)
        paragraph._p.append(el)


def docx_hyperlink(paragraph, url: str, text: str):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), rid)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    h.append(r)
    paragraph._p.append(h)


def docx_table(doc, rows, style="Table Grid", bold_header=True):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = style
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            cell = t.cell(i, j)
            cell.text = str(v)
            if bold_header and i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return t


def docx_meta(doc, author, last_by="", title="", comments="", keywords=""):
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = last_by or author
    cp.title = title
    cp.comments = comments
    cp.keywords = keywords
    cp.created = dt.datetime(2024, 10, 1, 9, 0, 0)
    cp.modified = dt.datetime(2024, 10, 3, 16, 30, 0)
    cp.revision = 3


# --------------------------------------------------------------------------------------------
# Table columns: each getter returns a cell value and labels it as it goes
# --------------------------------------------------------------------------------------------


@dataclass
class Team:
    name: str
    phone: str = ""
    mailbox: str = ""
    phone_allowed: bool = True
    mailbox_allowed: bool = True


def _is_team(o) -> bool:
    return isinstance(o, Team)


def C_area():
    return lambda lab, c, w: c.area


def C_fld(f):
    return lambda lab, c, w: pv(lab, c, f, w)


def C_brand(tpl, tpl_ea="{products}"):
    def g(lab, c, w):
        if c.kind == "ea":
            lab.k("Microsoft", "vendor")
            return brand(lab, c, tpl_ea, w)
        return brand(lab, c, tpl, w)
    return g


def C_spend(fmt=None):
    """fmt None: a real number (XLSX), labelled with the stored value."""
    def g(lab, c, w):
        if fmt is None:
            plant(lab, c, str(c.spend), "spend", w, alt=[f"{c.spend:,}", f"{c.spend:,.2f}"])
            return c.spend
        return plant(lab, c, fmt(c.spend), "spend", w)
    return g


def C_date(which, fmt=None, xl_fmt=d_slash):
    """fmt None: a real date cell (XLSX), labelled with its serial."""
    def g(lab, c, w):
        d = getattr(c, which)
        if fmt is None:
            plant(lab, c, str(serial(d)), "date", w, alt=[xl_fmt(d), d_iso(d)])
            return d
        return plant(lab, c, fmt(d), "date", w)
    return g


def C_officer(fmt=lambda p: p.name):
    def g(lab, c, w):
        o = c.officer
        if o is None:
            return ""
        if _is_team(o):
            return lab.k(o.name, "team")
        return lab.name(fmt(o), w)
    return g


def C_title():
    def g(lab, c, w):
        o = c.officer
        if o is None or _is_team(o):
            return ""
        return lab.k(o.title, "title")
    return g


def contact_phone(lab, o, w):
    if o is None or not o.phone:
        return ""
    if _is_team(o):
        return lab.a(o.phone, "phone") if o.phone_allowed else lab.phone(o.phone, w)
    return lab.phone(o.phone, w)


def contact_email(lab, o, w):
    if o is None or not getattr(o, "mailbox" if _is_team(o) else "email"):
        return ""
    if _is_team(o):
        return lab.a(o.mailbox, "mailbox") if o.mailbox_allowed else lab.k(o.mailbox, "mailbox")
    return lab.email(o.email, w)


def C_phone():
    return lambda lab, c, w: contact_phone(lab, c.officer, w)


def C_email():
    return lambda lab, c, w: contact_email(lab, c.officer, w)


def C_mobile():
    def g(lab, c, w):
        o = c.officer
        if o is None or _is_team(o) or not o.mobile:
            return ""
        return lab.phone(o.mobile, w)
    return g


def C_hosts(sep="; ", fmt="{h} {ip}"):
    def g(lab, c, w):
        if not c.hosts:
            return ""
        return sep.join(fmt.format(h=lab.sec(h, "hostname", w, ext=c.ext), ip=lab.sec(ip, "ip", w, ext=c.ext))
                        for h, ip in c.hosts)
    return g


def C_licences(fmt="{:,}"):
    return lambda lab, c, w: fmt.format(c.licences) if c.licences else ""


def C_int_licences():
    return lambda lab, c, w: c.licences or ""


def C_term():
    def g(lab, c, w):
        months = (c.end.year - c.start.year) * 12 + c.end.month - c.start.month + (1 if c.end.day > c.start.day else 0)
        return f"{months} months"
    return g


def table_rows(lab, contracts, cols, where="table", hidden_cols=()):
    """Header row plus one row per contract; columns named in hidden_cols are labelled hidden-column."""
    rows = [[h for h, _ in cols]]
    lab.suppress_keep = where == "hidden-row"
    try:
        for c in contracts:
            rows.append([g(lab, c, "hidden-column" if h in hidden_cols else where) for h, g in cols])
    finally:
        lab.suppress_keep = False
    return rows


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def write_csv(path: Path, rows, delimiter=",", bom=False, crlf=True):
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
        for r in rows:
            w.writerow(["" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v)
                        for v in r])


def render_rl(path: Path, blocks, meta: dict, landscape_=False, ttf=False):
    """Render a block list with ReportLab: ('h'|'p'|'small'|'title', text), ('table', rows, widths[, header]),
    ('space', mm), ('kv', rows, widths) for label/value notices."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer
    body, small, head, title = rl_styles(ttf)
    story = []
    for b in blocks:
        k = b[0]
        if k == "p":
            story.append(Paragraph(esc(b[1]), body))
        elif k == "small":
            story.append(Paragraph(esc(b[1]), small))
        elif k == "li":
            story.append(Paragraph(esc(b[1]), body, bulletText="\u2022"))
        elif k == "h":
            story.append(Paragraph(esc(b[1]), head))
        elif k == "title":
            story.append(Paragraph(esc(b[1]), title))
        elif k == "space":
            story.append(Spacer(1, b[1] * mm))
        elif k == "table":
            header = b[3] if len(b) > 3 else True
            story.append(rl_table(b[1], [w * mm for w in b[2]], small, header=header, zebra=True))
            story.append(Spacer(1, 3 * mm))
        elif k == "kv":
            story.append(rl_table(b[1], [w * mm for w in b[2]], body, header=False, grid="#999999"))
            story.append(Spacer(1, 4 * mm))
    rl_build(path, story, author=meta.get("author", ""), title=meta.get("title", ""),
             subject=meta.get("subject", ""), keywords=meta.get("keywords", ""), landscape_=landscape_)


def render_mu(path: Path, blocks, meta: dict, landscape_=False, fontsize=9.5, ttf=False):
    """Render a block list by drawing text with PyMuPDF (grid tables hold single-line cells)."""
    w = MuWriter(landscape_, fontsize, ttf)
    for b in blocks:
        k = b[0]
        if k in ("p", "small"):
            w.text(b[1], size=fontsize if k == "p" else fontsize - 1.5)
        elif k == "ind":
            w.text(b[1], indent=18)
        elif k == "li":
            w.text("- " + b[1], indent=12)
        elif k == "h":
            w.text(b[1], bold=True, size=fontsize + 1.5, gap=4)
        elif k == "title":
            w.text(b[1], bold=True, size=fontsize + 5, gap=8)
        elif k == "space":
            w.y += b[1] * 2.8
        elif k in ("table", "kv"):
            w.grid(b[1], b[2], header=(k == "table"))
    w.save(path, meta)


def pdf_post(path: Path, boxes=(), annots=(), toc=None, metadata=None, links=()):
    """Add fake black boxes over still-present text, sticky-note annotations and bookmarks; full save."""
    import pymupdf
    doc = pymupdf.open(str(path))
    for s in boxes:
        hit = False
        for page in doc:
            for r in page.search_for(s):
                page.draw_rect(r + (-1, -1, 1, 1), color=(0, 0, 0), fill=(0, 0, 0))
                hit = True
        assert hit, f"fake box target not found: {s!r}"
    for page_no, point, author, content in annots:
        a = doc[page_no].add_text_annot(point, content)
        a.set_info(title=author, content=content, subject="Review comment")
        a.update()
    for anchor, uri in links:
        for page in doc:
            for r in page.search_for(anchor):
                page.insert_link({"kind": pymupdf.LINK_URI, "from": r, "uri": uri})
    if toc:
        doc.set_toc(toc)
    if metadata:
        m = doc.metadata
        m.update(metadata)
        doc.set_metadata(m)
    tmp = path.with_suffix(".tmp.pdf")
    doc.save(str(tmp), garbage=4, deflate=True)
    doc.close()
    tmp.replace(path)


def render_docx(path: Path, blocks, *, meta: dict, header="", footer="", first_header=""):
    """Blocks: ('title'|'h'|'p', text), ('table', rows), ('comment', text, anchor, comment, author, initials),
    ('tracked', text, inserted, deleted, author), ('link', text, url, linktext, tail),
    ('bullets', [text...])."""
    import docx
    from docx.shared import Pt
    d = docx.Document()
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(10)
    for b in blocks:
        k = b[0]
        if k == "title":
            d.add_heading(b[1], level=1)
        elif k == "h":
            d.add_heading(b[1], level=2)
        elif k == "p":
            d.add_paragraph(b[1])
        elif k == "bullets":
            for t in b[1]:
                d.add_paragraph(t, style="List Bullet")
        elif k == "table":
            docx_table(d, b[1])
            d.add_paragraph("")
        elif k == "comment":
            _, text, anchor, ctext, author, initials = b
            p = d.add_paragraph()
            i = text.index(anchor)
            if i:
                p.add_run(text[:i])
            run = p.add_run(anchor)
            if text[i + len(anchor):]:
                p.add_run(text[i + len(anchor):])
            d.add_comment(run, text=ctext, author=author, initials=initials)
        elif k == "tracked":
            _, text, ins, dele, author = b
            p = d.add_paragraph(text)
            docx_tracked(p, author, inserted=ins, deleted=dele)
        elif k == "link":
            _, text, url, ltext, tail = b
            p = d.add_paragraph(text)
            docx_hyperlink(p, url, ltext)
            if tail:
                p.add_run(tail)
    sec = d.sections[0]
    if header:
        sec.header.paragraphs[0].text = header
    if footer:
        sec.footer.paragraphs[0].text = footer
    if first_header:
        sec.different_first_page_header_footer = True
        sec.first_page_header.paragraphs[0].text = first_header
    docx_meta(d, **meta)
    d.save(str(path))


def C_email_formula():
    def g(lab, c, w):
        o = c.officer
        if o is None or _is_team(o):
            return contact_email(lab, o, w)
        e = lab.email(o.email, "formula")
        return f'=HYPERLINK("mailto:{e}","{e}")'
    return g


def C_phone_formula():
    def g(lab, c, w):
        o = c.officer
        if o is None or _is_team(o):
            return contact_phone(lab, o, w)
        digits = "".join(ch for ch in o.phone if ch.isdigit())
        intl = "+44" + digits[1:] if digits.startswith("0") else "+" + digits
        lab.phone(o.phone, "formula", variants=[intl])
        return f'=HYPERLINK("tel:{intl}","{o.phone}")'
    return g


def _is_money(header: str) -> bool:
    h = header.lower()
    return any(k in h for k in ("value", "cost", "spend", "£", "price", "charge"))


def _xl_value(v):
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    return v


def xlsx_openpyxl(path: Path, sheet: str, heading: str, rows, *, date_fmt="dd/mm/yyyy",
                  money_fmt='"£"#,##0.00', hidden_cols=(), hidden_rows=(), comments=None,
                  fills=(), props=None, extra_sheets=(), table_name=None, widths=None):
    """A row-per-contract register. rows[0] is the header row; comments/fills are keyed by
    (row index in rows, header)."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws["A1"] = heading
    ws["A1"].font = Font(bold=True, size=13)
    top = 3
    hdr = rows[0]
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            cell = ws.cell(row=top + i, column=j + 1, value=_xl_value(v) if v != "" else None)
            if i == 0:
                cell.font = Font(bold=True)
            elif isinstance(v, dt.date):
                cell.number_format = date_fmt
            elif isinstance(v, int) and _is_money(hdr[j]):
                cell.number_format = money_fmt
    for h in hidden_cols:
        ws.column_dimensions[get_column_letter(hdr.index(h) + 1)].hidden = True
    for ri in hidden_rows:
        ws.row_dimensions[top + ri].hidden = True
    for (ri, h), (text, author) in (comments or {}).items():
        cm = Comment(text, author)
        cm.width, cm.height = 260, 90
        ws.cell(row=top + ri, column=hdr.index(h) + 1).comment = cm
    for ri, h in fills:
        cell = ws.cell(row=top + ri, column=hdr.index(h) + 1)
        cell.fill = PatternFill("solid", fgColor="FF000000")
        cell.font = Font(color="FF000000")
    for j, wdt in enumerate(widths or []):
        ws.column_dimensions[get_column_letter(j + 1)].width = wdt
    if table_name:
        from openpyxl.worksheet.table import Table, TableStyleInfo
        ref = f"A{top}:{get_column_letter(len(hdr))}{top + len(rows) - 1}"
        t = Table(displayName=table_name, ref=ref)
        t.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(t)
    for name, srows, state in extra_sheets:
        es = wb.create_sheet(name)
        for r in srows:
            es.append([_xl_value(v) for v in r])
        es.sheet_state = state
    p = props or {}
    wb.properties.creator = p.get("creator", "")
    wb.properties.lastModifiedBy = p.get("lastModifiedBy", "")
    wb.properties.title = p.get("title", "")
    wb.properties.description = p.get("description", "")
    wb.properties.created = dt.datetime(2024, 9, 30, 10, 0, 0)
    wb.properties.modified = dt.datetime(2024, 10, 2, 15, 0, 0)
    wb.save(str(path))


def xlsx_transposed(path: Path, sheet: str, heading: str, rows, *, date_fmt="d mmmm yyyy",
                    money_fmt='"£"#,##0', hidden_fields=(), comments=None, fills=(), props=None,
                    header_footer=("", ""), extra_sheets=(), col_width=30):
    """Fields down column A, one contract per column (XlsxWriter). Comments/fills are keyed by
    (contract index from 1, field header)."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": True})
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    datef = wb.add_format({"num_format": date_fmt, "valign": "top", "align": "left"})
    moneyf = wb.add_format({"num_format": money_fmt, "valign": "top", "align": "left"})
    black = wb.add_format({"bg_color": "#000000", "font_color": "#000000", "text_wrap": True})
    ws.write(0, 0, heading, wb.add_format({"bold": True, "font_size": 13}))
    hdr = rows[0]
    fill_set = set(fills)
    for fi, h in enumerate(hdr):
        r = 2 + fi
        ws.write(r, 0, h, bold)
        for ci, row in enumerate(rows[1:], start=1):
            v = row[fi]
            fmt = black if (ci, h) in fill_set else wrap
            if isinstance(v, dt.date):
                ws.write_datetime(r, ci, _xl_value(v), datef)
            elif isinstance(v, int):
                ws.write_number(r, ci, v, (moneyf if _is_money(h) else wrap) if fmt is wrap else fmt)
            elif isinstance(v, str) and v.startswith("="):
                ws.write_formula(r, ci, v, fmt)
            elif v == "":
                ws.write_blank(r, ci, None, fmt)
            else:
                ws.write_string(r, ci, v, fmt)
        if h in hidden_fields:
            ws.set_row(r, None, None, {"hidden": True})
    ws.set_column(0, 0, 26)
    ws.set_column(1, len(rows) - 1, col_width)
    for (ci, h), (text, author) in (comments or {}).items():
        ws.write_comment(2 + hdr.index(h), ci, text, {"author": author, "x_scale": 2, "y_scale": 1.5})
    if header_footer[0]:
        ws.set_header(header_footer[0])
    if header_footer[1]:
        ws.set_footer(header_footer[1])
    for name, srows, state in extra_sheets:
        es = wb.add_worksheet(name)
        for ri, r in enumerate(srows):
            for cj, v in enumerate(r):
                if isinstance(v, dt.date):
                    es.write_datetime(ri, cj, _xl_value(v), datef)
                else:
                    es.write(ri, cj, v)
        if state == "hidden":
            es.hide()
        elif state == "veryHidden":
            es.very_hidden()
    p = dict(props or {})
    p.setdefault("created", dt.datetime(2024, 10, 4, 9, 30, 0))
    wb.set_properties(p)
    wb.close()


def xlsx_sheet_per_area(path: Path, rows, sheet_names, *, props=None, date_fmt="dd.mm.yyyy",
                        money_fmt="#,##0.00 \"GBP\"", comments=None, hidden_sheets=(), notes_sheet=None):
    """One key/value sheet per contract (XlsxWriter)."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": True})
    bold = wb.add_format({"bold": True})
    datef = wb.add_format({"num_format": date_fmt, "align": "left"})
    moneyf = wb.add_format({"num_format": money_fmt, "align": "left"})
    hdr = rows[0]
    for si, (row, name) in enumerate(zip(rows[1:], sheet_names), start=1):
        ws = wb.add_worksheet(name)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 60)
        for fi, (h, v) in enumerate(zip(hdr, row)):
            ws.write(fi, 0, h, bold)
            if isinstance(v, dt.date):
                ws.write_datetime(fi, 1, _xl_value(v), datef)
            elif isinstance(v, int):
                ws.write_number(fi, 1, v, moneyf if _is_money(h) else None)
            elif isinstance(v, str) and v.startswith("="):
                ws.write_formula(fi, 1, v)
            elif v != "":
                ws.write_string(fi, 1, v)
        for (ci, h), (text, author) in (comments or {}).items():
            if ci == si:
                ws.write_comment(hdr.index(h), 1, text, {"author": author})
        if name in hidden_sheets:
            ws.hide()
    if notes_sheet:
        name, srows, state = notes_sheet
        ws = wb.add_worksheet(name)
        for ri, r in enumerate(srows):
            for cj, v in enumerate(r):
                ws.write(ri, cj, v)
        if state == "hidden":
            ws.hide()
    p = dict(props or {})
    p.setdefault("created", dt.datetime(2024, 10, 4, 9, 30, 0))
    wb.set_properties(p)
    wb.close()


# --------------------------------------------------------------------------------------------
# Case 1: Thornleigh MBC - ReportLab letter with prose per area and a wrapped summary table;
# openpyxl register with real dates/numbers, hidden column, hidden contacts sheet, comment,
# HYPERLINK formula; CSV with "12,500.00 GBP" money and dotted dates.
# --------------------------------------------------------------------------------------------


def case_thornleigh(out: Path, rng: random.Random) -> Case:
    cs = Case(out, "ho-01-thornleigh", "Thornleigh Metropolitan Borough Council")
    dom = "thornleigh.gov.uk"
    switch, foi = "0113 496 0500", f"freedomofinformation@{dom}"
    team = Team("ICT Commissioning Team", "0113 496 0777", f"ictcommissioning@{dom}")
    okafor = Person("Chukwuemeka Okafor", "Network Services Manager", "0113 496 0218", f"c.okafor@{dom}",
                    mobile="07700 900417")
    patel = Person("Jaswinder Patel", "Endpoint Security Lead", "+44 (0)113 496 0342", f"jaswinder.patel@{dom}",
                   mobile="07700900583")
    orourke = Person("Siobhan O'Rourke", "Commercial Lead (Technology)", "0113 496 0419", f"siobhan.orourke@{dom}")
    mctavish = Person("Hamish McTavish", "BI Platform Owner", "0113 4960563", f"hamishmctavish@{dom}")
    macleod = Person("Eilidh MacLeod", "Information Rights Officer", "0113 496 0129", f"e.macleod@{dom}")
    adeyemi = Person("Oluwaseun Adeyemi-Clarke", "Finance Business Partner", "0113 496 0655",
                     f"o.adeyemi-clarke@{dom}", mobile="07700 900734")
    fw = Contract("Perimeter firewall", "fw", "Computacenter", "Palo Alto Networks", "PAN-OS", 42750,
                  dt.date(2022, 4, 1), dt.date(2025, 3, 31), okafor, model="PA-3220", version="10.2.4",
                  licences=2, hosts=[("pa-edge01.thornleigh.local", "10.40.1.254"),
                                     ("pa-edge02.thornleigh.local", "10.40.1.253")])
    av = Contract("Endpoint protection (anti-virus / EDR)", "av", "Insight Direct", "CrowdStrike",
                  "Falcon Enterprise", 12500, dt.date(2023, 10, 1), dt.date(2026, 9, 30), patel,
                  version="7.11.18110", licences=2350, hosts=[("cs-relay01.thornleigh.local", "10.40.8.21")])
    ea = Contract("Microsoft Enterprise Agreement", "ea", "Softcat", "Microsoft", "Microsoft 365 E5", 389400,
                  dt.date(2023, 7, 1), dt.date(2026, 6, 30), orourke, licences=2210,
                  products=["Microsoft 365 E5", "Windows 11 Enterprise E5", "Azure"])
    bi = Contract("Business intelligence", "bi", "CDW UK", "Salesforce", "Tableau Creator", 18900,
                  dt.date(2024, 1, 15), dt.date(2025, 1, 14), mctavish, licences=35)
    pay = Contract("Payroll and HR", "biz", "MHR International", "", "iTrent", 96250,
                   dt.date(2021, 11, 1), dt.date(2026, 10, 31), team, licences=3100)
    bak = Contract("Backup and recovery", "backup", "Daisy Corporate Services", "Veeam",
                   "Backup & Replication", 27300, dt.date(2022, 8, 1), dt.date(2025, 7, 31), team, licences=180)
    ref = "FOI/24/0412"
    cllr = "Adebayo Ogunleye"

    # ---- response letter (ReportLab) --------------------------------------------------------
    path, L = cs.file(f"FOI 24-0412 Response.pdf")
    B = [("title", L.k(cs.council, "org")),
         ("small", f"Civic Centre, Market Street, Thornleigh TH1 4QP. Switchboard: {L.a(switch, 'phone')}. "
                   f"Email: {L.a(foi, 'mailbox')}"),
         ("space", 4),
         ("p", f"Our reference: {L.k(ref, 'ref')}"), ("p", "Date: 18 November 2024"),
         ("p", "Dear Requester,"),
         ("h", "Re: Request for information about ICT contracts"),
         ("p", L.k("We received your request on 4 November 2024 and have considered it under the Freedom "
                   "of Information Act 2000. Our response to each part of the request follows.", "prose")),
         ("h", "1. Perimeter firewall"),
         ("p", f"The Council's perimeter firewall service is supplied by {pv(L, fw, 'supplier', 'prose')} under a "
               f"three-year agreement worth {plant(L, fw, m_pounds(fw.spend, True), 'spend', 'prose')} per annum, "
               f"beginning {plant(L, fw, d_ord(fw.start), 'date', 'prose')} and due for renewal on "
               f"{plant(L, fw, d_ord(fw.end), 'date', 'prose')}. The estate is a high-availability pair of "
               f"{brand(L, fw, '{vendor} {model} appliances on {product} {version}', 'prose')} "
               f"({L.sec('pa-edge01.thornleigh.local', 'hostname', 'prose')}, "
               f"{L.sec('10.40.1.254', 'ip', 'prose')}). The contract is overseen by "
               f"{L.name(okafor.name, 'prose')}, {L.k(okafor.title, 'title')}."),
         ("h", "2. Anti-virus and endpoint detection"),
         ("p", f"Endpoint protection is provided by {brand(L, av, '{vendor} {product}', 'prose')}, purchased "
               f"through {pv(L, av, 'supplier', 'prose')} at {plant(L, av, m_k(av.spend), 'spend', 'prose')} "
               f"a year from {plant(L, av, d_ord(av.start), 'date', 'prose')} to "
               f"{plant(L, av, d_ord(av.end), 'date', 'prose')}. Technical queries were answered by "
               f"{L.name('J. Patel', 'prose')} ({L.k(patel.title, 'title')}, "
               f"{L.phone(patel.phone, 'prose')})."),
         ("h", "3. Microsoft Enterprise Agreement"),
         ("p", f"The Council's Microsoft Enterprise Agreement is held with {pv(L, ea, 'supplier', 'prose')} and "
               f"covers {pv(L, ea, 'products', 'prose')}. The annual charge is "
               f"{plant(L, ea, m_pounds(ea.spend, True), 'spend', 'prose')} and the agreement runs from "
               f"{plant(L, ea, d_ord(ea.start), 'date', 'prose')} to {plant(L, ea, d_ord(ea.end), 'date', 'prose')}. "
               f"{L.k('Microsoft', 'vendor')} licensing is managed by {L.name(orourke.name, 'prose')}, "
               f"{L.k(orourke.title, 'title')}."),
         ("h", "4. Business intelligence platform"),
         ("p", f"We use {pv(L, bi, 'product', 'prose')} from {pv(L, bi, 'vendor', 'prose')}, bought through "
               f"{pv(L, bi, 'supplier', 'prose')} for {plant(L, bi, m_pounds(bi.spend, True), 'spend', 'prose')} "
               f"a year ({plant(L, bi, d_ord(bi.start), 'date', 'prose')} to "
               f"{plant(L, bi, d_ord(bi.end), 'date', 'prose')}). The {L.k(mctavish.title, 'title')} is "
               f"{L.name(mctavish.name, 'prose')} ({L.email(mctavish.email, 'prose')})."),
         ("h", "Summary of contracts"),
         ]
    cols = [("Contract area", C_area()), ("Supplier name", C_fld("supplier")),
            ("Technology", C_brand("{vendor} {product}")), ("Contract value (pa)", C_spend(lambda v: m_pounds(v, True))),
            ("Start", C_date("start", d_ord)), ("Renewal date", C_date("end", d_ord)),
            ("Lead officer", C_officer()), ("Contact", C_phone())]
    B.append(("table", table_rows(L, [fw, av, ea, bi], cols), [22, 24, 28, 20, 18, 19, 24, 19]))
    B += [("p", f"Mr {L.sur(okafor.surname)} has confirmed that the figures above are correct."),
          ("p", L.k(f"Councillor {L.k(cllr, 'councillor')}, Executive Member for Resources, has been made "
                    "aware of this request.", "prose")),
          ("p", L.k("Information identifying the Council's firewall and endpoint security products, suppliers "
                    "and renewal dates is exempt under section 31(1)(a) of the Act.", "prose")),
          ("p", L.k("Names and direct contact details of staff are withheld under section 40(2).", "prose")),
          ("p", f"If you have any questions about this response please contact the {L.k(team.name, 'team')} at "
                f"{L.a(team.mailbox, 'mailbox')} or on {L.a(team.phone, 'phone')}."),
          ("p", f"If you are unhappy with this response you may ask for an internal review by writing to "
                f"{foi}."),
          ("p", L.k(ICO, "prose")),
          ("space", 4), ("p", "Kind regards,"), ("space", 6),
          ("p", L.name(macleod.name, "signature")), ("p", L.k(macleod.title, "title")),
          ("p", f"Tel: {L.phone(macleod.phone, 'signature')} | {L.email(macleod.email, 'signature')}")]
    render_rl(path, B, {"author": L.name(macleod.name, "metadata"), "title": f"Response {ref}",
                        "subject": "Freedom of Information response",
                        "keywords": f"FOI; ICT contracts; {L.email(macleod.email, 'metadata')}"})

    # ---- register (openpyxl) ----------------------------------------------------------------
    path, L = cs.file("ICT_Contracts_2024.xlsx")
    cols = [("Contract area", C_area()), ("Supplier name", C_fld("supplier")), ("Manufacturer", C_fld("vendor")),
            ("Product", C_fld("product")), ("Model", C_fld("model")), ("Version", C_fld("version")),
            ("Contract value (pa)", C_spend()), ("Start date", C_date("start", xl_fmt=d_dot)),
            ("Renewal date", C_date("end", xl_fmt=d_dot)), ("Term", C_term()), ("Licence count", C_int_licences()),
            ("Contract Manager", C_officer()), ("Job title", C_title()), ("Direct line", C_phone()),
            ("Email", C_email_formula()), ("Technical notes", C_hosts(sep=" / ")), ("Mobile", C_mobile())]
    rows = table_rows(L, [fw, av, ea, bi, pay, bak], cols, hidden_cols=("Mobile",))
    L.k("Microsoft", "vendor")
    comments = {(1, "Contract value (pa)"): (
        f"Uplift agreed with {L.name(adeyemi.name, 'comment')} ({L.phone(adeyemi.mobile, 'comment')}) - "
        f"includes HA support", L.name(adeyemi.name, "comment"))}
    contacts = [["Name", "Role", "Direct line", "Mobile", "Email"]]
    for p in (okafor, patel, orourke, adeyemi):
        contacts.append([L.name(p.name, "hidden-sheet"), L.k(p.title, "title"),
                         L.phone(p.phone, "hidden-sheet"),
                         L.phone(p.mobile, "hidden-sheet") if p.mobile else "", L.email(p.email, "hidden-sheet")])
    contacts += [[], ["Device", "Address"],
                 [L.sec("pa-edge02.thornleigh.local", "hostname", "hidden-sheet"),
                  L.sec("10.40.1.253", "ip", "hidden-sheet")]]
    xlsx_openpyxl(path, "Contracts", f"{L.k(cs.council, 'org')} - ICT contracts ({L.k(ref, 'ref')})", rows,
                  date_fmt="dd.mm.yyyy", hidden_cols=("Mobile",), comments=comments,
                  extra_sheets=[("Contacts", contacts, "hidden")],
                  props={"creator": L.name(mctavish.name, "metadata"),
                         "lastModifiedBy": L.name(patel.name, "metadata"), "title": f"ICT contracts {ref}"},
                  widths=[30, 22, 18, 20, 10, 12, 14, 12, 12, 10, 10, 20, 26, 18, 34, 40, 16])

    # ---- CSV extract ------------------------------------------------------------------------
    path, L = cs.file("contracts_extract.csv")
    cols = [("Area", C_area()), ("Supplier name", C_fld("supplier")), ("Vendor", C_fld("vendor")),
            ("Product", C_fld("product")), ("Model", C_fld("model")), ("Software version", C_fld("version")),
            ("Contract value (pa)", C_spend(m_gbp)), ("Start", C_date("start", d_dot)),
            ("Renewal date", C_date("end", d_dot)), ("Lead officer", C_officer()), ("Officer title", C_title()),
            ("Telephone", C_phone()), ("Email", C_email()), ("Technical notes", C_hosts(fmt="{h} {ip}"))]
    rows = table_rows(L, [fw, av, ea, bi, pay], cols)
    L.k("Microsoft", "vendor")
    write_csv(path, rows)
    return cs


# --------------------------------------------------------------------------------------------
# Case 2: Coldharbour DC - PyMuPDF letter in question/answer form with an embedded TrueType font,
# a fake black box, a sticky-note annotation and a bookmark; DOCX memo with tracked changes,
# comments, header/footer and metadata; XlsxWriter transposed overview with hidden rows,
# black-filled cell, header/footer, comment and a hidden lookup sheet.
# --------------------------------------------------------------------------------------------


def case_coldharbour(out: Path, rng: random.Random) -> Case:
    cs = Case(out, "ho-02-coldharbour", "Coldharbour District Council")
    dom = "coldharbour-dc.gov.uk"
    switch, foi = "020 7946 0100", f"foi@{dom}"
    team = Team("Digital Services", "020 7946 0321", f"digital.services@{dom}")
    wis = Person("Marek Wiśniewski", "Senior Network Engineer", "020 7946 0874", f"m.wisniewski@{dom}",
                 mobile="07700 900 261")
    eze = Person("Nkechi Eze", "Cyber Security Officer", "+44 20 7946 0593", f"nkechi.eze@{dom}",
                 mobile="+44 7700 900318")
    ash = Person("Tom Ashworth-Hale", "ICT Contracts and Licensing Manager", "020 7946 0467", f"tashworthhale@{dom}")
    deshmukh = Person("Anjali Deshmukh", "FOI Coordinator", "020 7946 0155", f"anjali.deshmukh@{dom}")
    priya = Person("Priya Raghunathan", "Information Governance Manager", "020 7946 0912", f"p.raghunathan@{dom}")
    oconnell = Person("Daniel O'Connell", "Head of Digital Services", "020 7946 0701", f"daniel.oconnell@{dom}")
    bankole = Person("Ayodele Bankole", "Infrastructure Analyst", "", "", mobile="+44 7700 900446")
    cllr = "Mohammed Iqbal"
    ref = "CDC-FOI-7731"
    fw = Contract("Network firewall", "fw", "SCC", "Check Point", "Quantum Security Gateway", 31200,
                  dt.date(2023, 2, 1), dt.date(2026, 1, 31), wis, model="6600", version="R81.20", licences=2,
                  hosts=[("cpgw-a.cdc.internal", "172.16.0.1"), ("cp-mgmt01.cdc.internal", "172.16.10.5")])
    av = Contract("Anti-virus", "av", "XMA", "Sophos", "Central Intercept X Advanced", 27640,
                  dt.date(2024, 3, 18), dt.date(2027, 3, 17), eze, licences=2140)
    ea = Contract("Microsoft EA", "ea", "Bytes Software Services", "Microsoft", "", 512880,
                  dt.date(2022, 11, 1), dt.date(2025, 10, 31), ash, licences=1890,
                  products=["Microsoft 365 E3", "Microsoft 365 F3", "Azure"])
    bi = Contract("Business intelligence", "bi", "Qlik", "Qlik", "Qlik Cloud Analytics", 22450,
                  dt.date(2024, 6, 1), dt.date(2027, 5, 31), team, licences=60)
    rb = Contract("Revenues and benefits", "biz", "NEC Software Solutions", "", "Revenues and Benefits", 208300,
                  dt.date(2020, 4, 1), dt.date(2025, 3, 31), team, licences=140)

    # ---- letter (PyMuPDF, question and answer) -----------------------------------------------
    path, L = cs.file(f"Response to FOI request {ref}.pdf")
    box = f"{L.name(bankole.name, 'fake-box')}, {L.phone(bankole.mobile, 'fake-box')}"
    B = [("title", L.k(cs.council, "org")),
         ("small", f"Information Governance, Town Hall, Coldharbour Lane, CH5 2XW - telephone "
                   f"{L.a(switch, 'phone')} - {L.a(foi, 'mailbox')}"),
         ("space", 3), ("p", f"Request reference: {L.k(ref, 'ref')}"), ("p", "Date of response: 11 October 2024"),
         ("p", "Dear Sir or Madam,"),
         ("p", L.k("Thank you for your request, which we have handled under the Freedom of Information Act "
                   "2000. Each of your questions is repeated below with our answer.", "prose")),
         ("h", "Question 1 - network firewall"),
         ("p", "Who supplies the Council's firewall, what product is used, what does it cost each year and "
               "when does the contract end?"),
         ("p", f"Answer: The firewall is a {brand(L, fw, '{vendor} {product} {model}', 'prose')} cluster running "
               f"{pv(L, fw, 'version', 'prose')}, supplied by {pv(L, fw, 'supplier', 'prose')}. Annual cost: "
               f"{plant(L, fw, m_pounds(fw.spend), 'spend', 'prose')}. Contract period: "
               f"{plant(L, fw, d_long(fw.start), 'date', 'prose')} to {plant(L, fw, d_long(fw.end), 'date', 'prose')}."),
         ("h", "Question 2 - anti-virus"),
         ("p", "Please give the same details for the anti-virus software."),
         ("p", f"Answer: {brand(L, av, '{vendor} {product}', 'prose')}, purchased through "
               f"{pv(L, av, 'supplier', 'prose')}, costs {plant(L, av, m_pounds(av.spend), 'spend', 'prose')} per "
               f"annum between {plant(L, av, d_long(av.start), 'date', 'prose')} and "
               f"{plant(L, av, d_long(av.end), 'date', 'prose')} and covers 2,140 endpoints."),
         ("h", "Question 3 - Microsoft Enterprise Agreement"),
         ("p", f"Answer: Our Enterprise Agreement reseller is {pv(L, ea, 'supplier', 'prose')}. The agreement "
               f"covers {pv(L, ea, 'products', 'prose')}, costs {plant(L, ea, m_pounds(ea.spend), 'spend', 'prose')} "
               f"per year and runs from {plant(L, ea, d_long(ea.start), 'date', 'prose')} to "
               f"{plant(L, ea, d_long(ea.end), 'date', 'prose')}."),
         ("h", "Question 4 - Power BI or alternative"),
         ("p", f"Answer: We do not use Power BI. Our reporting platform is {pv(L, bi, 'product', 'prose')}, bought "
               f"directly from {L.k('Qlik', 'vendor')} at {plant(L, bi, m_pounds(bi.spend), 'spend', 'prose')} per year "
               f"({plant(L, bi, d_long(bi.start), 'date', 'prose')} - {plant(L, bi, d_long(bi.end), 'date', 'prose')})."),
         ("h", "Question 5 - responsible officers"),
         ("p", "Please provide the name, job title and contact details of the officer responsible for each contract."),
         ]
    rows = [["Contract", "Responsible officer", "Role", "Telephone"],
            ["Firewall", L.name(wis.name), L.k(wis.title, "title"), L.phone(wis.phone)],
            ["Anti-virus", L.name(eze.name), L.k(eze.title, "title"), L.phone(eze.phone)],
            ["Microsoft EA", L.name(ash.name), L.k(ash.title, "title"),
             f"{L.phone(ash.phone)} {L.phone('ext. 2231')}"],
            ["BI platform", L.k(team.name, "team"), "-", L.a(team.phone, "phone")]]
    B += [("table", rows, [80, 120, 190, 105]),
          ("p", "Out-of-hours escalation for the network is:"),
          ("ind", box),
          ("p", f"Ms {L.sur(eze.surname)} and Mr {L.sur('Wiśniewski')} have checked the technical answers."),
          ("p", L.k(f"Cllr {L.k(cllr, 'councillor')}, Portfolio Holder for Finance, has been briefed.", "prose")),
          ("p", L.k("The Council considers that the details of its firewall and anti-virus arrangements are "
                    "exempt under section 31(1)(a) of the Act, and that the names and direct contact details of "
                    "officers are exempt under section 40(2).", "prose")),
          ("p", L.k(ICO, "prose")),
          ("space", 3), ("p", "Yours faithfully,"), ("space", 4),
          ("p", L.name(priya.name, "signature")), ("p", L.k(priya.title, "title")),
          ("p", f"{L.k('Information Governance Team', 'team')} | direct line {L.phone(priya.phone, 'signature')}")]
    render_mu(path, B, {"author": L.name(deshmukh.name, "metadata"), "title": f"{ref} response",
                        "subject": "FOI response", "keywords": "", "creator": "Microsoft Word",
                        "producer": "Microsoft Word"}, ttf=True)
    note = (f"Please confirm the SCC renewal with {wis.name} before this goes out - {wis.phone}. "
            f"{deshmukh.name}")
    L.name(deshmukh.name, "annotation")
    pdf_post(path, boxes=[box], annots=[(0, (520, 60), deshmukh.name, note)],
             toc=[[1, "Response", 1], [1, f"Officer contacts ({L.name(wis.name, 'bookmark')})", 2]])

    # ---- memo (DOCX with tracked changes and comments) ---------------------------------------
    path, L = cs.file(f"Internal memo - FOI 7731.docx")
    D = [("title", "Internal memo"),
         ("table", [["To", f"{L.name(oconnell.name, 'table')}, {L.k(oconnell.title, 'title')}"],
                    ["From", f"{L.name(deshmukh.name, 'table')}, {L.k(deshmukh.title, 'title')}"],
                    ["Date", "2 October 2024"], ["Subject", f"FOI {L.k(ref, 'ref')} - ICT contract details"]]),
         ("p", "I have drafted the reply to this request and need you to confirm what can be released."),
         ("h", "Firewall and anti-virus"),
         ("p", f"The {brand(L, fw, '{vendor} {product}', 'prose')} pair ({pv(L, fw, 'model', 'prose')}, "
               f"{pv(L, fw, 'version', 'prose')}) sits behind {L.sec('cpgw-a.cdc.internal', 'hostname', 'prose')} "
               f"on {L.sec('172.16.0.1', 'ip', 'prose')}. {pv(L, fw, 'supplier', 'prose')} hold the support contract "
               f"to {plant(L, fw, d_my(fw.end), 'date', 'prose')}."),
         ("tracked", f"Endpoint protection is {brand(L, av, '{vendor} {product}', 'prose')} through "
                     f"{pv(L, av, 'supplier', 'prose')}, renewing in {plant(L, av, d_my(av.end), 'date', 'prose')}. ",
          f"Annual charge confirmed by {L.name('N. Eze', 'revision')} as {plant(L, av, m_pounds(av.spend, True), 'spend', 'revision')}.",
          f"Ask {L.name(bankole.name, 'revision')} about the renewal.", L.name(eze.name, "revision")),
         ("comment", "I recommend we withhold both under section 31(1)(a).", "withhold both",
          f"Agreed - but check with {L.name(oconnell.name, 'comment')} first. {L.phone(eze.mobile, 'comment')}",
          L.name(eze.name, "comment"), "NE"),
         ("h", "Releasable contracts"),
         ("p", f"The Enterprise Agreement with {pv(L, ea, 'supplier', 'prose')} "
               f"({pv(L, ea, 'products', 'prose')}) and the {pv(L, bi, 'product', 'prose')} subscription can be "
               f"released in full, as can the {L.k('Microsoft', 'vendor')} licence counts."),
         ("table", table_rows(L, [ea, bi, rb], [("Contract", C_area()), ("Supplier", C_fld("supplier")),
                                                ("Cost per year", C_spend(lambda v: m_pounds(v))),
                                                ("From", C_date("start", d_abbr)), ("To", C_date("end", d_abbr)),
                                                ("Owner", C_officer())])),
         ("p", f"{L.k('Councillor ' + L.k(cllr, 'councillor'), 'prose')} asked to see the final version."),
         ("p", f"{L.name('T. Ashworth-Hale', 'prose')} ({L.phone(ash.phone, 'prose')}) will send the licence "
               "schedule."),
         ("p", "Thanks,"), ("p", L.name("A. Deshmukh", "signature"))]
    render_docx(path, D, meta={"author": L.name(deshmukh.name, "metadata"),
                               "last_by": L.name(oconnell.name, "metadata"),
                               "title": f"FOI {ref} memo", "comments": f"Draft for {L.name(oconnell.name, 'metadata')}"},
                header=f"OFFICIAL - prepared by {L.name(deshmukh.name, 'header')}",
                footer=f"Contact {L.email(deshmukh.email, 'footer')} or {L.a(team.mailbox, 'mailbox')}")

    # ---- overview (XlsxWriter, transposed) ---------------------------------------------------
    path, L = cs.file("Contracts overview.xlsx")
    cols = [("Contract area", C_area()), ("Supplier", C_fld("supplier")), ("Product", C_brand("{vendor} {product}")),
            ("Model", C_fld("model")), ("Version", C_fld("version")), ("Annual cost", C_spend()),
            ("Start", C_date("start", xl_fmt=d_long)), ("End", C_date("end", xl_fmt=d_long)),
            ("Number of licences", C_licences()), ("Contract owner", C_officer()), ("Owner's job title", C_title()),
            ("Phone", C_phone()), ("Email", C_email()), ("Mobile", C_mobile()), ("Infrastructure", C_hosts())]
    rows = table_rows(L, [fw, av, ea, bi, rb], cols, hidden_cols=())
    # the Mobile row is hidden: relabel its values
    for lab in L.rm.values():
        if lab["text"] in (wis.mobile, eze.mobile):
            lab["where"] = "hidden-row"
    L.k("Microsoft", "vendor")
    comments = {(2, "Annual cost"): (f"Quote from XMA account manager; approved by {L.name(oconnell.name, 'comment')}",
                                     L.name(eze.name, "comment"))}
    lookups = [["Code", "Description", "Owner"], ["FW", "Firewall", L.name(wis.name, "hidden-sheet")],
               ["AV", "Anti-virus", L.name(eze.name, "hidden-sheet")],
               ["MGMT", L.sec("cp-mgmt01.cdc.internal", "hostname", "hidden-sheet"),
                L.sec("172.16.10.5", "ip", "hidden-sheet")]]
    # a black-filled cell with black text: looks redacted but is not
    rows[1][rows[0].index("Infrastructure")] += f"; console admin {L.name(bankole.name, 'fake-box')}"
    xlsx_transposed(path, "Overview", f"{L.k(cs.council, 'org')} - contracts in scope of {L.k(ref, 'ref')}", rows,
                    hidden_fields=("Mobile",), comments=comments, fills=[(1, "Infrastructure")],
                    props={"author": L.name(ash.name, "metadata"), "manager": L.name(oconnell.name, "metadata"),
                           "company": cs.council, "title": "Contracts overview"},
                    header_footer=(f"&LPrepared by {L.name(ash.name, 'header')}&R{ref}",
                                   f"&L{L.email(ash.email, 'footer')}&RPage &P of &N"),
                    extra_sheets=[("Lookups", lookups, "hidden")])
    return cs

# --------------------------------------------------------------------------------------------
# Case 3: Glenmarrow Council (Scotland) - ReportLab award notices in label/value form (one
# security notice, one releasable notice, same file); XlsxWriter workbook with one key/value
# sheet per contract (incl. email filtering and MFA), a hidden staff sheet and a comment; DOCX
# briefing note with bullets, transposed table, mailto hyperlink, header/footer and metadata.
# --------------------------------------------------------------------------------------------


def case_glenmarrow(out: Path, rng: random.Random) -> Case:
    cs = Case(out, "ho-03-glenmarrow", "Glenmarrow Council")
    dom = "glenmarrow.gov.uk"
    switch, foi = "0131 496 0400", f"foi@{dom}"
    team = Team("Digital & ICT Service", "0131 496 0455", f"digital.ict@{dom}")
    mack = Person("Ruaridh MacKinnon", "Infrastructure Team Leader", "0131 496 0612", f"ruaridh.mackinnon@{dom}",
                  mobile="07700 900 552")
    baird = Person("Kirsty-Anne Baird", "Security Architect", "+44 131 496 0738", f"kirsty-anne.baird@{dom}")
    fyfe = Person("Lachlan Fyfe", "Digital Licensing Officer", "0131 496 0264", f"lfyfe@{dom}")
    mcg = Person("Iona McGillivray", "Data and Insight Manager", "0141 496 0387", f"iona.mcgillivray@{dom}")
    munro = Person("Catriona D. Munro", "Information Officer", "0131 496 0199", f"catriona.munro@{dom}",
                   surname="Munro")
    cllr = "Morag Drummond"
    ref = "GM-FOI-24-1187"
    fw = Contract("Firewall", "fw", "CDW UK", "Cisco", "Firepower", 58900, dt.date(2021, 9, 1), dt.date(2026, 8, 31),
                  mack, model="FPR2130", version="7.2.5", licences=2,
                  hosts=[("gm-fw-core01.corp.glenmarrow.net", "10.120.0.1")])
    av = Contract("Endpoint security", "av", "Trustmarque", "SentinelOne", "Singularity Complete", 33480,
                  dt.date(2023, 5, 15), dt.date(2026, 5, 14), baird, version="23.3.2", licences=4100,
                  hosts=[("s1-mgmt.corp.glenmarrow.net", "10.120.14.30")])
    mail = Contract("Email security", "ext", "Mimecast", "Mimecast", "Email Security Cloud Gateway", 19750,
                    dt.date(2022, 12, 1), dt.date(2025, 11, 30), baird, licences=4300)
    mfa = Contract("Multi-factor authentication", "ext", "Computacenter", "Cisco", "Duo Advantage", 14200,
                   dt.date(2024, 2, 1), dt.date(2027, 1, 31), mack, licences=3900)
    ea = Contract("Microsoft Enterprise Agreement", "ea", "Insight", "Microsoft", "", 702300,
                  dt.date(2024, 4, 1), dt.date(2027, 3, 31), fyfe, licences=4250,
                  products=["Microsoft 365 E3", "Windows 11 Enterprise E3", "Azure"])
    bi = Contract("Business intelligence", "bi", "Softcat", "Microsoft", "Power BI Pro", 9660,
                  dt.date(2023, 8, 1), dt.date(2024, 7, 31), mcg, licences=115)
    care = Contract("Social care case management", "biz", "OLM Systems", "", "Eclipse", 187000,
                    dt.date(2022, 6, 1), dt.date(2029, 5, 31), team, licences=650)

    # ---- award notices (ReportLab label/value) -----------------------------------------------
    path, L = cs.file("Contract award notices.pdf")

    def notice(c: Contract, title: str, lot: str):
        o = c.officer
        rows = [["Contracting authority", L.k(cs.council, "org")],
                ["Contract title", title],
                ["Lot", lot],
                ["Successful supplier", pv(L, c, "supplier")],
                ["Equipment / software", brand(L, c, "{vendor} {product} {model}" if c.model else "{vendor} {product}")
                 if c.kind != "bi" else pv(L, c, "product")],
                ["Software release", pv(L, c, "version") or "n/a"],
                ["Estimated annual value", plant(L, c, f"{m_pounds(c.spend)} excl. VAT", "spend")],
                ["Commencement", plant(L, c, d_slash(c.start), "date")],
                ["Expiry", plant(L, c, d_slash(c.end), "date")],
                ["Lead officer", f"{L.name(o.name)}, {L.k(o.title, 'title')}"],
                ["Telephone", L.phone(o.phone)],
                ["Email", L.email(o.email)]]
        return [("title", "Notice of contract award"), ("kv", rows, [55, 115])]

    B = notice(fw, "Provision of next-generation firewall appliances, licensing and support", "Lot 2 - Network security")
    B += [("p", f"Evaluation panel: {L.name('R. MacKinnon', 'table')}, {L.name('K. Baird', 'table')} and a "
                f"representative of the {L.k(team.name, 'team')}."),
          ("p", f"Queries about this notice: {L.a(team.mailbox, 'mailbox')}."), ("space", 10)]
    B += notice(bi, "Business intelligence licences (Power BI)", "Lot 5 - Reporting and analytics")
    B += [("p", L.k("Awarded through a further competition under a national framework agreement.", "prose")),
          ("p", f"General enquiries: {L.a(switch, 'phone')}")]
    render_rl(path, B, {"author": L.name(mack.name, "metadata"), "title": "Contract award notices",
                        "subject": f"Prepared for {ref}", "keywords": "procurement; award"})

    # ---- register: one sheet per contract (XlsxWriter) --------------------------------------
    path, L = cs.file("Glenmarrow ICT register.xlsx")
    cols = [("Category", C_area()), ("Supplier", C_fld("supplier")), ("Vendor", C_fld("vendor")),
            ("Product", C_fld("product")), ("Model", C_fld("model")), ("Version", C_fld("version")),
            ("Contract value (pa)", C_spend()), ("Start date", C_date("start", xl_fmt=d_dot)),
            ("Renewal date", C_date("end", xl_fmt=d_dot)), ("Licence count", C_int_licences()),
            ("Lead officer", C_officer()), ("Job title", C_title()), ("Telephone", C_phone()), ("Email", C_email()),
            ("Technical notes", C_hosts(fmt="{h} ({ip})"))]
    rows = table_rows(L, [fw, av, mail, mfa, ea, bi, care], cols)
    comments = {(1, "Contract value (pa)"): (f"Includes 24x7 support uplift - {L.name(fyfe.name, 'comment')}",
                                              L.name(fyfe.name, "comment"))}
    staff = [["Officer", "Role", "Mobile"],
             [L.name(mack.name, "hidden-sheet"), L.k(mack.title, "title"), L.phone(mack.mobile, "hidden-sheet")],
             [L.name(baird.name, "hidden-sheet"), L.k(baird.title, "title"), L.phone("07700 900 619", "hidden-sheet")]]
    xlsx_sheet_per_area(path, rows, ["Firewall", "Endpoint", "Email security", "MFA", "Microsoft EA", "BI",
                                     "Social care"],
                        props={"author": L.name(mcg.name, "metadata"), "company": cs.council,
                               "title": f"ICT register for {ref}"},
                        comments=comments, notes_sheet=("Staff", staff, "hidden"))

    # ---- briefing note (DOCX) -----------------------------------------------------------------
    path, L = cs.file("Briefing note for Chief Officer.docx")
    fields = ["Supplier", "Product", "Annual value", "Start", "Renewal"]
    tcols = [fw, av, ea, bi]
    trows = [["", *[c.area for c in tcols]],
             ["Supplier", *[pv(L, c, "supplier") for c in tcols]],
             ["Product", *[brand(L, c, "{vendor} {product}") if c.kind in ("fw", "av") else
                           (pv(L, c, "products") if c.kind == "ea" else pv(L, c, "product")) for c in tcols]],
             ["Annual value", *[plant(L, c, m_pounds(c.spend), "spend") for c in tcols]],
             ["Start", *[plant(L, c, d_long(c.start), "date") for c in tcols]],
             ["Renewal", *[plant(L, c, d_long(c.end), "date") for c in tcols]]]
    D = [("title", f"Briefing note: FOI request {L.k(ref, 'ref')}"),
         ("h", "Purpose"),
         ("p", "To agree the Council's response to a request for details of four ICT contracts."),
         ("h", "Contracts in scope"),
         ("bullets", [
             f"Firewall: {brand(L, fw, '{vendor} {product} {model}', 'prose')} on software "
             f"{pv(L, fw, 'version', 'prose')}, supplied by {pv(L, fw, 'supplier', 'prose')}; managed by "
             f"{L.name(mack.name, 'prose')} ({L.k(mack.title, 'title')}).",
             f"Endpoint: {brand(L, av, '{vendor} {product}', 'prose')} ({pv(L, av, 'version', 'prose')}) from "
             f"{pv(L, av, 'supplier', 'prose')}, console {L.sec('s1-mgmt.corp.glenmarrow.net', 'hostname', 'prose')}.",
             f"Email filtering is provided by {brand(L, mail, '{vendor} {product}', 'prose')}; multi-factor "
             f"authentication by {brand(L, mfa, '{vendor} {product}', 'prose')}.",
             f"Microsoft EA: {pv(L, ea, 'supplier', 'prose')}, {pv(L, ea, 'products', 'prose')}.",
             f"BI: {pv(L, bi, 'product', 'prose')}, owned by the {L.k(mcg.title, 'title')}."]),
         ("table", trows),
         ("h", "Recommendation"),
         ("p", "Release the Enterprise Agreement and BI details in full. Withhold the firewall, endpoint, email "
               "filtering and MFA details under section 31(1)(a), and officer names and direct lines under "
               "section 40(2)."),
         ("p", L.k(f"Councillor {L.k(cllr, 'councillor')} has asked for sight of the response.", "prose")),
         ("p", f"Ms {L.sur(baird.surname)} and Mr {L.sur(mack.surname)} have reviewed the technical content."),
         ("link", "Questions to the author: ", f"mailto:{L.email(munro.email, 'hyperlink')}",
          L.name("Catriona Munro", "hyperlink"), f" or {L.k(team.name, 'team')}."),
         ("p", "Kind regards"), ("p", L.name(munro.name, "signature")), ("p", L.k(munro.title, "title")),
         ("p", f"Tel {L.phone(munro.phone, 'signature')}")]
    render_docx(path, D, meta={"author": L.name(munro.name, "metadata"), "last_by": L.name(fyfe.name, "metadata"),
                               "title": "FOI briefing", "keywords": "FOI; ICT"},
                header=f"Briefing - author {L.name('C. D. Munro', 'header')}",
                footer=f"{cs.council} - OFFICIAL")
    return cs

# --------------------------------------------------------------------------------------------
# Case 4: Ravensmoor BC - PyMuPDF landscape register export (ruled grid, "SURNAME, Forename"
# in capitals, extension-only numbers); openpyxl register as an Excel table with a hidden row
# (SIEM), comment and metadata; CSV with separate Surname/Forename columns. Microsoft Defender
# for Endpoint is the anti-virus product while Microsoft stays releasable for the EA.
# --------------------------------------------------------------------------------------------


def case_ravensmoor(out: Path, rng: random.Random) -> Case:
    cs = Case(out, "ho-04-ravensmoor", "Ravensmoor Borough Council")
    dom = "ravensmoor.gov.uk"
    switch, foi = "0161 496 0600", f"information.requests@{dom}"
    desk = Team("ICT Service Desk", "0161 496 0690", f"ict.servicedesk@{dom}")
    sam = Team("Software Asset Management", "", f"softwareassets@{dom}", mailbox_allowed=False)
    kow = Person("Ewa Kowalczyk", "Network Architect", "0161 496 0731", f"ewa.kowalczyk@{dom}")
    onw = Person("Darren O'Neill-Walsh", "Security Operations Lead", "0161 496 0846", f"darren.oneill-walsh@{dom}")
    qur = Person("Farhan Qureshi", "SOC Analyst", "0161 496 0352", f"fqureshi@{dom}")
    ama = Person("Beatrice Amankwah", "Software Asset Manager", "0161 496 0918", f"beatrice.amankwah@{dom}")
    ngu = Person("Liam Nguyen", "Reporting and Insight Lead", "0161 496 0275", f"liam.nguyen@{dom}")
    caps = {kow: ("KOWALCZYK", "Ewa"), onw: ("O'NEILL-WALSH", "Darren"), qur: ("QURESHI", "Farhan"),
            ama: ("AMANKWAH", "Beatrice"), ngu: ("NGUYEN", "Liam")}
    ext = {kow: "4471", onw: "4486", qur: "4352", ama: "4918", ngu: "4275"}
    fw = Contract("Firewall (perimeter)", "fw", "Softcat", "Juniper Networks", "SRX Series", 47800,
                  dt.date(2022, 10, 1), dt.date(2025, 9, 30), kow, model="SRX1500", version="22.4R2-S1",
                  hosts=[("srx-perim-01.rmbc.local", "10.8.0.1"), ("srx-perim-02.rmbc.local", "10.8.0.2")])
    av = Contract("Anti-virus / EDR", "av", "Bytes Software Services", "Microsoft", "Defender for Endpoint", 61200,
                  dt.date(2024, 1, 1), dt.date(2026, 12, 31), onw, licences=3300)
    siem = Contract("Security monitoring (SIEM)", "ext", "SCC", "Splunk", "Enterprise Security", 88400,
                    dt.date(2023, 6, 19), dt.date(2026, 6, 18), qur, version="7.3.1",
                    hosts=[("splunk-idx01.rmbc.local", "10.8.40.11")])
    ea = Contract("Microsoft EA", "ea", "Computacenter", "Microsoft", "", 455100, dt.date(2022, 2, 1),
                  dt.date(2025, 1, 31), ama, licences=3150, products=["Microsoft 365 E3", "Azure"])
    bi = Contract("BI / reporting", "bi", "Computacenter", "Microsoft", "Power BI Premium Per User", 41900,
                  dt.date(2023, 3, 1), dt.date(2026, 2, 28), ngu, licences=140)
    bak = Contract("Backup", "backup", "Nasstar", "Veeam", "Data Platform", 23600, dt.date(2021, 7, 1),
                   dt.date(2024, 6, 30), desk)
    plan = Contract("Planning and building control", "biz", "Arcus Global", "", "Arcus Built Environment", 134500,
                    dt.date(2024, 9, 1), dt.date(2029, 8, 31), sam)

    def caps_name(lab, c, w):
        o = c.officer
        if o is None or _is_team(o):
            return lab.k(o.name, "team") if o else ""
        sn, fn = caps[o]
        return lab.name(f"{sn}, {fn}", w)

    def ext_no(lab, c, w):
        o = c.officer
        if _is_team(o):
            return lab.a(o.phone, "phone") if o.phone else ""
        return lab.phone(f"x{ext[o]}", w)

    # ---- register export (PyMuPDF landscape grid) ---------------------------------------------
    path, L = cs.file("Ravensmoor register export.pdf")
    cols = [("Service", C_area()), ("Supplier", C_fld("supplier")), ("Product", C_brand("{vendor} {product} {model}")),
            ("Version", C_fld("version")), ("Value p.a.", C_spend(lambda v: m_pounds(v, True))),
            ("Start", C_date("start", d_abbr)), ("End", C_date("end", d_abbr)),
            ("Contract Manager", caps_name), ("Ext.", ext_no)]
    rows = table_rows(L, [fw, av, siem, ea, bi, plan], cols)
    L.k("Microsoft", "vendor")
    B = [("title", f"{L.k(cs.council, 'org')} - ICT contracts register"),
         ("small", f"Export of 14/10/2024 for request {L.k('RBC/IR/2024/0963', 'ref')}. Switchboard "
                   f"{L.a(switch, 'phone')}; requests to {L.a(foi, 'mailbox')}."),
         ("table", rows, [110, 100, 150, 55, 62, 55, 55, 115, 40]),
         ("h", "Infrastructure notes"),
         ("table", [["Device", "Address"]] + [[L.sec(h, "hostname"), L.sec(ip, "ip")] for h, ip in fw.hosts + siem.hosts],
          [200, 120]),
         ("p", f"Prepared by: {L.name('NGUYEN, Liam', 'prose')} ({L.k(ngu.title, 'title')}). Licence queries: "
               f"{L.k(sam.mailbox, 'mailbox')}. Faults: {L.k(desk.name, 'team')} on {L.a(desk.phone, 'phone')}.")]
    render_mu(path, B, {"author": L.name(ngu.name, "metadata"), "title": "Register export",
                        "creator": "Contracts database", "producer": "PyMuPDF"}, landscape_=True, fontsize=8)

    # ---- register (openpyxl, Excel table, hidden SIEM row) ------------------------------------
    path, L = cs.file("ravensmoor_ict_contracts.xlsx")
    cols = [("Service", C_area()), ("Supplier name", C_fld("supplier")), ("Vendor", C_fld("vendor")),
            ("Product", C_fld("product")), ("Model", C_fld("model")), ("Version", C_fld("version")),
            ("Annual cost", C_spend()), ("Start date", C_date("start", xl_fmt=d_abbr)),
            ("End date", C_date("end", xl_fmt=d_abbr)), ("Licences", C_int_licences()),
            ("Contract Manager", C_officer()), ("Title", C_title()), ("Tel", C_phone_formula()),
            ("Email", C_email()), ("Technical notes", C_hosts(sep=", "))]
    rows = table_rows(L, [fw, av, ea, bi, bak, plan], cols)
    rows.insert(3, table_rows(L, [siem], cols, where="hidden-row")[1])
    L.k("Microsoft", "vendor")
    comments = {(2, "Annual cost"): (f"Now bundled with E5 Security? ask {L.name(ama.name, 'comment')} "
                                     f"on {L.phone(ama.phone, 'comment')}", L.name(onw.name, "comment"))}
    xlsx_openpyxl(path, "Register", f"{cs.council} ICT contracts", rows, date_fmt="d mmm yyyy",
                  money_fmt='"£"#,##0.00', hidden_rows=(3,), comments=comments, table_name="tblContracts",
                  props={"creator": L.name(kow.name, "metadata"), "lastModifiedBy": L.name(ngu.name, "metadata"),
                         "title": "ICT contracts"},
                  widths=[26, 22, 16, 22, 10, 10, 12, 12, 12, 9, 22, 26, 16, 32, 40])

    # ---- CSV with split names ----------------------------------------------------------------
    path, L = cs.file("contracts_for_publication.csv")

    def surname(lab, c, w):
        o = c.officer
        return "" if _is_team(o) else lab.sur(o.surname, w)

    def forename(lab, c, w):
        o = c.officer
        return lab.k(o.name, "team") if _is_team(o) else lab.name(o.name.split()[0], w)

    cols = [("Service", C_area()), ("Supplier", C_fld("supplier")), ("Vendor", C_fld("vendor")),
            ("Product", C_fld("product")), ("Model", C_fld("model")), ("Version", C_fld("version")),
            ("Spend per annum", C_spend(m_gbp)), ("Contract start", C_date("start", d_iso)),
            ("Contract end", C_date("end", d_iso)), ("Surname", surname), ("Forename", forename),
            ("Job title", C_title()), ("Email", C_email())]
    rows = table_rows(L, [fw, av, siem, ea, bi, plan], cols)
    L.k("Microsoft", "vendor")
    write_csv(path, rows, bom=True)
    return cs

# --------------------------------------------------------------------------------------------
# Case 5: Aldersey and Wyke DC - ReportLab letter with an embedded TrueType font, month-year
# dates and a bulleted summary; DOCX summary with CAPITALISED names in a table, a first-page
# header, footer, tracked deletion and comment; openpyxl register with a black-filled "redacted"
# cell, a hidden column and web filtering (Zscaler) as an extra security row.
# --------------------------------------------------------------------------------------------


def case_aldersey(out: Path, rng: random.Random) -> Case:
    cs = Case(out, "ho-05-aldersey-wyke", "Aldersey and Wyke District Council")
    dom = "aldersey-wyke.gov.uk"
    switch, foi = "0116 496 0300", f"foi@{dom}"
    team = Team("ICT Client Team", "0116 496 0350", f"ictclient@{dom}")
    hus = Person("Yusuf Hussain", "Network Manager", "0116 496 0417", f"yusuf.hussain@{dom}", mobile="07700 900812")
    nwo = Person("Adaeze Nwosu-Brown", "Cyber Security Engineer", "0116 496 0583", f"a.nwosu-brown@{dom}",
                 mobile="07700 900 390")
    chan = Person("Mei-Ling Chan", "Licensing Officer", "0116 496 0642", f"meiling.chan@{dom}")
    fair = Person("Owen Fairweather", "BI Developer", "0116 496 0725", f"owen.fairweather@{dom}")
    gal = Person("Sinéad Gallagher", "Information Governance Officer", "0116 496 0168", f"s.gallagher@{dom}")
    cllr = "Baljit Sandhu"
    ref = "FOI-AW-2024-552"
    fw = Contract("Network firewall", "fw", "Ultima Business Solutions", "SonicWall", "SonicOS", 36250,
                  dt.date(2023, 9, 1), dt.date(2026, 8, 31), hus, model="NSa 4700", version="7.0.1-5145",
                  hosts=[("aw-fw01.awdc.lan", "192.168.100.1")])
    av = Contract("Anti-virus", "av", "Softcat", "ESET", "PROTECT Enterprise", 15800, dt.date(2022, 1, 1),
                  dt.date(2024, 12, 31), nwo, version="11.0", licences=980)
    web = Contract("Web filtering", "ext", "Zscaler", "Zscaler", "Internet Access", 26900, dt.date(2024, 5, 1),
                   dt.date(2027, 4, 30), nwo, licences=1000)
    ea = Contract("Microsoft Enterprise Agreement", "ea", "Bytes Software Services", "Microsoft", "", 298700,
                  dt.date(2023, 2, 1), dt.date(2026, 1, 31), chan, licences=1040,
                  products=["Microsoft 365 E3", "Windows 11 Enterprise E3", "Enterprise Mobility + Security E3", "Azure"])
    bi = Contract("Business intelligence", "bi", "Crayon", "Salesforce", "Tableau Cloud", 12400,
                  dt.date(2024, 10, 1), dt.date(2025, 9, 30), fair, licences=25)
    crm = Contract("Customer relationship management", "biz", "Netcall", "", "Liberty Create", 64300,
                   dt.date(2021, 3, 1), dt.date(2026, 2, 28), team)

    # ---- letter (ReportLab, TrueType) ---------------------------------------------------------
    path, L = cs.file(f"{ref} reply.pdf")
    B = [("title", L.k(cs.council, "org")),
         ("small", f"Council Offices, Wyke Road, Aldersey AW3 7LB | {L.a(switch, 'phone')} | {L.a(foi, 'mailbox')}"),
         ("space", 3), ("p", f"Reference: {L.k(ref, 'ref')}"), ("p", "12 November 2024"),
         ("p", "Dear Requester"),
         ("p", L.k("Thank you for your request dated 29 October 2024. Please find our response below.", "prose")),
         ("h", "Firewall"),
         ("p", f"Our firewall contract is with {pv(L, fw, 'supplier', 'prose')}. It began in "
               f"{plant(L, fw, d_my(fw.start), 'date', 'prose')} and ends in {plant(L, fw, d_my(fw.end), 'date', 'prose')}, "
               f"at a cost of {plant(L, fw, m_k(fw.spend), 'spend', 'prose')} a year. The appliances are "
               f"{brand(L, fw, '{vendor} {model}', 'prose')} units on {brand(L, fw, '{product} {version}', 'prose')}."),
         ("h", "Anti-virus"),
         ("p", f"We use {brand(L, av, '{vendor} {product}', 'prose')} (version {pv(L, av, 'version', 'prose')}), "
               f"bought through {pv(L, av, 'supplier', 'prose')} for {plant(L, av, m_k(av.spend), 'spend', 'prose')} "
               f"per year from {plant(L, av, d_my(av.start), 'date', 'prose')} until "
               f"{plant(L, av, d_my(av.end), 'date', 'prose')}. Web traffic is filtered by "
               f"{brand(L, web, '{vendor} {product}', 'prose')}."),
         ("h", "Microsoft Enterprise Agreement"),
         ("p", f"Supplier: {pv(L, ea, 'supplier', 'prose')}. Products: {pv(L, ea, 'products', 'prose')}. Cost: "
               f"{plant(L, ea, m_k(ea.spend), 'spend', 'prose')} per annum. Term: "
               f"{plant(L, ea, d_my(ea.start), 'date', 'prose')} to {plant(L, ea, d_my(ea.end), 'date', 'prose')}."),
         ("h", "Power BI or other BI platform"),
         ("p", f"The Council uses {pv(L, bi, 'product', 'prose')} ({L.k('Salesforce', 'vendor')}) via "
               f"{pv(L, bi, 'supplier', 'prose')}: {plant(L, bi, m_k(bi.spend), 'spend', 'prose')} a year, "
               f"{plant(L, bi, d_my(bi.start), 'date', 'prose')} to {plant(L, bi, d_my(bi.end), 'date', 'prose')}."),
         ("h", "Officers responsible"),
         ("li", f"Firewall - {L.name(hus.name, 'prose')}, {L.k(hus.title, 'title')}, {L.email(hus.email, 'prose')}"),
         ("li", f"Anti-virus and web filtering - {L.name(nwo.name, 'prose')}, {L.k(nwo.title, 'title')}, "
                f"{L.phone(nwo.phone, 'prose')}"),
         ("li", f"Enterprise Agreement - {L.name(chan.name, 'prose')}, {L.k(chan.title, 'title')}"),
         ("li", f"BI - {L.name(fair.name, 'prose')}, {L.k(fair.title, 'title')}"),
         ("p", f"Please note that Ms {L.sur('Nwosu-Brown')} is currently on leave; queries should go to the "
               f"{L.k(team.name, 'team')} ({L.a(team.mailbox, 'mailbox')}, {L.a(team.phone, 'phone')})."),
         ("p", L.k(f"Cllr {L.k(cllr, 'councillor')} has been informed of this response.", "prose")),
         ("p", L.k("We have withheld the details of our security products and the personal data of staff under "
                   "sections 31(1)(a) and 40(2) respectively.", "prose")),
         ("p", L.k(ICO, "prose")),
         ("space", 3), ("p", "Yours sincerely"), ("space", 4),
         ("p", L.name(gal.name, "signature")), ("p", L.k(gal.title, "title")),
         ("p", f"{L.phone(gal.phone, 'signature')} - {L.email(gal.email, 'signature')}")]
    render_rl(path, B, {"author": L.name(gal.name, "metadata"), "title": ref}, ttf=True)

    # ---- summary (DOCX, capitalised names) -----------------------------------------------------
    path, L = cs.file("Contracts summary for FOI.docx")
    cols = [("AREA", C_area()), ("SUPPLIER", C_fld("supplier")), ("PRODUCT", C_brand("{vendor} {product} {model}")),
            ("ANNUAL COST", C_spend(lambda v: m_pounds(v, True))), ("FROM", C_date("start", d_dot)),
            ("TO", C_date("end", d_dot)), ("LEAD OFFICER", C_officer(lambda p: p.name.upper())),
            ("TITLE", C_title())]
    D = [("title", "ICT contracts - summary for FOI response"),
         ("p", f"Request {L.k(ref, 'ref')}. Figures below are annual and exclude VAT."),
         ("table", table_rows(L, [fw, av, web, ea, bi, crm], cols)),
         ("tracked", f"Out-of-hours support for the firewall is provided by the {L.k(team.name, 'team')}. ", "",
          f"Call {L.name(hus.name, 'revision')} on {L.phone(hus.mobile, 'revision')}.", L.name(chan.name, "revision")),
         ("comment", f"Mr {L.sur(hus.surname)} has confirmed the firewall figures.", "confirmed",
          f"Also checked by {L.name(fair.name, 'comment')} in finance reconciliation.", L.name(fair.name, "comment"), "OF"),
         ("p", L.k(f"Councillor {cllr}", "prose") + " asked for a copy."),
         ("p", "Kind regards,"), ("p", L.name("M. Chan", "signature"))]
    render_docx(path, D, meta={"author": L.name(chan.name, "metadata"), "title": "Contracts summary"},
                first_header=f"Prepared for {L.name(gal.name, 'header')}",
                header="Aldersey and Wyke DC - contracts summary",
                footer=f"Owner: {L.email(chan.email, 'footer')}")

    # ---- register (openpyxl, black-filled cell, hidden column) ---------------------------------
    path, L = cs.file("AWDC contracts register.xlsx")
    cols = [("Area", C_area()), ("Supplier name", C_fld("supplier")), ("Vendor", C_fld("vendor")),
            ("Product", C_fld("product")), ("Model", C_fld("model")), ("Version", C_fld("version")),
            ("Contract value (pa)", C_spend()), ("Start", C_date("start", xl_fmt=d_slash)),
            ("Expiry", C_date("end", xl_fmt=d_slash)), ("Seats", C_int_licences()),
            ("Lead officer", C_officer()), ("Job title", C_title()), ("Phone", C_phone()),
            ("Email", C_email_formula()), ("Notes", C_hosts()), ("Personal mobile", C_mobile())]
    rows = table_rows(L, [fw, av, web, ea, bi, crm], cols, hidden_cols=("Personal mobile",))
    L.k("Microsoft", "vendor")
    rows[2][cols.index(("Notes", cols[14][1]))] = (f"Escalation: {L.name(nwo.name, 'fake-box')} "
                                                    f"{L.phone('07700 900 391', 'fake-box')}")
    xlsx_openpyxl(path, "Register", f"{L.k(cs.council, 'org')} - ICT contracts register", rows, date_fmt="dd/mm/yyyy",
                  hidden_cols=("Personal mobile",), fills=[(2, "Notes")],
                  comments={(3, "Contract value (pa)"): (f"Check with {L.name(hus.name, 'comment')}",
                                                         L.name(gal.name, "comment"))},
                  props={"creator": L.name(hus.name, "metadata"), "lastModifiedBy": L.name(chan.name, "metadata")},
                  widths=[30, 24, 12, 20, 10, 12, 14, 12, 12, 8, 20, 26, 16, 30, 30, 16])
    return cs

# --------------------------------------------------------------------------------------------
# Case 6: Penmaen Vale CBC (Wales) - ReportLab letter with bilingual heading and ISO dates; a
# PyMuPDF award notice for the anti-virus contract whose reviewer note was added by an
# incremental save (the earlier revision stays in the file); CSV with multi-line notes.
# --------------------------------------------------------------------------------------------


def case_penmaen(out: Path, rng: random.Random) -> Case:
    cs = Case(out, "ho-06-penmaen-vale", "Penmaen Vale County Borough Council")
    dom = "penmaenvale.gov.uk"
    switch, foi = "029 2018 0500", f"foi@{dom}"
    team = Team("Digital Services", "029 2018 0550", f"digidol@{dom}")
    pj = Person("Rhiannon Pryce-Jones", "Network Team Leader", "029 2018 0734", f"rhiannon.pryce-jones@{dom}",
                mobile="07700 900 127")
    ll = Person("Gethin Llewellyn", "Security Analyst", "029 2018 0812", f"gethin.llewellyn@{dom}")
    ap = Person("Dafydd ap Iorwerth", "ICT Commercial Manager", "029 2018 0266", f"dafydd.apiorwerth@{dom}",
                surname="ap Iorwerth")
    rt = Person("Ffion Rees-Thomas", "Digital Insight Officer", "029 2018 0391", f"f.rees-thomas@{dom}")
    hu = Person("Bethan Hughes", "Information Access Officer", "029 2018 0145", f"bethan.hughes@{dom}")
    cllr = "Elin Morgan-Evans"
    ref = "FOI 2024-1402"
    fw = Contract("Firewall", "fw", "Phoenix Software", "Sophos", "Sophos Firewall", 18340, dt.date(2022, 7, 1),
                  dt.date(2025, 6, 30), pj, model="XGS 4300", version="19.5.3",
                  hosts=[("fw-pv-01.pvcbc.local", "10.60.0.1"), ("fw-pv-02.pvcbc.local", "10.60.0.2")])
    av = Contract("Anti-virus", "av", "Phoenix Software", "Sophos", "Intercept X Advanced with XDR", 22975,
                  dt.date(2023, 11, 20), dt.date(2026, 11, 19), ll, licences=2600)
    mail = Contract("Email filtering", "ext", "Proofpoint", "Proofpoint", "Email Protection", 16400,
                    dt.date(2024, 3, 4), dt.date(2027, 3, 3), ll)
    ea = Contract("Microsoft Enterprise Agreement", "ea", "Softcat", "Microsoft", "", 341800, dt.date(2022, 12, 1),
                  dt.date(2025, 11, 30), ap, licences=2450,
                  products=["Microsoft 365 E3", "Azure", "Dynamics 365 Customer Service"])
    bi = Contract("Power BI", "bi", "Softcat", "Microsoft", "Power BI Pro", 7820, dt.date(2024, 2, 12),
                  dt.date(2025, 2, 11), rt, licences=81)
    pay = Contract("Payroll", "biz", "Zellis", "", "ResourceLink", 118600, dt.date(2020, 10, 1),
                   dt.date(2025, 9, 30), team)

    # ---- letter (ReportLab) -------------------------------------------------------------------
    path, L = cs.file("Ymateb - Response FOI 2024-1402.pdf")
    B = [("title", f"Cyngor Bwrdeistref Sirol Penmaen Vale / {L.k(cs.council, 'org')}"),
         ("small", f"Canolfan Ddinesig / Civic Centre, Penmaen PV1 1AA - Ffôn / Tel {L.a(switch, 'phone')} - "
                   f"{L.a(foi, 'mailbox')}"),
         ("space", 3), ("p", f"Ein cyf / Our ref: {L.k(ref, 'ref')}"), ("p", "Dyddiad / Date: 2024-11-21"),
         ("p", "Annwyl / Dear Requester,"),
         ("p", L.k("Your request has been considered under the Freedom of Information Act 2000 and our "
                   "response is set out below.", "prose")),
         ("h", "Network firewall"),
         ("p", f"{pv(L, fw, 'supplier', 'prose')} supply and support {brand(L, fw, '{vendor} {model}', 'prose')} "
               f"appliances running SFOS {pv(L, fw, 'version', 'prose')} for "
               f"{plant(L, fw, m_pounds(fw.spend) + ' + VAT', 'spend', 'prose')} a year. The contract dates are "
               f"{plant(L, fw, d_iso(fw.start), 'date', 'prose')} to {plant(L, fw, d_iso(fw.end), 'date', 'prose')}. "
               f"The named officer is {L.name(pj.name, 'prose')} ({L.k(pj.title, 'title')})."),
         ("h", "Anti-virus"),
         ("p", f"{brand(L, av, '{vendor} {product}', 'prose')} is licensed for 2,600 devices at "
               f"{plant(L, av, m_pounds(av.spend) + ' + VAT', 'spend', 'prose')} a year from "
               f"{plant(L, av, d_iso(av.start), 'date', 'prose')} to {plant(L, av, d_iso(av.end), 'date', 'prose')}. "
               f"Inbound email is screened by {brand(L, mail, '{vendor} {product}', 'prose')}."),
         ("h", "Microsoft Enterprise Agreement and Power BI"),
         ("table", table_rows(L, [ea, bi, pay], [
             ("Contract", C_area()), ("Supplier", C_fld("supplier")),
             ("Products", C_brand("{vendor} {product}")), ("Contract value (pa)", C_spend(lambda v: m_pounds(v) + " + VAT")),
             ("Start", C_date("start", d_iso)), ("End", C_date("end", d_iso)), ("Lead officer", C_officer()),
             ("Job title", C_title())]), [23, 16, 30, 20, 19, 19, 26, 21]),
         ("p", f"{L.name('D. ap Iorwerth', 'prose')} manages the {L.k('Microsoft', 'vendor')} relationship; "
               f"Mr {L.sur(ap.surname)} can be reached through {L.a(team.mailbox, 'mailbox')}."),
         ("p", L.k(f"Cllr {L.k(cllr, 'councillor')}, Cabinet Member for Corporate Services, has seen this "
                   "response.", "prose")),
         ("p", L.k("Security product details are withheld under section 31(1)(a) and staff contact details "
                   "under section 40(2).", "prose")),
         ("p", L.k(ICO, "prose")),
         ("space", 3), ("p", "Yn gywir / Yours sincerely,"), ("space", 4),
         ("p", L.name(hu.name, "signature")), ("p", L.k(hu.title, "title")),
         ("p", f"{L.k(team.name, 'team')} - {L.a(team.phone, 'phone')} | direct {L.phone(hu.phone, 'signature')}")]
    render_rl(path, B, {"author": L.name(hu.name, "metadata"), "title": f"Response {ref}",
                        "keywords": f"{L.email(hu.email, 'metadata')}"})

    # ---- award notice with an incremental update (PyMuPDF) ------------------------------------
    path, L = cs.file("Award notice - endpoint.pdf")
    kv = [["Awarding body", L.k(cs.council, "org")],
          ["Title", "Endpoint anti-virus subscription"],
          ["Supplier", pv(L, av, "supplier")],
          ["Product", brand(L, av, "{vendor} {product}")],
          ["Annual value", plant(L, av, f"GBP {av.spend:,}", "spend")],
          ["Start date", plant(L, av, d_long(av.start), "date")],
          ["End date", plant(L, av, d_long(av.end), "date")],
          ["Officer", f"{L.name(ll.name)}, {L.k(ll.title, 'title')}"],
          ["Direct dial", L.phone(ll.phone)],
          ["Email", L.email(ll.email)]]
    B = [("title", "Contract award notice"), ("kv", kv, [130, 330]),
         ("p", L.k("Awarded by direct call-off from a public sector framework.", "prose")),
         ("p", f"Console: {L.sec('sophos-central-relay.pvcbc.local', 'hostname', 'prose')}")]
    render_mu(path, B, {"author": L.name(ll.name, "metadata"), "title": "Award notice"})
    import pymupdf
    doc = pymupdf.open(str(path))
    a = doc[0].add_text_annot((520, 80), f"Approved - {pj.name}, {pj.mobile}")
    a.set_info(title=L.name(pj.name, "annotation"), content=f"Approved - {pj.name}, {L.phone(pj.mobile, 'annotation')}")
    a.update()
    doc.saveIncr()
    doc.close()

    # ---- CSV export with multi-line notes -----------------------------------------------------
    path, L = cs.file("register_export.csv")
    cols = [("Contract", C_area()), ("Supplier", C_fld("supplier")), ("Manufacturer", C_fld("vendor")),
            ("Product", C_fld("product")), ("Model", C_fld("model")), ("Version", C_fld("version")),
            ("Contract value (pa)", C_spend(lambda v: m_pounds(v, True))), ("Start date", C_date("start", d_slash)),
            ("End date", C_date("end", d_slash)), ("Officer", C_officer()), ("Role", C_title()),
            ("Telephone", C_phone()), ("Email", C_email()), ("Technical notes", C_hosts(sep="\n"))]
    rows = table_rows(L, [fw, av, mail, ea, bi, pay], cols)
    L.k("Microsoft", "vendor")
    write_csv(path, rows, crlf=False)
    return cs

# --------------------------------------------------------------------------------------------
# Case 7: Carnmoney and Lough DC (Northern Ireland) - ReportLab letter with bookmarks naming
# officers and a mailto link annotation; DOCX draft with tracked insertions/deletions by two
# authors, comments and header; openpyxl workbook with a hidden MFA row, a very hidden audit
# sheet and a string-building formula.
# --------------------------------------------------------------------------------------------


def case_carnmoney(out: Path, rng: random.Random) -> Case:
    cs = Case(out, "ho-07-carnmoney-lough", "Carnmoney and Lough District Council")
    dom = "carnmoneylough.gov.uk"
    switch, foi = "028 9649 6000", f"foi@{dom}"
    team = Team("IT Services", "028 9649 6100", f"itservices@{dom}")
    mca = Person("Ciarán McAleese", "Network Infrastructure Manager", "028 9649 6214", f"ciaran.mcaleese@{dom}")
    oha = Person("Gráinne O'Hagan", "IT Security Officer", "+44 28 9649 6377", f"grainne.ohagan@{dom}",
                 mobile="+44 (0)7700 900 654")
    dar = Person("Seán D'Arcy", "Procurement Lead (ICT)", "028 9649 6452", f"sdarcy@{dom}")
    nib = Person("Aoife Ní Bhriain", "Performance and Insight Officer", "028 9649 6583", f"aoife.nibhriain@{dom}",
                 surname="Ní Bhriain")
    qd = Person("Niall Quinn-Devlin", "Information Governance Lead", "028 9649 6029", f"n.quinn-devlin@{dom}")
    cllr = "Siobhán Donnelly"
    ref = "CLDC-24-318"
    fw = Contract("Firewall", "fw", "Softcat", "Palo Alto Networks", "PAN-OS", 24600, dt.date(2023, 4, 3),
                  dt.date(2026, 4, 2), mca, model="PA-850", version="11.0.3",
                  hosts=[("cldc-pa850-a.ad.cldc.local", "10.77.1.1")])
    av = Contract("Anti-virus", "av", "Bytes Software Services", "Trend Micro", "Apex One", 17350,
                  dt.date(2022, 8, 15), dt.date(2025, 8, 14), oha, version="14.0.12737", licences=1500,
                  hosts=[("apexone-srv.ad.cldc.local", "10.77.20.15")])
    mfa = Contract("Multi-factor authentication", "ext", "Okta", "Okta", "Workforce Identity Cloud", 21800,
                   dt.date(2024, 7, 1), dt.date(2027, 6, 30), oha, licences=1450)
    ea = Contract("Microsoft EA", "ea", "Phoenix Software", "Microsoft", "", 264900, dt.date(2021, 6, 1),
                  dt.date(2024, 5, 31), dar, licences=1480, products=["Microsoft 365 E3", "Microsoft 365 F1", "Azure"])
    bi = Contract("Power BI", "bi", "Phoenix Software", "Microsoft", "Power BI Pro", 6120, dt.date(2023, 1, 9),
                  dt.date(2024, 1, 8), nib, licences=64)
    hou = Contract("Housing management", "biz", "NEC Software Solutions", "", "Housing Management", 92500,
                   dt.date(2022, 4, 1), dt.date(2027, 3, 31), team)

    # ---- letter (ReportLab) with bookmarks and a mailto link ---------------------------------
    path, L = cs.file(f"FOI response {ref}.pdf")
    B = [("title", L.k(cs.council, "org")),
         ("small", f"Council Offices, Shore Road, Carnmoney BT36 9ZZ. Tel {L.a(switch, 'phone')}. "
                   f"{L.a(foi, 'mailbox')}"),
         ("space", 3), ("p", f"Our reference: {L.k(ref, 'ref')}"), ("p", "Date: 07/11/2024"),
         ("p", "Dear Requester,"),
         ("p", L.k("I write in response to your request for information about the Council's ICT contracts.", "prose")),
         ("h", "Part 1: firewall"),
         ("p", f"Supplier: {pv(L, fw, 'supplier', 'prose')}. Hardware: {brand(L, fw, '{vendor} {model}', 'prose')}, "
               f"{brand(L, fw, '{product} {version}', 'prose')}. Cost: "
               f"{plant(L, fw, m_pounds(fw.spend) + ' per annum (ex VAT)', 'spend', 'prose')}. Term: "
               f"{plant(L, fw, d_long(fw.start), 'date', 'prose')} - {plant(L, fw, d_long(fw.end), 'date', 'prose')}."),
         ("h", "Part 2: anti-virus"),
         ("p", f"Supplier: {pv(L, av, 'supplier', 'prose')}. Product: {brand(L, av, '{vendor} {product}', 'prose')}. "
               f"Cost: {plant(L, av, m_pounds(av.spend) + ' per annum (ex VAT)', 'spend', 'prose')}. Term: "
               f"{plant(L, av, d_long(av.start), 'date', 'prose')} - {plant(L, av, d_long(av.end), 'date', 'prose')}."),
         ("h", "Part 3: Microsoft Enterprise Agreement"),
         ("p", f"Supplier: {pv(L, ea, 'supplier', 'prose')}. Products: {pv(L, ea, 'products', 'prose')}. Cost: "
               f"{plant(L, ea, m_pounds(ea.spend) + ' per annum (ex VAT)', 'spend', 'prose')}. Term: "
               f"{plant(L, ea, d_long(ea.start), 'date', 'prose')} - {plant(L, ea, d_long(ea.end), 'date', 'prose')}."),
         ("h", "Part 4: business intelligence"),
         ("p", f"Product: {pv(L, bi, 'product', 'prose')}. Cost: "
               f"{plant(L, bi, m_pounds(bi.spend) + ' per annum (ex VAT)', 'spend', 'prose')}. Term: "
               f"{plant(L, bi, d_long(bi.start), 'date', 'prose')} - {plant(L, bi, d_long(bi.end), 'date', 'prose')}."),
         ("h", "Part 5: contract owners"),
         ("table", table_rows(L, [fw, av, ea, bi], [("Part", C_area()), ("Owner", C_officer()),
                                                    ("Post", C_title()), ("Telephone", C_phone())]),
          [30, 45, 60, 39]),
         ("p", f"For the anti-virus contract please contact {L.name('G. O' + chr(39) + 'Hagan', 'prose')} by email."),
         ("p", f"Mr {L.sur(mca.surname)} and Ms {L.sur(nib.surname)} provided the figures."),
         ("p", L.k(f"Councillor {L.k(cllr, 'councillor')} was consulted as Chair of the Corporate Services "
                   "Committee.", "prose")),
         ("p", L.k("Parts 1 and 2 are withheld in part under section 31(1)(a); officer names and contact "
                   "details are withheld under section 40(2).", "prose")),
         ("p", L.k(ICO, "prose")),
         ("space", 3), ("p", "Yours sincerely,"), ("space", 4),
         ("p", L.name(qd.name, "signature")), ("p", L.k(qd.title, "title")),
         ("p", f"Direct line: {L.phone(qd.phone, 'signature')}")]
    render_rl(path, B, {"author": "Information Governance", "title": f"Response {ref}"})
    pdf_post(path, links=[("G. O'Hagan", f"mailto:{L.email(oha.email, 'hyperlink')}")],
             toc=[[1, "Response", 1], [1, f"Contract owners - {L.name(mca.name, 'bookmark')}", 1],
                  [1, f"Contract owners - {L.name(oha.name, 'bookmark')}", 1]],
             metadata={"author": L.name(qd.name, "metadata")})

    # ---- draft with tracked changes (DOCX) ---------------------------------------------------
    path, L = cs.file("Draft response with tracked changes.docx")
    D = [("title", f"DRAFT - response to {L.k(ref, 'ref')}"),
         ("tracked", f"1. The firewall contract is held with {pv(L, fw, 'supplier', 'prose')}. ",
          f"It costs {plant(L, fw, m_pounds(fw.spend), 'spend', 'revision')} a year.",
          f"The {brand(L, fw, '{vendor} {model}', 'revision')} pair is at {L.sec('10.77.1.1', 'ip', 'revision')}.",
          L.name(mca.name, "revision")),
         ("tracked", f"2. Anti-virus is {brand(L, av, '{vendor} {product}', 'prose')}. ",
          f"Renewal due {plant(L, av, d_dot(av.end), 'date', 'revision')}.",
          f"Managed by {L.name(oha.name, 'revision')} ({L.phone(oha.mobile, 'revision')}).",
          L.name(dar.name, "revision")),
         ("comment", f"3. Enterprise Agreement via {pv(L, ea, 'supplier', 'prose')}, "
                     f"{plant(L, ea, m_pounds(ea.spend), 'spend', 'prose')} a year, can be released.",
          "can be released", f"Agreed - {L.name(dar.name, 'comment')}, {L.phone(dar.phone, 'comment')}",
          L.name(dar.name, "comment"), "SD"),
         ("comment", f"4. {pv(L, bi, 'product', 'prose')} ({plant(L, bi, m_pounds(bi.spend), 'spend', 'prose')}) "
                     f"is owned by the {L.k(nib.title, 'title')}.", "owned by",
          f"{L.name(nib.name, 'comment')} to confirm licence numbers", L.name(qd.name, "comment"), "NQD"),
         ("p", f"Multi-factor authentication ({brand(L, mfa, '{vendor} {product}', 'prose')}) is out of scope."),
         ("p", L.k(f"Councillor {cllr}", "prose") + " to be copied in."),
         ("p", "Regards,"), ("p", L.name(qd.name, "signature"))]
    L.k(cllr, "councillor")
    render_docx(path, D, meta={"author": L.name(qd.name, "metadata"), "last_by": L.name(dar.name, "metadata"),
                               "title": "Draft FOI response"},
                header=f"Draft by {L.name('N. Quinn-Devlin', 'header')} - ext {L.phone('6029', 'header')}",
                footer=f"{L.k(team.name, 'team')} | {L.a(team.mailbox, 'mailbox')}")

    # ---- workbook (openpyxl, hidden row, very hidden sheet, formula) ---------------------------
    path, L = cs.file("CLDC ICT contracts.xlsx")
    cols = [("Contract", C_area()), ("Supplier name", C_fld("supplier")), ("Vendor", C_fld("vendor")),
            ("Product", C_fld("product")), ("Model", C_fld("model")), ("Version", C_fld("version")),
            ("Contract value (pa)", C_spend()), ("Start", C_date("start", xl_fmt=d_slash)),
            ("Renewal date", C_date("end", xl_fmt=d_slash)), ("Licence count", C_int_licences()),
            ("Lead officer", C_officer()), ("Job title", C_title()), ("Contact", C_phone())]
    rows = table_rows(L, [fw, av, ea, bi, hou], cols)
    rows.insert(3, table_rows(L, [mfa], cols, where="hidden-row")[1])
    rows[2][cols.index(cols[12])] = (f'="Call "&"{L.name(oha.name, "formula")}"&" on "&"'
                                     f'{L.phone(oha.phone, "formula")}"')
    L.k("Microsoft", "vendor")
    audit = [["Changed by", "When", "What"],
             [L.name(dar.name, "hidden-sheet"), "04/11/2024", "Updated EA value"],
             [L.name(mca.name, "hidden-sheet"), "05/11/2024",
              f"Added {L.sec('apexone-srv.ad.cldc.local', 'hostname', 'hidden-sheet')} "
              f"{L.sec('10.77.20.15', 'ip', 'hidden-sheet')}"]]
    xlsx_openpyxl(path, "Contracts", f"{L.k(cs.council, 'org')} ICT contracts - {L.k(ref, 'ref')}", rows,
                  hidden_rows=(3,), extra_sheets=[("Audit", audit, "veryHidden")],
                  props={"creator": L.name(dar.name, "metadata"), "lastModifiedBy": L.name(nib.name, "metadata"),
                         "description": f"Maintained by {L.name(mca.name, 'metadata')}"},
                  widths=[28, 24, 18, 22, 10, 12, 14, 12, 12, 10, 22, 30, 30])
    return cs

# --------------------------------------------------------------------------------------------
# Case 8: Westbury Sands BC - XlsxWriter row register with text money/dates, capitalised names
# and initials, header/footer, hidden column, comment and hidden sheet; PyMuPDF memo with a
# To/From grid, fake box and annotation; tab-delimited CSV; DOCX notes with name+phone cells.
# --------------------------------------------------------------------------------------------


def xlsx_rows_xlsxwriter(path: Path, sheet: str, heading: str, rows, *, hidden_cols=(), comments=None,
                         props=None, header_footer=("", ""), extra_sheets=()):
    """A row-per-contract register written by XlsxWriter, all values as text."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws.write(0, 0, heading, wb.add_format({"bold": True, "font_size": 12}))
    hdr = rows[0]
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v != "":
                ws.write_string(2 + i, j, str(v), bold if i == 0 else wrap)
    for j, h in enumerate(hdr):
        ws.set_column(j, j, 22, None, {"hidden": True} if h in hidden_cols else {})
    for (ri, h), (text, author) in (comments or {}).items():
        ws.write_comment(2 + ri, hdr.index(h), text, {"author": author})
    if header_footer[0]:
        ws.set_header(header_footer[0])
    if header_footer[1]:
        ws.set_footer(header_footer[1])
    for name, srows, state in extra_sheets:
        es = wb.add_worksheet(name)
        for ri, r in enumerate(srows):
            for cj, v in enumerate(r):
                es.write(ri, cj, v)
        if state == "hidden":
            es.hide()
    p = dict(props or {})
    p.setdefault("created", dt.datetime(2024, 10, 4, 9, 30, 0))
    wb.set_properties(p)
    wb.close()


def case_westbury(out: Path, rng: random.Random) -> Case:
    cs = Case(out, "ho-08-westbury-sands", "Westbury Sands Borough Council")
    dom = "westburysands.gov.uk"
    switch, foi = "01632 960000", f"foi@{dom}"
    team = Team("Digital Team", "01632 960100", f"digital@{dom}")
    rash = Person("Mohammed Al-Rashid", "Infrastructure and Networks Manager", "01632 960544",
                  f"mohammed.al-rashid@{dom}", mobile="07700 900977")
    bhat = Person("Kaveri R. Bhattacharya", "Cyber Resilience Officer", "01632 960 618", f"k.bhattacharya@{dom}",
                  mobile="07700 900 205")
    beg = Person("Fatima Begum", "ICT Finance Officer", "(01632) 960731", f"fatima.begum@{dom}")
    fer = Person("Lucas Ferreira", "Insight Analyst", "01632 960 862", f"lucasferreira@{dom}")
    mcn = Person("Joanne McNally", "Digital Programme Officer", "01632 960 473", f"j.mcnally@{dom}")
    oko = Person("Simon Okoro", "Head of Digital", "01632 960 390", f"simon.okoro@{dom}")
    cllr = "Rebecca Thwaite"
    ref = "WSBC/FOI/24/771"
    fw = Contract("Firewall", "fw", "Computacenter", "Barracuda Networks", "CloudGen Firewall", 29450,
                  dt.date(2021, 5, 10), dt.date(2024, 5, 9), rash, model="F600", version="9.0.4",
                  hosts=[("wsbc-cgf-01.wsbc.internal", "10.5.0.254")])
    av = Contract("Anti-virus", "av", "SCC", "Broadcom", "Symantec Endpoint Security Complete", 19980,
                  dt.date(2023, 12, 1), dt.date(2026, 11, 30), bhat, version="14.3 RU8", licences=1750,
                  hosts=[("sepm01.wsbc.internal", "10.5.12.40")])
    ea = Contract("Microsoft Enterprise Agreement", "ea", "Crayon", "Microsoft", "", 377250, dt.date(2024, 3, 1),
                  dt.date(2027, 2, 28), beg, licences=1900,
                  products=["Microsoft 365 E3", "Windows 11 Enterprise E3", "Azure"])
    bi = Contract("BI platform", "bi", "Qlik", "Qlik", "Qlik Sense Enterprise SaaS", 31600, dt.date(2022, 9, 1),
                  dt.date(2025, 8, 31), fer, licences=90)
    crm = Contract("CRM", "biz", "Salesforce", "Salesforce", "Service Cloud", 84200, dt.date(2023, 7, 17),
                   dt.date(2026, 7, 16), team)
    caps = {rash: "MOHAMMED AL-RASHID", bhat: "K. R. BHATTACHARYA", beg: "FATIMA BEGUM", fer: "LUCAS FERREIRA"}

    # ---- register (XlsxWriter rows, text values) ----------------------------------------------
    path, L = cs.file("Westbury Sands - ICT contracts.xlsx")

    def caps_officer(lab, c, w):
        o = c.officer
        return lab.k(o.name, "team") if _is_team(o) else lab.name(caps[o], w)

    cols = [("Category", C_area()), ("Supplier name", C_fld("supplier")),
            ("Solution", C_brand("{vendor} {product} {model}")), ("Version", C_fld("version")),
            ("Contract value (pa)", C_spend(m_gbp)), ("Term", C_term()), ("Renewal date", C_date("end", d_my)),
            ("Contract Manager", caps_officer), ("Contact", C_phone()), ("Email", C_email()),
            ("Technical notes", C_hosts(fmt="{h} @ {ip}")), ("Out of hours", C_mobile())]
    rows = table_rows(L, [fw, av, ea, bi, crm], cols, hidden_cols=("Out of hours",))
    L.k("Microsoft", "vendor")
    old = [["Name", "Phone", "Left"], [L.name("Derek Ashcroft-Pym", "hidden-sheet"),
                                       L.phone("01632 960 915", "hidden-sheet"), "2023"],
           [L.name(rash.name, "hidden-sheet"), L.phone(rash.mobile, "hidden-sheet"), ""]]
    xlsx_rows_xlsxwriter(path, "Contracts", f"{L.k(cs.council, 'org')} ICT contracts ({L.k(ref, 'ref')})", rows,
                         hidden_cols=("Out of hours",),
                         comments={(2, "Contract value (pa)"): (
                             f"Price held until renewal - {L.name(beg.name, 'comment')}", L.name(beg.name, "comment"))},
                         props={"author": L.name(mcn.name, "metadata"), "manager": L.name(oko.name, "metadata")},
                         header_footer=("&CWestbury Sands BC - &A", f"&LPrinted by {L.name(mcn.name, 'footer')}"),
                         extra_sheets=[("Old contacts", old, "hidden")])

    # ---- memo (PyMuPDF) -----------------------------------------------------------------------
    path, L = cs.file("Memo to Head of Digital.pdf")
    box = f"Mobile: {L.phone(rash.mobile, 'fake-box')}"
    B = [("title", "MEMORANDUM"),
         ("kv", [["To", f"{L.name(oko.name, 'table')}, {L.k(oko.title, 'title')}"],
                 ["From", f"{L.name(mcn.name, 'table')}, {L.k(mcn.title, 'title')}"],
                 ["Date", "30 October 2024"], ["Subject", f"FOI {L.k(ref, 'ref')} - contract summary"]], [80, 380]),
         ("p", "Following the request above, here is the summary of the four contract areas asked about."),
         ("table", [["Area", "Supplier", "Renewal", "Manager"]] +
          [[c.area if c.kind != "ea" else "Microsoft EA", pv(L, c, "supplier"), plant(L, c, d_abbr(c.end), "date"),
            L.name(c.officer.name) if not _is_team(c.officer) else L.k(c.officer.name, "team")]
           for c in (fw, av, ea, bi)], [110, 110, 80, 150]),
         ("p", f"The firewall ({brand(L, fw, '{vendor} {model}', 'prose')}, {pv(L, fw, 'version', 'prose')}) and "
               f"anti-virus ({brand(L, av, '{vendor} {product}', 'prose')}) details should be withheld under "
               f"section 31(1)(a). The {L.k('Microsoft', 'vendor')} EA ({pv(L, ea, 'products', 'prose')}, "
               f"{plant(L, ea, m_pounds(ea.spend), 'spend', 'prose')}) and "
               f"{pv(L, bi, 'product', 'prose')} ({plant(L, bi, m_pounds(bi.spend), 'spend', 'prose')}) can be released."),
         ("p", f"Mr {L.sur('Al-Rashid')} is the out-of-hours contact for the firewall:"),
         ("ind", box),
         ("p", L.k(f"Cllr {L.k(cllr, 'councillor')} has requested a copy of the final response.", "prose")),
         ("p", f"Please send any questions to the {L.k(team.name, 'team')} ({L.a(team.mailbox, 'mailbox')})."),
         ("p", "Kind regards"), ("p", L.name("J. McNally", "signature")),
         ("p", f"Ext. {L.phone('0473', 'signature')}")]
    render_mu(path, B, {"author": L.name(mcn.name, "metadata"), "title": "Memo"})
    pdf_post(path, boxes=[box], annots=[(0, (540, 90), L.name(oko.name, "annotation"),
                                         f"OK to release EA and BI - {oko.name}")])

    # ---- licences (tab-delimited CSV) --------------------------------------------------------
    path, L = cs.file("licences.csv")
    cols = [("Area", C_area()), ("Supplier", C_fld("supplier")), ("Product", C_brand("{vendor} {product}")),
            ("Licences", C_licences()), ("Contract value (pa)", C_spend(lambda v: m_pounds(v, True))),
            ("Start date", C_date("start", d_long)), ("End date", C_date("end", d_long)),
            ("Manager", caps_officer), ("Phone", C_phone())]
    rows = table_rows(L, [fw, av, ea, bi, crm], cols)
    L.k("Microsoft", "vendor")
    write_csv(path, rows, delimiter="\t")

    # ---- notes (DOCX) -------------------------------------------------------------------------
    path, L = cs.file("Notes for response.docx")
    trows = [["Contract", "Supplier", "Annual cost", "Officer (tel)"]]
    for c in (fw, av, ea, bi):
        o = c.officer
        trows.append([c.area, pv(L, c, "supplier"), plant(L, c, m_gbp(c.spend), "spend"),
                      f"{L.name(caps[o])} ({L.phone(o.phone)})"])
    D = [("title", f"Notes for response {L.k(ref, 'ref')}"),
         ("table", trows),
         ("p", f"Firewall management address {L.sec('10.5.0.254', 'ip', 'prose')}; "
               f"anti-virus server {L.sec('sepm01.wsbc.internal', 'hostname', 'prose')}."),
         ("comment", f"{L.name('K. R. Bhattacharya', 'prose')} confirmed the endpoint count.", "endpoint count",
          f"{L.name(bhat.name, 'comment')} - on leave from Friday", L.name(oko.name, "comment"), "SO"),
         ("p", f"Licence queries: {L.k('licensing@' + dom, 'mailbox')}")]
    render_docx(path, D, meta={"author": L.name(fer.name, "metadata"), "title": "Notes"},
                footer=f"Saved by {L.name(fer.name, 'footer')}")
    return cs

# --------------------------------------------------------------------------------------------
# Driver and self-check
# --------------------------------------------------------------------------------------------

CASES = [case_thornleigh, case_coldharbour, case_glenmarrow, case_ravensmoor, case_aldersey, case_penmaen, case_carnmoney, case_westbury]


def validate(out: Path, scorer: Path) -> int:
    """Every label must be present in the unredacted input, and no kept text may contain a removed one."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("score", scorer)
    sc = importlib.util.module_from_spec(spec)
    sys.modules["score"] = sc
    spec.loader.exec_module(sc)
    problems = 0
    for lp in sorted(out.glob("*/labels.json")):
        labels = json.loads(lp.read_text(encoding="utf-8"))
        for fname, fl in labels["files"].items():
            ch, errs, info = sc.extract(str(lp.parent / fname))
            if errs or info.get("unopenable"):
                print(f"ERROR {lp.parent.name}/{fname}: {errs}")
                problems += 1
            nch = sc.normalise_channels(ch)
            live = {k: v for k, v in nch.items() if not sc.is_raw_channel(k)}
            for lab in fl["must_remove"]:
                found = any(sc.Matcher(dict(lab, text=t)).find(v) for t in [lab["text"], *lab.get("variants", [])]
                            for v in nch.values())
                if not found:
                    print(f"MISSING-RM {lp.parent.name}/{fname}: {lab['text']!r} ({lab['where']})")
                    problems += 1
            for lab in fl["must_keep"]:
                found = any(sc.Matcher(dict(lab, text=t)).find(v) for t in [lab["text"], *lab.get("alt", [])]
                            for v in live.values())
                if not found:
                    print(f"MISSING-KEEP {lp.parent.name}/{fname}: {lab['text']!r}")
                    problems += 1
                nk = sc.NText(lab["text"])
                for rm in fl["must_remove"]:
                    if sc.Matcher(rm).find(nk):
                        print(f"CONFLICT {lp.parent.name}/{fname}: keep {lab['text']!r} contains "
                              f"remove {rm['text']!r}")
                        problems += 1
    return problems


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--validate" in args
    args = [a for a in args if a != "--validate"]
    out = Path(args[0] if args else "/tmp/heldout")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    extended = {}
    for make in CASES:
        rng = random.Random(f"{SEED}-{make.__name__}")
        cs = make(out, rng)
        ext = cs.finish()
        if ext:
            extended[cs.slug] = ext
    (out / "extended_scope.json").write_text(json.dumps(extended, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {out}")
    if check:
        scorer = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"
        n = validate(out, scorer)
        print(f"validation problems: {n}")
        return 1 if n else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
