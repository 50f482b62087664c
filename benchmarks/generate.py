"""Generates the benchmark inputs (invented council prose, a large workbook, a mixed folder) deterministically."""
from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

# Everything here is invented. Phone numbers are from Ofcom's drama ranges; products are real
# public security products, as an FOI officer would see them in contract papers.
COUNCIL = "Nettlecombe Borough Council"
DOMAIN = "nettlecombe.gov.uk"
GIVEN = ["Priya", "Gareth", "Helen", "Olumide", "Siobhan", "Daniel", "Rachel", "Callum", "Nadia", "Megan",
         "Declan", "Aisha", "Tomasz", "Fiona", "Imran", "Bethan", "Kwame", "Eleanor", "Rhys", "Sunita"]
SURNAMES = ["Ramanathan", "Pembridge", "Marchetti", "Fairweather", "Kowalczyk", "Underwood", "Lindqvist",
            "Okonkwo", "Braithwaite", "Castellano", "Abernethy", "Whitlock", "Desai", "Rowntree", "Hallam",
            "Prendergast", "Mbeki", "Ashworth", "Carrick-Jones", "Fairbairn"]
TITLES = ["Network Security Manager", "Procurement Officer", "ICT Service Desk Lead", "Information Governance Officer",
          "Infrastructure Engineer", "Contracts Manager", "Cyber Security Analyst", "Business Intelligence Lead"]
SECURITY = ["Fortinet FortiGate 200F", "Sophos Intercept X Advanced", "Palo Alto Networks PA-3220", "Check Point Quantum 6200",
            "SonicWall TZ670", "WatchGuard Firebox M590", "CrowdStrike Falcon Insight", "Mimecast Email Security",
            "Cisco Firepower 2130", "ESET PROTECT Enterprise"]
RELEASABLE = ["Microsoft 365 E3", "Microsoft Power BI Pro", "Civica Financials", "NEC Housing", "iTrent Payroll"]
SUPPLIERS = ["Computacenter (UK) Ltd", "Phoenix Software Ltd", "Bytes Software Services", "Softcat plc",
             "CDW UK Ltd", "Insight Direct (UK) Ltd"]
PLAIN = [
    "The council keeps its contracts under regular review to make sure they continue to offer value for money.",
    "Spending on information technology is reported to the Resources Scrutiny Committee each quarter.",
    "Procurement follows the council's contract procedure rules and the Public Contracts Regulations 2015.",
    "The register is published on the council website and updated whenever a contract is awarded or renewed.",
    "Licence numbers are reconciled against the asset register at the end of each financial year.",
    "The service desk handles around four thousand requests a month from staff across all directorates.",
    "Where a contract includes support, the supplier must respond to priority one incidents within four hours.",
    "Renewal options are considered at least six months before the expiry date shown in the register.",
    "The council received your request for information and has handled it under the Freedom of Information Act 2000.",
    "Some of the information requested is exempt from disclosure, as explained in the paragraphs below.",
    "The figures given are annual costs excluding VAT and include licences, maintenance and support.",
    "The authority holds the information you asked for and has provided it in the table attached to this letter.",
]


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    phone: str
    email: str


def people(rng: random.Random, n: int = 40) -> list[Person]:
    out = []
    for i in range(n):
        given, surname = GIVEN[i % len(GIVEN)], SURNAMES[(i * 7 + 3) % len(SURNAMES)]
        phone = rng.choice([f"01632 960{rng.randint(100, 999)}", f"0113 496 0{rng.randint(100, 999)}",
                            f"07700 900{rng.randint(100, 999)}"])
        email = f"{given.lower()}.{surname.lower()}@{DOMAIN}"
        out.append(Person(f"{given} {surname}", rng.choice(TITLES), phone, email))
    return out


def sentence(rng: random.Random, staff: list[Person]) -> str:
    p = rng.choice(staff)
    kind = rng.random()
    if kind < 0.10:
        return f"The contract is managed by {p.name}, {p.title}, who can be reached on {p.phone} or at {p.email}."
    if kind < 0.16:
        return f"Please direct any technical questions to {p.name} ({p.email})."
    if kind < 0.24:
        return f"The {rng.choice(['firewall', 'anti-virus', 'endpoint protection'])} service uses {rng.choice(SECURITY)}, supplied by {rng.choice(SUPPLIERS)}."
    if kind < 0.30:
        return f"The council also licenses {rng.choice(RELEASABLE)} through {rng.choice(SUPPLIERS)} at an annual cost of £{rng.randint(5, 250) * 1000:,}."
    if kind < 0.34:
        return f"Ms {p.name.split()[-1]} reviewed the renewal with the Head of Digital Services on {rng.randint(1, 28)} March 2025."
    return rng.choice(PLAIN)


