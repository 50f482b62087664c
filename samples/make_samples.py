"""Generate the invented FOI case samples/foi-2025-0142 (letter, register, CSV export, briefing note)."""
from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Everything below is invented. Phone numbers come from Ofcom's drama ranges; the security
# vendors, resellers and products are real public products, as an FOI officer would see them.

CASE_ID = "foi-2025-0142"
DEFAULT_OUT = Path(__file__).resolve().parent / CASE_ID

# One fixed moment for every timestamp the file formats store, so re-runs give the same bytes.
STAMP = dt.datetime(2025, 3, 14, 9, 30, 0)
STAMP_EPOCH = int(STAMP.replace(tzinfo=dt.timezone.utc).timestamp())
ZIP_TIME = (2025, 3, 14, 9, 30, 0)


@dataclass(frozen=True)
class Council:
    name: str
    domain: str
    address: str
    switchboard: str
    foi_mailbox: str
    team: str
    team_mailbox: str
    team_phone: str
    procurement_mailbox: str
    councillor: str
    councillor_role: str


@dataclass(frozen=True)
class Officer:
    name: str
    title: str
    phone: str  # as printed in the letter
    phone_sheet: str  # as typed into the register (a different format on purpose)
    email: str
    mobile: str = ""


@dataclass(frozen=True)
class Contract:
    category: str
    supplier: str
    description: str
    brand: str
    spend: int
    start: dt.date
    expiry: dt.date
    licences: int
    officer: Officer | None
    security: bool  # firewall / anti-virus: withheld under s31(1)(a)
    team_contact: tuple[str, str, str, str] = ("", "", "", "")  # name, title, phone, email


COUNCIL = Council(
    name="Nettlecombe Borough Council",
    domain="nettlecombe.gov.uk",
    address="Town Hall, Market Street, Nettlecombe NB1 4TH",
    switchboard="01632 960000",
    foi_mailbox="foi@nettlecombe.gov.uk",
    team="Digital and Technology Team",
    team_mailbox="digital@nettlecombe.gov.uk",
    team_phone="01632 960100",
    procurement_mailbox="procurement@nettlecombe.gov.uk",
    councillor="Margaret Holloway",
    councillor_role="Cabinet Member for Resources",
)

RAMANATHAN = Officer("Priya Ramanathan", "Network Security Manager", "01632 960412", "01632 960412",
                     "priya.ramanathan@nettlecombe.gov.uk", mobile="07700 900781")
PEMBRIDGE = Officer("Gareth Pembridge", "Cyber Security Analyst", "0113 496 0587", "+44 113 496 0587",
                    "g.pembridge@nettlecombe.gov.uk", mobile="07700 900264")
ADEBAYO_CLARKE = Officer("Olumide Adebayo-Clarke", "Procurement and Contracts Officer", "020 7946 0321",
                         "020 7946 0321", "olumide.adebayo-clarke@nettlecombe.gov.uk")
FAIRWEATHER = Officer("Siobhan Fairweather", "Business Intelligence Lead", "01632 960458", "(01632) 960458",
                      "siobhanfairweather@nettlecombe.gov.uk")
MARCHETTI = Officer("Helen Marchetti", "Information Governance Officer", "01632 960233", "01632 960233",
                    "helen.marchetti@nettlecombe.gov.uk")
# Appears only in document metadata and the briefing-note footer: the point is that scrubbing matters.
UNDERWOOD = Officer("Rachel Underwood", "Information Governance Assistant", "ext. 4237", "ext. 4237",
                    "r.underwood@nettlecombe.gov.uk")
# Appears only on the hidden "Contacts" sheet.
KOWALCZYK = Officer("Daniel Kowalczyk", "ICT On-call Engineer", "", "", "", mobile="07700 900733")

FIREWALL_HOSTS = (("fw01.nettlecombe.internal", "10.20.1.1"), ("fw02.nettlecombe.internal", "10.20.1.2"))
AV_HOST = ("av-relay01.nettlecombe.internal", "10.20.5.14")
FIREWALL_OS = "FortiOS 7.2.5"

