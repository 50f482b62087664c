"""Document context: table headers and records, security rows and sections, name columns."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from redactor.engine import Analysis, Engine
from redactor.models import Document, Finding, Segment
from redactor.text_patterns import (
    CAPS_NAME_RE,
    COUNT_RE,
    DATE_RE,
    EMAIL_HEADER_RE,
    MODEL_RE,
    MONEY_RE,
    SHORT_NAME_RE,
    SINGLE_WORD_RE,
    NUMBER_CELL_RE,
    PERSON_NAME_RE,
    SENTENCE_SPLIT_RE,
    VERSION_RE,
)

if TYPE_CHECKING:
    from redactor.detect import FolderKnowledge

# Column roles, tried in order: the first whose pattern matches a header names the column.
HEADER_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        ("title", r"\b(?:job\s*title|role|position|designation|post)\b|"
                  r"\b(?:holder|officer|owner|manager|contact|staff|person|requisitioner|approver)(?:'s)?\s+title\b"),
        ("email", r"\be-?mail\b|\b(?:in|mail)box\b"),
        ("phone", r"\b(?:tel(?:ephone)?|phone|mobile|direct\s*(?:dial|line)|contact\s*(?:no|number)|ext(?:ension)?)\b"),
        ("ref", r"\b(?:ref(?:erence)?|id)\b|\bcost\s*cent(?:re|er)\b|\b(?:po|order|invoice)\s*(?:no|number|num)\b"),
        # People: officer/contact words win over everything below ("Supplier contact" is a person).
        ("name", r"\b(?:officer|contact|owner|manager|lead|responsible|prepared|author|approver|signatory|"
                 r"forename|surname|first\s*name|last\s*name|given\s*name|staff|employee|person|"
                 r"(?:budget|cost\s*cent(?:re|er)|account)\s*holder|requisitioner|requester|assigned\s*to|custodian|"
                 r"(?:raised|approved|checked|requested|authori[sz]ed|signed|completed|reviewed|submitted|ordered)\s+by)\b"),
        ("spend", r"\b(?:value|spend|cost|price|amount|annual|yearly|total|budget|fee|charge)\b|£"),
        ("date", r"\b(?:start|expir\w*|end|renewal|dates?|commenc\w*|term|duration|period|length|years?|months?|until|from|to)\b"),
        ("count", r"\b(?:licen[cs]es?|seats|users|devices|quantity|qty|number\s+of|volume|endpoints)\b"),
        ("version", r"\b(?:version|firmware|release|build)\b"),
        ("supplier", r"\b(?:suppliers?|vendors?|resellers?|providers?|contractors?|company|partners?|awarded|manufacturers?|distributors?)\b"),
        ("product", r"\b(?:brands?|products?|solutions?|software|platforms?|make|models?|desc(?:ription)?|details?|technology|tools?)\b"),
        ("host", r"\bhost\s*names?\b|\bip\s*(?:v[46]\s*)?(?:address(?:es)?)?$|\bip\s*address|\bfqdn\b|\bmac\s*address\b|\bnetbios\b"),
        ("tech", r"\b(?:notes?|comments?|host(?:name)?s?|ip|servers?|infrastructure|technical|location)\b"),
        ("category", r"\b(?:category|contract|area|service|type|lot|requirement|system|function|title)\b"),
        # A bare "Name" column holds people; "Supplier name" or "Contract name" was decided above.
        ("name", r"\bnames?\b"),
    )
)
_PEOPLE_ROLES = {"name", "title", "email", "phone"}
WITHHELD_ROLES = {"supplier", "product", "spend", "date", "count", "version", "tech", "host"}
# A network identifier in a host or address column is withheld in any row; "DHCP" or "-" are not identifiers.
_HOST_VALUE = re.compile(r"[\d.:\-]")
_EMPTY = re.compile(r"^[\s\-–—/.,:;()█]*$")  # █ marks a blanked redaction label


@dataclass
class Record:
    """One record of a table: its cells keyed by column role (a row, or a column when transposed)."""

    cells: list[tuple[str, Segment]]  # (role, segment); role "" when the header is unknown


def header_role(text: str) -> str | None:
    # Exports name columns SUPPLIER_NAME or supplierName: read them as words.
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text.replace("_", " ")).strip()
    if not text or len(text) > 60 or any(ch.isdigit() for ch in text.replace("(£)", "")):
        return None
    for role, pattern in HEADER_ROLES:
        if pattern.search(text):
            return role
    return None


def table_records(grid: dict[tuple[int, int], Segment]) -> list[Record]:
    """Find the header row (or column, for transposed layouts) and return the records under it."""
    lines_of: dict[str, dict[int, list[tuple[int, Segment]]]] = {"rows": {}, "cols": {}}
    for (r, c), seg in grid.items():
        lines_of["rows"].setdefault(r, []).append((c, seg))
        lines_of["cols"].setdefault(c, []).append((r, seg))
    known: dict[str, str | None] = {}  # header_role per distinct text: a column repeats its values

    def role_of(text: str) -> str | None:
        if text not in known:
            known[text] = header_role(text)
        return known[text]

    best: tuple[int, str, int] | None = None  # (matches, orientation, index)
    for orient, first in (("rows", 6), ("cols", 3)):
        for idx in sorted(lines_of[orient])[:first]:
            filled = [s for _, s in lines_of[orient][idx] if s.text.strip()]
            hits = misses = 0
            for s in filled:
                if role_of(s.text):
                    hits += 1
                else:
                    misses += 1
                    if misses * 2 > len(filled):
                        break  # most of the line is not header words: it is not the header
            if hits >= 2 and hits * 2 >= len(filled) and (best is None or hits > best[0]):
                best = (hits, orient, idx)
    if best is None:
        return []
    _, orient, idx = best
    roles = {pos: role_of(seg.text) or "" for pos, seg in lines_of[orient][idx]}
    records: dict[tuple[int, int], list[tuple[str, Segment]]] = {}
    blocks = _stacked_blocks(grid, idx) if orient == "cols" else {}
    for (r, c), seg in grid.items():
        line, pos = (r, c) if orient == "rows" else (c, r)
        if line <= idx:
            continue
        records.setdefault((line, blocks.get(pos, 0)), []).append((roles.get(pos, ""), seg))
    return [Record(cells) for _, cells in sorted(records.items())]


def _stacked_blocks(grid: dict[tuple[int, int], Segment], key_col: int) -> dict[int, int]:
    """Row -> block number for label/value tables stacked one above another.

    Two award notices in one ruled table read "Contract title, Supplier, ... Contract title,
    Supplier, ...": a label seen again starts a new record, so each notice is judged alone.
    """
    block, seen, out = 0, set(), {}
    for r in sorted(r for r, c in grid if c == key_col):
        key = " ".join(grid[(r, key_col)].text.split()).casefold()
        if key and key in seen:
            block, seen = block + 1, set()
        if key:
            seen.add(key)
        out[r] = block
    return out


def document_records(doc: Document) -> list[Record]:
    """Every table record of the document, found once and shared by the rules that need them."""
    return [record for grid in doc.tables().values() for record in table_records(grid)]


def cell_roles(records: list[Record]) -> dict[int, str]:
    """Column role of every table cell that sits under a recognised header (segment id -> role)."""
    return {seg.id: role for record in records for role, seg in record.cells if role}


class _TextTests:
    """The catalogue's two text tests, each distinct text tested once (a register repeats its cells)."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self._security: dict[str, bool] = {}
        self._release: dict[str, bool] = {}

    def is_security_text(self, text: str) -> bool:
        if text not in self._security:
            self._security[text] = self.catalogue.is_security_text(text)
        return self._security[text]

    def is_release_text(self, text: str) -> bool:
        if text not in self._release:
            self._release[text] = self.catalogue.is_release_text(text)
        return self._release[text]