def paragraph(rng: random.Random, staff: list[Person], sentences: int) -> str:
    return " ".join(sentence(rng, staff) for _ in range(sentences))


def page_texts(pages: int, words_per_page: int = 360, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    staff = people(rng)
    out = []
    for n in range(pages):
        paras, words = [f"{COUNCIL} - ICT contracts review, section {n + 1}"], 0
        while words < words_per_page:
            para = paragraph(rng, staff, rng.randint(3, 6))
            paras.append(para)
            words += len(para.split())
        out.append("\n\n".join(paras))
    return out


def write_prose_pdf(path: Path, pages: int, seed: int = 7) -> int:
    """A text PDF of council prose; returns its word count."""
    import pymupdf

    pdf = pymupdf.open()
    words = 0
    for text in page_texts(pages, seed=seed):
        page = pdf.new_page(width=595, height=842)
        rect = pymupdf.Rect(50, 50, 545, 792)
        while page.insert_textbox(rect, text, fontsize=8.5, fontname="helv") < 0:
            text = text.rsplit("\n\n", 1)[0]  # drop the last paragraph until the page holds it
        words += len(text.split())
    pdf.set_metadata({"title": "ICT contracts review", "author": "Benchmark generator"})
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(str(path), garbage=3, deflate=True)
    return words


REGISTER_HEADER = ["Ref", "Category", "Supplier", "Product", "Annual cost (£)", "Start date", "Expiry date",
                   "Contract officer", "Job title", "Telephone", "Email", "Notes"]


def register_rows(rng: random.Random, staff: list[Person], rows: int) -> list[list]:
    out = []
    for r in range(rows):
        security = rng.random() < 0.25
        p = rng.choice(staff)
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1500))
        out.append([
            f"CR-{r + 1:05d}",
            rng.choice(["Network firewall", "Anti-virus"]) if security else rng.choice(["Licensing", "Hosting", "Support", "Hardware"]),
            rng.choice(SUPPLIERS),
            rng.choice(SECURITY) if security else rng.choice(RELEASABLE),
            rng.randint(1, 300) * 100,
            start,
            start + dt.timedelta(days=365 * rng.randint(1, 5)),
            p.name, p.title, p.phone, p.email,
            rng.choice(["", "", "Renewal due", "Under review", "Extended by one year"]),
        ])
    return out


def write_workbook(path: Path, sheets: int, rows: int, seed: int = 11) -> int:
    """An XLSX contracts register (xlsxwriter, fast to write); returns the cell count."""
    import xlsxwriter

    rng = random.Random(seed)
    staff = people(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    cells = 0
    for s in range(sheets):
        sheet = book.add_worksheet(f"Register {2005 + s}")
        sheet.write_row(0, 0, REGISTER_HEADER)
        for r, row in enumerate(register_rows(rng, staff, rows), start=1):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
                elif value != "":
                    sheet.write(r, c, value)
                    cells += 1
    book.close()
    return cells


def write_docx(path: Path, paragraphs: int, seed: int) -> None:
    import docx

    rng = random.Random(seed)
    staff = people(rng)
    document = docx.Document()
    document.add_heading("Briefing note: ICT contracts", level=1)
    for _ in range(paragraphs):
        document.add_paragraph(paragraph(rng, staff, rng.randint(3, 6)))
    table = document.add_table(rows=1, cols=4)
    for cell, head in zip(table.rows[0].cells, ["Supplier", "Product", "Contract officer", "Email"]):
        cell.text = head
    for _ in range(8):
        p = rng.choice(staff)
        for cell, value in zip(table.add_row().cells, [rng.choice(SUPPLIERS), rng.choice(SECURITY + RELEASABLE), p.name, p.email]):
            cell.text = value
    document.core_properties.author = rng.choice(staff).name
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def write_csv(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    staff = people(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(REGISTER_HEADER)
        for row in register_rows(rng, staff, rows):
            w.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row])


def write_folder(folder: Path, files: int = 40) -> dict[str, int]:
    """A response folder of mixed files: letters (PDF), registers (XLSX, CSV) and briefing notes (DOCX)."""
    counts = {"pdf": 0, "xlsx": 0, "docx": 0, "csv": 0}
    for i in range(files):
        kind = ("pdf", "pdf", "xlsx", "docx", "pdf", "csv", "docx", "xlsx")[i % 8]
        name = folder / f"{i + 1:02d}-{kind}-attachment.{kind}"
        if kind == "pdf":
            write_prose_pdf(name, pages=4 + (i * 5) % 13, seed=100 + i)
        elif kind == "xlsx":
            write_workbook(name, sheets=2, rows=150 + (i * 37) % 200, seed=200 + i)
        elif kind == "docx":
            write_docx(name, paragraphs=20 + (i * 3) % 25, seed=300 + i)
        else:
            write_csv(name, rows=200, seed=400 + i)
        counts[kind] += 1
    return counts