CONTRACTS = (
    Contract("Network firewall", "Computacenter (UK) Ltd", "Perimeter firewall appliances, licences and support",
             "Fortinet FortiGate 200F", 62340, dt.date(2022, 4, 1), dt.date(2026, 3, 31), 2, RAMANATHAN, True),
    Contract("Anti-virus", "Phoenix Software Ltd", "Endpoint protection for servers and desktops",
             "Sophos Intercept X Advanced with XDR", 18420, dt.date(2023, 6, 1), dt.date(2026, 5, 31), 1420,
             PEMBRIDGE, True),
    Contract("Microsoft Enterprise Agreement", "Bytes Software Services", "Microsoft 365 and Windows licensing",
             "Microsoft 365 E3", 214860, dt.date(2022, 7, 1), dt.date(2025, 6, 30), 1450, ADEBAYO_CLARKE, False),
    Contract("Power BI", "Bytes Software Services", "Business intelligence reporting licences",
             "Microsoft Power BI Pro", 9180, dt.date(2022, 7, 1), dt.date(2025, 6, 30), 85, FAIRWEATHER, False),
    Contract("Payroll system", "MHR International UK Ltd", "Payroll and HR system, hosting and support",
             "iTrent", 96500, dt.date(2021, 10, 1), dt.date(2026, 9, 30), 1600, None, False,
             (COUNCIL.team, "", COUNCIL.team_phone, COUNCIL.team_mailbox)),
    Contract("Housing management system", "NEC Software Solutions UK Ltd", "Housing rents and repairs system",
             "NEC Housing", 71250, dt.date(2020, 4, 1), dt.date(2027, 3, 31), 120, None, False,
             ("Procurement Team", "", COUNCIL.switchboard, COUNCIL.procurement_mailbox)),
)
REQUESTED = CONTRACTS[:4]  # the four areas the requester asked about; the register holds more

REGISTER_HEADER = ("Category", "Supplier", "Description", "Brand", "Annual spend (£)", "Start date",
                   "Expiry date", "Duration (years)", "Licences", "Contract officer", "Job title",
                   "Telephone", "Email")


# ---------------------------------------------------------------- formatting helpers