def is_security_record(engine: Engine, record: Record, catalogue=None) -> bool:
    """A firewall/anti-virus record: decided by its category cell when it has one, else by any cell.

    catalogue stands in for engine.catalogue's text tests (e.g. a cached _TextTests).
    """
    cat = catalogue or engine.catalogue
    category = [s.text for role, s in record.cells if role == "category" and s.text.strip()]
    if category:
        joined = " ".join(category)
        if cat.is_security_text(joined):
            return True
        if cat.is_release_text(joined):
            return False
    # An officer's details say nothing about what the row buys ("Cyber Security Manager" runs the
    # Microsoft EA row too), so people columns never make a row a security one.
    texts = [s.text for role, s in record.cells if role not in _PEOPLE_ROLES]
    if any(cat.is_release_text(t) for role, s in record.cells if role in ("category", "product") for t in [s.text]):
        return False
    return any(cat.is_security_text(t) for t in texts)


def security_document(engine: Engine, doc: Document) -> bool:
    """A document whose title is about firewalls or anti-virus: a renewal quote, an award notice.

    The title is the file name and the document's first line when that is short enough to be a
    heading. Naming a released area as well ("Firewall and Microsoft EA contracts") makes it
    about neither.
    """
    titles = [re.sub(r"[_\-.]+", " ", doc.path.stem)]
    first = next((s.text.strip() for s in doc.segments if s.text.strip() and s.where in ("prose", "table", "header")), "")
    if first and len(first) <= 100 and len(first.split()) <= 12 and "\n" not in first:
        titles.append(first)
    cat = engine.catalogue
    return any(cat.is_security_text(t) for t in titles) and not any(cat.is_release_text(t) for t in titles)