def long_date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def short_date(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def money(amount: int) -> str:
    return f"£{amount:,}"


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def duration_years(c: Contract) -> int:
    return round((c.expiry - c.start).days / 365.25)


def contact_of(c: Contract) -> tuple[str, str, str, str]:
    if c.officer is None:
        return c.team_contact
    o = c.officer
    return (o.name, o.title, o.phone_sheet, o.email)


def register_rows() -> list[tuple]:
    """Register rows with real dates and numbers (the XLSX view); the CSV formats them."""
    rows = []
    for c in CONTRACTS:
        name, title, phone, email = contact_of(c)
        rows.append((c.category, c.supplier, c.description, c.brand, c.spend, c.start, c.expiry,
                     duration_years(c), c.licences, name, title, phone, email))
    return rows


@contextlib.contextmanager
def source_date_epoch(epoch: int):
    """ReportLab's invariant mode reads SOURCE_DATE_EPOCH for the stored dates; restore it afterwards."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def normalise_zip(path: Path, core_modified: str | None = None) -> None:
    """Rewrite an OOXML package with fixed member timestamps so the bytes do not depend on the clock.

    openpyxl also stamps dcterms:modified with the time of saving; `core_modified` replaces it.
    """
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for name, data in members:
            if core_modified and name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + core_modified.encode() + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, data, compresslevel=6)
    path.write_bytes(buf.getvalue())


# ---------------------------------------------------------------- response-letter.pdf

def write_letter_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontName="Helvetica", fontSize=10, leading=13,
                          spaceAfter=7)
    head = ParagraphStyle("head", parent=body, fontName="Helvetica-Bold", fontSize=16, leading=19, spaceAfter=2)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, spaceAfter=0)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT, spaceAfter=0)
    cell = ParagraphStyle("cell", parent=body, fontSize=7, leading=8.6, spaceAfter=0)
    cell_head = ParagraphStyle("cellhead", parent=cell, fontName="Helvetica-Bold")

    fw, av = CONTRACTS[0], CONTRACTS[1]
    (fw1, ip1), (fw2, ip2) = FIREWALL_HOSTS
    c = COUNCIL
    story = [
        Paragraph(c.name, head),
        Paragraph(c.address, small),
        Paragraph(f"Switchboard: {c.switchboard} &nbsp;|&nbsp; Email: {c.foi_mailbox} &nbsp;|&nbsp; "
                  f"www.{c.domain}", small),
        Spacer(1, 8 * mm),
        Paragraph("Our ref: FOI-2025-0142", right),
        Paragraph("Date: 14 March 2025", right),
        Spacer(1, 5 * mm),
        Paragraph("Dear Requester,", body),
        Paragraph("<b>Freedom of Information request FOI-2025-0142: ICT contracts</b>", body),
        Paragraph("Thank you for your request, received on 17 February 2025, for details of the Council's "
                  "contracts for (1) network firewall, (2) anti-virus software, (3) the Microsoft Enterprise "
                  "Agreement and (4) Microsoft Power BI. The information is set out in the table below.", body),
    ]

    header = ("Category", "Supplier", "Annual value", "Brand / Product", "Start date", "Expiry date",
              "Contract officer")
    data = [[Paragraph(h, cell_head) for h in header]]
    for k in REQUESTED:
        o = k.officer
        officer = f"{o.title}<br/>{o.name}<br/>Direct dial: {o.phone}<br/>{o.email}"
        data.append([Paragraph(t, cell) for t in (k.category, k.supplier, money(k.spend), k.brand,
                                                  long_date(k.start), long_date(k.expiry), officer)])
    table = Table(data, colWidths=[62, 64, 44, 74, 46, 46, 179], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story += [table, Spacer(1, 5 * mm)]

    story += [
        Paragraph(f"The Council's network perimeter is protected by two Fortinet FortiGate 200F appliances "
                  f"configured as a high-availability pair ({fw1} at {ip1} and {fw2} at {ip2}), running "
                  f"{FIREWALL_OS}. Endpoint protection is provided by Sophos Intercept X, with updates "
                  f"distributed through the message relay {AV_HOST[0]} ({AV_HOST[1]}).", body),
        Paragraph(f"Ms {RAMANATHAN.name.split()[-1]} has confirmed that the firewall contract with "
                  f"{fw.supplier.split(' (')[0]} will be re-tendered before it expires on {long_date(fw.expiry)}, "
                  f"and that the {av.supplier} anti-virus contract runs until {long_date(av.expiry)}.", body),
        Paragraph("The Microsoft Enterprise Agreement and the Power BI Pro licences are bought through Bytes "
                  "Software Services under a Crown Commercial Service framework. The Council's ICT strategy, "
                  f"which covers these contracts, was approved by Cllr {c.councillor}, {c.councillor_role}, "
                  "in January 2024.", body),
        Paragraph(f"If you have questions about the Council's digital services, please contact the {c.team} "
                  f"on {c.team_phone} or at {c.team_mailbox}.", body),
        Paragraph(f"If you are unhappy with this response you may ask for an internal review by writing to "
                  f"{c.foi_mailbox} within 40 working days. If you remain dissatisfied you may complain to the "
                  "Information Commissioner's Office.", body),
        Spacer(1, 3 * mm),
        Paragraph("Yours sincerely,", body),
        Spacer(1, 8 * mm),
        Paragraph(f"{MARCHETTI.name}<br/>{MARCHETTI.title}<br/>Direct line: {MARCHETTI.phone}<br/>"
                  f"Email: {MARCHETTI.email}", body),
    ]

    with source_date_epoch(STAMP_EPOCH):
        doc = SimpleDocTemplate(
            str(path), pagesize=A4, leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40,
            title="FOI-2025-0142 response", author=UNDERWOOD.name, subject="ICT contracts",
            creator="Nettlecombe Borough Council", keywords="FOI-2025-0142",
            invariant=1, pageCompression=0,  # uncompressed streams: bytes do not depend on zlib
        )
        doc.build(story)


# ---------------------------------------------------------------- contracts-register.xlsx

def write_register_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Register"
    ws.append(REGISTER_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
    for row in register_rows():
        ws.append(row)
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 5).number_format = "£#,##0"
        ws.cell(r, 6).number_format = "dd/mm/yyyy"
        ws.cell(r, 7).number_format = "dd/mm/yyyy"
        ws.cell(r, 9).number_format = "#,##0"
    widths = (30, 30, 44, 36, 16, 12, 12, 10, 10, 24, 32, 18, 42)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = w
    ws.freeze_panes = "A2"
    note = Comment(f"Renewal quote checked by {PEMBRIDGE.name} on 03/02/2025 - 4% uplift agreed.",
                   RAMANATHAN.name)
    note.width, note.height = 240, 80
    ws["E2"].comment = note

    contacts = wb.create_sheet("Contacts")
    contacts.sheet_state = "hidden"
    contacts.append(("Name", "Role", "Mobile", "Out of hours"))
    for o, ooh in ((RAMANATHAN, "Yes"), (PEMBRIDGE, "Yes"), (KOWALCZYK, "Primary")):
        contacts.append((o.name, o.title, o.mobile, ooh))

    props = wb.properties
    props.creator = RAMANATHAN.name
    props.lastModifiedBy = UNDERWOOD.name
    props.title = "ICT contracts register"
    props.created = STAMP
    props.modified = STAMP
    wb.save(path)
    normalise_zip(path, core_modified=STAMP.strftime("%Y-%m-%dT%H:%M:%SZ"))


# ---------------------------------------------------------------- contracts-export.csv

def csv_bytes() -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(REGISTER_HEADER)
    for row in register_rows():
        (cat, sup, desc, brand, spend, start, expiry, years, lic, name, title, phone, email) = row
        writer.writerow((cat, sup, desc, brand, money(spend), short_date(start), short_date(expiry), years,
                         f"{lic:,}", name, title, phone, email))
    return buf.getvalue().encode("utf-8")


def write_export_csv(path: Path) -> None:
    path.write_bytes(csv_bytes())


# ---------------------------------------------------------------- briefing-note.docx

def write_briefing_docx(path: Path) -> None:
    from docx import Document

    fw, av, ea, bi = REQUESTED
    c = COUNCIL
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = f"OFFICIAL-SENSITIVE | Information Governance | {MARCHETTI.email}"
    initial = f"{UNDERWOOD.name[0]}. {UNDERWOOD.name.split()[-1]}"
    section.footer.paragraphs[0].text = f"Prepared by {initial} ({UNDERWOOD.phone}) - {UNDERWOOD.email}"

    doc.add_heading("Briefing note: FOI-2025-0142 (ICT contracts)", level=1)
    doc.add_paragraph("Purpose: to agree the Council's response to FOI-2025-0142, due on 17 March 2025.")
    doc.add_paragraph("The requester asked for the supplier, annual value, product, dates and contract officer "
                      "for four ICT contract areas. The contracts are summarised below.")

    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Contract area", "Supplier", "Product", "Expiry", "Owner")):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for k in REQUESTED:
        owner = f"{k.officer.name[0]}. {k.officer.name.split(maxsplit=1)[1]}"
        for cell, text in zip(table.add_row().cells, (k.category, k.supplier, k.brand, short_date(k.expiry),
                                                      owner)):
            cell.text = text

    doc.add_paragraph()
    doc.add_paragraph(
        f"{RAMANATHAN.name} ({RAMANATHAN.title}) advises that the firewall details should be withheld under "
        f"section 31(1)(a): the FortiGate 200F pair runs {FIREWALL_OS} and is due a firmware upgrade. She can "
        f"be reached out of hours on {RAMANATHAN.mobile}.")
    doc.add_paragraph(
        f"{PEMBRIDGE.name} ({PEMBRIDGE.title}) confirms that Sophos Intercept X is deployed to all endpoints and "
        f"that the contract with {av.supplier} ends on {long_date(av.expiry)}.")
    doc.add_paragraph(
        f"The {ea.category} ({ea.brand}) and {bi.brand} details can be released in full. Cllr {c.councillor}, "
        f"{c.councillor_role}, has been briefed.")
    doc.add_paragraph(
        "Names and direct contact details of officers below Head of Service level are to be withheld under "
        f"section 40(2). Queries to the {c.team}, {c.team_mailbox}.")

    props = doc.core_properties
    props.author = MARCHETTI.name
    props.last_modified_by = UNDERWOOD.name
    props.title = "FOI-2025-0142 briefing note"
    props.comments = ""
    props.revision = 3
    props.created = STAMP
    props.modified = STAMP
    doc.save(path)
    normalise_zip(path)


# ---------------------------------------------------------------- labels (scorer schema)

def _remove(text: str, category: str, where: str, kind: str, also: tuple[str, ...] = ()) -> dict:
    label = {"text": text, "category": category, "where": where, "kind": kind}
    if also:
        label["also"] = list(also)
    return label


def _keep(text: str, kind: str) -> dict:
    return {"text": text, "kind": kind}


def _security_labels(k: Contract, dates: str, where: str = "table", also: tuple[str, ...] = ()) -> list[dict]:
    """s31 labels of a firewall/anti-virus row; `dates` picks how the file writes dates and money."""
    vendor, product = k.brand.split(" ", 1)
    out = [_remove(k.supplier.split(" (")[0].removesuffix(" Ltd"), "s31", where, "vendor", also),
           _remove(vendor, "s31", where, "vendor", also)]
    if vendor == "Fortinet":
        out += [_remove("FortiGate", "s31", where, "product", also), _remove("200F", "s31", where, "model", also)]
    else:
        out.append(_remove("Intercept X", "s31", where, "product", also))
    fmt = {"long": long_date, "short": short_date, "serial": lambda d: str(excel_serial(d))}[dates]
    spend = str(k.spend) if dates == "serial" else money(k.spend)
    out += [_remove(spend, "s31", where, "spend"), _remove(fmt(k.start), "s31", where, "date"),
            _remove(fmt(k.expiry), "s31", where, "date", also)]
    return out


def _kept_contract_labels(dates: str) -> list[dict]:
    fmt = {"long": long_date, "short": short_date, "serial": lambda d: str(excel_serial(d))}[dates]
    ea, bi = CONTRACTS[2], CONTRACTS[3]
    out = [_keep("Microsoft", "vendor"), _keep("Bytes Software Services", "vendor"),
           _keep("Microsoft 365 E3", "product"), _keep("Power BI Pro", "product"),
           _keep(fmt(ea.start), "date"), _keep(fmt(ea.expiry), "date")]
    for k in (ea, bi):
        out.append(_keep(str(k.spend) if dates == "serial" else money(k.spend), "spend"))
    return out


def _officer_labels(officers: tuple[Officer, ...], where: str, phone_attr: str) -> list[dict]:
    out = []
    for o in officers:
        out += [_remove(o.name, "s40", where, "name"), _remove(getattr(o, phone_attr), "s40", where, "phone"),
                _remove(o.email, "s40", where, "email")]
    return out


def _titles(officers: tuple[Officer, ...]) -> list[dict]:
    return [_keep(o.title, "title") for o in officers]


def build_labels() -> dict:
    """Labels in the shape /work/shared/eval/score.py reads, so the sample can be scored like the corpus."""
    c = COUNCIL
    fw, av = CONTRACTS[0], CONTRACTS[1]
    requested_officers = tuple(k.officer for k in REQUESTED)
    hosts = [_remove(h, "s31", "prose", "hostname") for h, _ in FIREWALL_HOSTS + (AV_HOST,)]
    ips = [_remove(ip, "s31", "prose", "ip") for _, ip in FIREWALL_HOSTS + (AV_HOST,)]

    letter_allow = [c.switchboard, c.foi_mailbox, c.team_phone, c.team_mailbox]
    letter = {
        "must_remove": (
            _security_labels(fw, "long", also=("prose",)) + _security_labels(av, "long", also=("prose",))
            + [_remove("FortiOS", "s31", "prose", "product"), _remove("7.2.5", "s31", "prose", "version")]
            + hosts + ips
            + _officer_labels(requested_officers, "table", "phone")
            + [_remove(RAMANATHAN.name.split()[-1], "s40", "prose", "surname")]
            + _officer_labels((MARCHETTI,), "signature", "phone")
            + [_remove(UNDERWOOD.name, "s40", "metadata", "name")]
        ),
        "must_keep": (
            _kept_contract_labels("long") + _titles(requested_officers + (MARCHETTI,))
            + [_keep(c.councillor, "councillor"), _keep(c.name, "org"), _keep("FOI-2025-0142", "ref"),
               _keep("Network firewall", "prose"), _keep("Anti-virus", "prose")]
            + [_keep(c.switchboard, "phone"), _keep(c.team_phone, "phone"),
               _keep(c.foi_mailbox, "mailbox"), _keep(c.team_mailbox, "mailbox")]
        ),
        "allow": letter_allow,
    }

    register_allow = [c.switchboard, c.team_phone, c.team_mailbox]
    register_remove = (
        _security_labels(fw, "serial") + _security_labels(av, "serial")
        + [_remove(RAMANATHAN.name, "s40", "table", "name", ("comment", "hidden-sheet", "metadata")),
           _remove(RAMANATHAN.phone_sheet, "s40", "table", "phone"),
           _remove(RAMANATHAN.email, "s40", "table", "email"),
           _remove(PEMBRIDGE.name, "s40", "table", "name", ("comment", "hidden-sheet")),
           _remove(PEMBRIDGE.phone_sheet, "s40", "table", "phone"),
           _remove(PEMBRIDGE.email, "s40", "table", "email")]
        + _officer_labels((ADEBAYO_CLARKE, FAIRWEATHER), "table", "phone_sheet")
        + [_remove(o.mobile, "s40", "hidden-sheet", "phone") for o in (RAMANATHAN, PEMBRIDGE, KOWALCZYK)]
        + [_remove(KOWALCZYK.name, "s40", "hidden-sheet", "name"),
           _remove(UNDERWOOD.name, "s40", "metadata", "name")]
    )
    other = CONTRACTS[4:]
    register_keep = (
        _kept_contract_labels("serial") + _titles(requested_officers)
        + [_keep(k.supplier, "vendor") for k in other] + [_keep(k.brand, "product") for k in other]
        + [_keep(str(k.spend), "spend") for k in other]
        + [_keep(c.team_mailbox, "mailbox"), _keep(c.procurement_mailbox, "mailbox"),
           _keep(c.team_phone, "phone"), _keep(c.switchboard, "phone"), _keep(c.team, "team"),
           _keep("Network firewall", "prose"), _keep("Anti-virus", "prose")]
    )
    register = {"must_remove": register_remove, "must_keep": register_keep, "allow": register_allow}

    export = {
        "must_remove": (_security_labels(fw, "short") + _security_labels(av, "short")
                        + _officer_labels(requested_officers, "table", "phone_sheet")),
        "must_keep": (_kept_contract_labels("short") + _titles(requested_officers)
                      + [_keep(k.supplier, "vendor") for k in other] + [_keep(k.brand, "product") for k in other]
                      + [_keep(money(k.spend), "spend") for k in other]
                      + [_keep(c.team_mailbox, "mailbox"), _keep(c.procurement_mailbox, "mailbox"),
                         _keep(c.team_phone, "phone"), _keep(c.switchboard, "phone"), _keep(c.team, "team")]),
        "allow": register_allow,
    }

    initials = [f"{o.name[0]}. {o.name.split(maxsplit=1)[1]}" for o in requested_officers]
    note = {
        "must_remove": (
            [_remove(k.supplier.split(" (")[0].removesuffix(" Ltd"), "s31", "table", "vendor") for k in (fw, av)]
            + [_remove("Fortinet", "s31", "table", "vendor"),
               _remove("FortiGate", "s31", "table", "product", ("prose",)),
               _remove("200F", "s31", "table", "model", ("prose",)),
               _remove("Sophos", "s31", "table", "vendor", ("prose",)),
               _remove("Intercept X", "s31", "table", "product", ("prose",)),
               _remove(short_date(fw.expiry), "s31", "table", "date"),
               _remove(short_date(av.expiry), "s31", "table", "date"),
               _remove(long_date(av.expiry), "s31", "prose", "date"),
               _remove("FortiOS", "s31", "prose", "product"), _remove("7.2.5", "s31", "prose", "version")]
            + [_remove(i, "s40", "table", "name") for i in initials]
            + [_remove(RAMANATHAN.name, "s40", "prose", "name"), _remove(PEMBRIDGE.name, "s40", "prose", "name"),
               _remove(RAMANATHAN.mobile, "s40", "prose", "phone"),
               _remove(MARCHETTI.email, "s40", "header", "email"),
               _remove(f"{UNDERWOOD.name[0]}. {UNDERWOOD.name.split()[-1]}", "s40", "footer", "name"),
               _remove(UNDERWOOD.phone, "s40", "footer", "phone"),
               _remove(UNDERWOOD.email, "s40", "footer", "email"),
               _remove(MARCHETTI.name, "s40", "metadata", "name"),
               _remove(UNDERWOOD.name, "s40", "metadata", "name")]
        ),
        "must_keep": ([_keep("Microsoft", "vendor"), _keep("Bytes Software Services", "vendor"),
                       _keep("Microsoft 365 E3", "product"), _keep("Power BI Pro", "product"),
                       _keep(short_date(CONTRACTS[2].expiry), "date")]
                      + _titles((RAMANATHAN, PEMBRIDGE))
                      + [_keep(c.councillor, "councillor"), _keep(c.team_mailbox, "mailbox"),
                         _keep(c.team, "team"), _keep("FOI-2025-0142", "ref")]),
        "allow": [c.team_mailbox],
    }

    files = {"response-letter.pdf": letter, "contracts-register.xlsx": register,
             "contracts-export.csv": export, "briefing-note.docx": note}
    allow = []
    for spec in files.values():
        allow += [a for a in spec["allow"] if a not in allow]
    return {"case": CASE_ID, "council": c.name, "allow": allow, "files": files}


# ---------------------------------------------------------------- entry point

WRITERS = (
    ("response-letter.pdf", write_letter_pdf),
    ("contracts-register.xlsx", write_register_xlsx),
    ("contracts-export.csv", write_export_csv),
    ("briefing-note.docx", write_briefing_docx),
)


def generate(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, writer in WRITERS:
        writer(out / name)
        written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: samples/{CASE_ID})")
    parser.add_argument("--labels", type=Path, default=None,
                        help="also write a labels.json for the eval scorer here (keep it out of samples/: "
                             "it lists every withheld value in plain text)")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    if args.labels:
        args.labels.parent.mkdir(parents=True, exist_ok=True)
        args.labels.write_text(json.dumps(build_labels(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(args.labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