def _names_own_subject(record: Record, catalogue) -> bool:
    """A record that says what it buys (a category or product cell, or a released product) is judged by that alone."""
    return any(s.text.strip() and (role in ("category", "product") or catalogue.is_release_text(s.text))
               for role, s in record.cells if role not in _PEOPLE_ROLES)


def table_findings(engine: Engine, records: list[Record], knowledge: "FolderKnowledge",
                   memo: dict[str, bool] | None = None, security_doc: bool = False) -> list[Finding]:
    """Names in people columns, numbers in phone columns, and the withheld cells of security records.

    memo is is_plausible_person's cache for this document (see detect.detect_document). In a
    security document (security_document) a record that does not say what it buys (a quote's
    supplier, term or totals) is taken to be about the document's subject.
    """
    out: list[Finding] = []
    catalogue = _TextTests(engine.catalogue)
    names: dict[str, list[Finding]] = {}  # a name column repeats its names: each distinct text judged once
    for record in records:
        security = is_security_record(engine, record, catalogue) or (security_doc and not _names_own_subject(record, catalogue))
        for role, seg in record.cells:
            if _EMPTY.match(seg.text) or _is_label_only(seg.text):
                continue
            if role == "name":
                found = names.get(seg.text)
                if found is None:
                    found = names[seg.text] = name_cell_findings(engine, seg, knowledge, memo)
                    out += found
                else:
                    out += [Finding(seg.id, f.start, f.end, f.entity, f.score, f.rule, f.recognizer, f.text) for f in found]
            elif role == "phone" and re.fullmatch(r"\s*\+?[\d\s()\-.]{3,16}\s*", seg.text):
                # A phone or extension column: every number in it is a contact number, even a
                # bare extension (2290) or a mobile Excel stored as 7700900321.
                out.append(Finding(seg.id, 0, len(seg.text), "PHONE_NUMBER", 0.85, "phone-column", "TableContext", seg.text, whole_segment=True))
            if role == "host" and _HOST_VALUE.search(seg.text) and not security:
                out.append(Finding(seg.id, 0, len(seg.text), "HOSTNAME", 0.85, "host-column", "TableContext", seg.text, whole_segment=True))
            if security and (role in WITHHELD_ROLES or (role == "" and _looks_withheld(engine, seg.text))):
                out.append(Finding(seg.id, 0, len(seg.text), "SECURITY_DETAIL", 0.9, f"security-row:{role or 'cell'}", "TableContext", seg.text, whole_segment=True))
    return out


def _is_label_only(text: str) -> bool:
    return "[Redacted" in text and bool(re.fullmatch(r"\s*(?:\[Redacted[^\]]*\]\s*)+", text))


def _looks_withheld(engine: Engine, text: str) -> bool:
    """A cell under no known header is withheld when it holds a value, not when it names the area."""
    return bool(engine.catalogue.find_products(text) or MONEY_RE.search(text) or DATE_RE.search(text) or NUMBER_CELL_RE.match(text))


_INITIALS_CELL = re.compile(r"\s*([A-Z]{2,3})\s*")
_NOT_INITIALS = {"tbc", "tba", "na", "nil", "all", "any", "yes", "no", "n", "y", "ict", "it", "hr", "ceo", "cmt", "smt", "slt", "elt", "dpo"}


def name_cell_findings(engine: Engine, seg: Segment, knowledge: "FolderKnowledge", memo: dict[str, bool] | None = None) -> list[Finding]:
    """Names in a column whose header says it holds people (e.g. 'Contract officer')."""
    from redactor.detect import is_plausible_person

    out: list[Finding] = []
    for regex in (PERSON_NAME_RE, CAPS_NAME_RE):
        for m in regex.finditer(seg.text):
            start, end = m.span(1)
            name = seg.text[start:end]
            if is_plausible_person(engine, name.title() if name.isupper() else name, knowledge, memo):
                out.append(Finding(seg.id, start, end, "PERSON", 0.85, "name-column", "TableContext", name))
    single = SINGLE_WORD_RE.fullmatch(seg.text)
    if not out and single and single.group(1).casefold() not in _NOT_INITIALS and is_plausible_person(engine, single.group(1).title(), knowledge, memo):
        # A Forename or Surname column holds one word per cell.
        out.append(Finding(seg.id, single.start(1), single.end(1), "PERSON", 0.8, "name-column", "TableContext", single.group(1)))
    short = SHORT_NAME_RE.fullmatch(seg.text)
    if not out and short and not engine.roles.looks_like_job_title(seg.text):
        text = seg.text.strip()
        start = seg.text.index(text)
        out.append(Finding(seg.id, start, start + len(text), "PERSON", 0.8, "name-column", "TableContext", text))
    initials = _INITIALS_CELL.fullmatch(seg.text)
    if not out and initials and initials.group(1).casefold() not in engine.roles.team_words | _NOT_INITIALS:
        # An approver column of "BN", "MLC": officers by their initials.
        out.append(Finding(seg.id, initials.start(1), initials.end(1), "PERSON", 0.75, "name-column", "TableContext", initials.group(1)))
    return out


def prose_security_findings(engine: Engine, doc: Document, analyses: list[Analysis]) -> list[Finding]:
    """In sentences about firewalls or anti-virus, withhold suppliers, spend, dates, versions and counts.

    A sentence is about security when it names a security keyword or product; a sentence that
    names neither inherits from the sentence before it in the same paragraph, and the first one
    from a security heading just above it (the "mosaic": supplier + dates identify the product).
    A heading's context reaches the next two paragraphs at most; list items set none.
    """
    out: list[Finding] = []
    heading_security, reach, state = False, 0, False
    rows = _security_rows(engine, doc)
    for seg, analysis in zip(doc.segments, analyses):
        if seg.cell is not None or seg.where == "metadata":
            continue
        if rows.get(seg.row):
            # A row of a table drawn without rules: every cell of a firewall row goes, whichever
            # block the PDF put it in ("Plan 2 ... 40,320 ... 1 Feb 2024" beside "Anti-virus").
            out += _security_spans(engine, seg, 0, len(seg.text), analysis)
            out += _number_lines(seg)
            continue
        if _is_heading(seg.text) or _is_question(seg.text):
            security, release = engine.catalogue.is_security_text(seg.text), engine.catalogue.is_release_text(seg.text)
            if security or release or not _is_question(seg.text):
                heading_security = security and not release
            else:
                # A request's follow-up question ("Q2. What does it cost?") stays on the topic of the
                # answer before it, and, like a heading, sets the context of the answer under it.
                heading_security = state
            if security and not release and not _is_question(seg.text):
                # A short line naming a security product is a heading or a table row set as text
                # ("Computacenter Cisco Firepower 2130"): its own supplier and figures go too.
                out += _security_spans(engine, seg, 0, len(seg.text), analysis, ner_suppliers=False)
            reach = 1 if _is_question(seg.text) else 2  # a question governs only the answer under it
            continue
        state = heading_security and reach > 0
        reach -= 1
        for start, end in _sentences(seg.text):
            sentence = seg.text[start:end]
            if EMAIL_HEADER_RE.match(sentence):
                # A pasted e-mail's header starts a new message; its subject sets the context.
                is_subject = re.match(r"\s*Subject", sentence, re.IGNORECASE)
                state = bool(is_subject) and engine.catalogue.is_security_text(sentence) and not engine.catalogue.is_release_text(sentence)
                continue
            security = engine.catalogue.is_security_text(sentence)
            release = engine.catalogue.is_release_text(sentence)
            if security or release:
                # A sentence naming both (a list of the contract areas) is about neither.
                state = security and not release
            if state:
                out += _security_spans(engine, seg, start, end, analysis)
                out += _number_lines(seg, start, end)
    out += form_findings(engine, doc)
    return out


# A line that is nothing but a figure: "40,320", "£9,120.00", "2100" (not "3.1" or "2").
_FIGURE_LINE = re.compile(r"\s*[£$€]?\s?(?:\d{1,3}(?:,\d{3})+|\d{4,})(?:\.\d\d)?\s*")


def _number_lines(seg: Segment, start: int = 0, end: int | None = None) -> list[Finding]:
    """Lines that are a bare figure ("40,320" under "Annual (£)"), in a row set as text: a cell's value."""
    text = seg.text[start:end]
    if "\n" not in text.strip():
        return []  # a sentence, not cells one per line
    out, pos = [], start
    for line in text.split("\n"):
        if _FIGURE_LINE.fullmatch(line):
            s = pos + len(line) - len(line.lstrip())
            e = pos + len(line.rstrip())
            out.append(Finding(seg.id, s, e, "SECURITY_DETAIL", 0.85, "security-row:cell", "SecurityContext", line.strip()))
        pos += len(line) + 1
    return out


def _security_rows(engine: Engine, doc: Document) -> dict[str | None, bool]:
    """Row key -> whether that unruled table row is about firewalls or anti-virus (and names no released product)."""
    texts: dict[str, list[str]] = {}
    for seg in doc.segments:
        if seg.row is not None and seg.cell is None:
            texts.setdefault(seg.row, []).append(seg.text)
    cat = engine.catalogue
    return {row: any(cat.is_security_text(t) for t in parts) and not any(cat.is_release_text(t) for t in parts)
            for row, parts in texts.items()}


def _is_question(text: str) -> bool:
    t = text.strip()
    if "\n" in t or len(t) > 300:
        return False  # a question and its answer in one block are read as prose
    return bool(re.match(r"(?:Q(?:uestion)?\s*\d+[a-z]?\s*[.:)\-–]|Request\s+\d+\s*[.:)\-–])", t, re.IGNORECASE)) or (
        t.endswith("?") and len(t) <= 300)


def _is_heading(text: str) -> bool:
    t = text.strip()
    if not t or t[0] in "•·-–*▪●○◦" or re.match(r"^\(?\d+[.)]\s", t):
        return False  # list items describe, they do not open a section
    return len(t) <= 70 and not t.endswith((".", ",", ";", ":")) and "\n" not in t and len(t.split()) <= 8


# Words a form label is made of ("Awarded supplier", "Annual value", "Start date", "Contact officer").
_LABEL_WORDS = {
    "awarded", "supplier", "suppliers", "vendor", "reseller", "provider", "contractor", "manufacturer",
    "product", "products", "brand", "solution", "software", "platform", "model", "description",
    "annual", "yearly", "total", "contract", "value", "cost", "spend", "price", "amount", "estimated",
    "start", "end", "expiry", "renewal", "date", "dates", "duration", "term", "period", "commencement",
    "number", "of", "licences", "licenses", "seats", "users", "devices", "version", "firmware",
    "contact", "officer", "responsible", "name", "telephone", "phone", "email", "e-mail", "title",
    "category", "service", "area", "notes", "comments", "hostname", "ip", "address", "lot", "type",
}


def form_line(text: str) -> tuple[str, int] | None:
    """('supplier', value_start) for a 'Label value' or 'Label: value' line of a form, else None."""
    head = re.match(r"\s*([^:\n]{2,40}):\s*(?=\S)", text)
    if head:
        role = header_role(head.group(1))
        return (role, head.end()) if role else None
    words = list(re.finditer(r"\S+", text))
    if all(w.group(0).casefold() in _LABEL_WORDS for w in words):
        return None  # a label with no value (or a value already redacted)
    taken = 0
    while taken < min(4, len(words) - 1) and words[taken].group(0).casefold() in _LABEL_WORDS:
        taken += 1
    if taken == 0:
        return None
    role = header_role(text[: words[taken - 1].end()])
    return (role, words[taken].start()) if role else None


def form_findings(engine: Engine, doc: Document) -> list[Finding]:
    """Label/value forms (award notices): a security form loses its supplier, product, spend and dates."""
    out: list[Finding] = []
    run: list[tuple[Segment, tuple[str, int] | None]] = []

    def flush() -> None:
        lines = [(seg, parsed) for seg, parsed in run if parsed]
        if len(lines) >= 3 and any(engine.catalogue.is_security_text(seg.text) for seg, _ in run):
            for seg, (role, start) in lines:
                if role in WITHHELD_ROLES and seg.text[start:].strip():
                    out.append(Finding(seg.id, start, len(seg.text.rstrip()), "SECURITY_DETAIL", 0.85, f"security-form:{role}", "FormContext", seg.text[start:].rstrip()))
        run.clear()

    for seg in doc.segments:
        if seg.cell is not None or seg.where not in ("prose", "textbox"):
            continue
        text = seg.text.strip()
        if len(text) > 120 or text.endswith("."):
            flush()
            continue
        run.append((seg, form_line(seg.text)))
    flush()
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in SENTENCE_SPLIT_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if e > s]


# What NER calls an organisation but is a kind of product: never a supplier's name.
_TECH_TERMS = frozenset({"BI", "XDR", "EDR", "MDR", "MFA", "EA", "AV", "NGFW", "UTM", "SIEM", "SOC", "VPN", "WAF", "IPS",
                         "IDS", "DLP", "SSO", "EMS", "ICT", "IT", "SaaS", "HA", "DR", "UPS", "LAN", "WAN", "SD-WAN"})
_YEAR = re.compile(r"(?:19|20)\d\d")
_REFERENCE_BEFORE = re.compile(r"\b(?:FOI|EIR|FOIA|SAR|ref(?:erence)?|request|case)\b[\s.:#-]*(?:no\.?\s*)?$", re.IGNORECASE)
_CALENDAR_WORDS = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
                             "March", "April", "June", "July", "August", "September", "October", "November", "December",
                             "Christmas", "Easter", "Noon", "Midday", "Today", "Tomorrow"})


def _security_spans(engine: Engine, seg: Segment, start: int, end: int, analysis: Analysis, ner_suppliers: bool = True) -> list[Finding]:
    text = seg.text
    out: list[Finding] = []

    def add(s: int, e: int, rule: str) -> None:
        value = text[s:e]
        if not value.strip() or "█" in value or engine.catalogue.is_release_text(value):
            return  # █: our own label, masked; what NER makes of it is not a supplier
        if rule.endswith((":model", ":version")) and (_YEAR.fullmatch(value) or not text[:s].strip()):
            return  # "In 2023", or a paragraph's own number ("3.1 In 2023 ...")
        if rule.endswith(":model") and _REFERENCE_BEFORE.search(text[max(0, s - 16):s]):
            return  # "FOI WLDC-5521", "our ref. HR-2291": the request's or letter's own reference
        if rule.endswith(":supplier") and (_not_a_supplier(engine, value) or value.strip().split("\n")[0].strip() in _TECH_TERMS
                                           or value.strip()[:1].islower()):
            return  # "XDR", or "bought via" that NER read as a company
        out.append(Finding(seg.id, s, e, "SECURITY_DETAIL", 0.8, rule, "SecurityContext", value))

    sentence = text[start:end]
    for regex, rule in ((MONEY_RE, "security-context:spend"), (DATE_RE, "security-context:date"), (COUNT_RE, "security-context:count")):
        for m in regex.finditer(sentence):
            add(start + m.start(), start + m.end(), rule)
    for m in VERSION_RE.finditer(sentence):
        if not DATE_RE.fullmatch(m.group(0)):
            add(start + m.start(), start + m.end(), "security-context:version")
    for m in MODEL_RE.finditer(sentence):
        add(start + m.start(), start + m.end(), "security-context:model")
    for ent in analysis.spacy_entities if ner_suppliers else ():  # a heading's "(Network)" is no supplier
        if ent.label == "ORG" and start <= ent.start and ent.end <= end:
            value = text[ent.start : ent.end]
            if not _is_public_body(value):
                add(ent.start, ent.end, "security-context:supplier")
    for s, e in supplier_cue_spans(engine, sentence):
        add(start + s, start + e, "security-context:supplier")
    return out


_SUPPLIER_CUE = re.compile(
    r"\b(?:with|by|from|through|via|reseller|supplier|partner|using)\s+"
    r"((?:[A-Z][\w&'’.+-]*)(?:\s+(?:[A-Z][\w&'’.+-]*|&|and|of)){0,4})"
)


def supplier_cue_spans(engine: Engine, sentence: str) -> list[tuple[int, int]]:
    """Capitalised names after 'held with', 'supplied by', 'via'... and known resellers anywhere."""
    out: list[tuple[int, int]] = []
    for m in _SUPPLIER_CUE.finditer(sentence):
        s, e = m.span(1)
        value = sentence[s:e].rstrip(" .,;:")
        value = re.sub(r"\s+(?:and|of|&)$", "", value)
        if value and not _is_public_body(value) and not re.fullmatch(r"(?:The|This|Our|We|It|A|An|[A-Z])", value) \
                and value.split()[0] not in _CALENDAR_WORDS:  # "by Friday", "from January"
            out.append((s, s + len(value)))
    for name in resellers():
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence):
            out.append(m.span())
    return out


def _not_a_supplier(engine: Engine, value: str) -> bool:
    """Job titles, councillors and people are not suppliers (people are s40, found elsewhere)."""
    first = value.split()[0].casefold().strip(".")
    return (
        engine.roles.looks_like_job_title(value)
        or bool(re.match(r"(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Mx)\b", value))
        or first in engine.given_names
    )


def _is_public_body(value: str) -> bool:
    # Funders and government bodies pay for or oversee a product; they do not supply it.
    return bool(re.search(r"\b(?:Council|Commissioner|ICO|Government|NHS|Cabinet|Crown Commercial Service|Freedom of Information|"
                          r"Fund|Grant|Programme|Department|Ministry|DLUHC|MHCLG|NCSC|Home Office|LGA|Local Government Association)\b", value))


@lru_cache(maxsize=1)
def resellers() -> tuple[str, ...]:
    """IT resellers common in UK public-sector contracts (data file); only used in security context."""
    data = yaml.safe_load(resources.files("recognizers").joinpath("data/resellers.yaml").read_text("utf-8"))
    return tuple(sorted({str(n) for n in data.get("resellers", [])}, key=len, reverse=True))
