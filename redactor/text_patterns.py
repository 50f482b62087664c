"""Shared regular expressions for names, money, dates and versions used by the context rules."""
from __future__ import annotations

# The `regex` module (spaCy already depends on it) knows Unicode letter classes, so names such as
# Wiśniewski, Siân or a decomposed "Zoë" are letters like any other.
import regex as re

TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?"
_UPPER = r"\p{Lu}"
_LOWER = r"\p{Ll}\p{M}"
# A capitalised name token: Smith, O'Neill, D'Souza, Clarke-Bennett, McAllister, MacDonald.
NAME_TOKEN = rf"(?!(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Cllr)\b)[{_UPPER}](?:[’']?[{_UPPER}]?[{_LOWER}]+){{1,2}}(?:-\s?[{_UPPER}][{_LOWER}]+|-[{_LOWER}]{{2,4}}(?![\w-]))*"
CAPS_TOKEN = rf"[{_UPPER}](?:[’']?[{_UPPER}\p{{M}}]+)(?:-[{_UPPER}\p{{M}}]+)*"  # ALL-CAPS: TREVELYAN, O'NEILL
INITIAL = rf"[{_UPPER}]\.?"
# "Jane Smith", "G. Trevelyan", "Niamh Clarke-Bennett", "Mary Anne O'Neill", "Hyun-woo Park"
_SP = r"[ \t\u00a0]+"  # names never span a line break here; NER sees joined lines instead
# Lower-case particles inside a name: "Dafydd ap Iorwerth", "Pieter van der Merwe", "Ana de Souza".
_PARTICLE = r"(?:(?:ap|ab|de|da|di|du|del|van|von|der|den|ter|le|la|bin|binti|bint|al|el)[ \t]+){0,2}"
PERSON_NAME = rf"(?:{NAME_TOKEN}|{INITIAL})(?:{_SP}(?:{NAME_TOKEN}|{INITIAL})){{0,2}}{_SP}{_PARTICLE}{NAME_TOKEN}"
CAPS_NAME = rf"{CAPS_TOKEN}(?:{_SP}{CAPS_TOKEN}){{1,2}}"
PERSON_NAME_RE = re.compile(rf"(?<![\w@.])(?:{TITLE}{_SP})?({PERSON_NAME})(?![\w@])")
# A given name at the end of one line and the surname at the start of the next ("Megan\nFairbairn").
PERSON_NAME_NL_RE = re.compile(rf"(?<![\w@.])({NAME_TOKEN}[ \t]*\n[ \t]*{NAME_TOKEN})(?![\w@])")
# "PATEL, Raj", "Ó Briain, Seán", "O'Brien, Kieran": surname first, then a comma and the forename.
LAST_FIRST_RE = re.compile(rf"(?<![\w@.])((?:{CAPS_TOKEN}|{NAME_TOKEN}|{INITIAL})(?:[ \t]+(?:{CAPS_TOKEN}|{NAME_TOKEN})){{0,1}}),[ \t]*({NAME_TOKEN})(?![\w@])")
# In a people column: "PATEL R", "Okonkwo-Adeyemi N.", "S.Khan", "R.P.".
SHORT_NAME_RE = re.compile(rf"\s*(?:(?:{NAME_TOKEN}|{CAPS_TOKEN})[ \t]+[{_UPPER}]\.?|[{_UPPER}]\.[ \t]?{NAME_TOKEN}|(?:[{_UPPER}]\.){{2,3}})\s*")
SINGLE_WORD_RE = re.compile(r"\s*(\p{Lu}[\p{L}\p{M}'’\-]+)\s*")
CAPS_NAME_RE = re.compile(rf"(?<![\w@.])({CAPS_NAME})(?![\w@])")

# English months, then Welsh ones (Welsh councils date bilingual letters "30 Medi 2026").
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
           r"|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)")
DATE_RE = re.compile(
    rf"(?<![\w/.-])(?:"
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"  # 21/09/2020, 21-09-20
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}"  # 2022-10-14
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[\s-]{_MONTHS}[\s,-]*\d{{2,4}}"  # 12-Jun-2021, 4 October 2022
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # October 4, 2022
    rf"|{_MONTHS}\s+\d{{4}}"  # October 2022
    rf")(?![\w/-])",
    re.IGNORECASE,
)
MONEY_RE = re.compile(
    r"(?:£|GBP\s?)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|million|bn))?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:GBP|pounds)\b",
    re.IGNORECASE,
)
VERSION_RE = re.compile(
    # Junos-style releases carry a letter and a service release: "22.4R2-S2", "21.2R3".
    r"(?<![\w.])(?:v(?:ersion)?\s?)?\d+\.\d+(?:\.\d+){0,3}(?:R\d+(?:-S\d+(?:\.\d+)?)?)?(?:-\d+)?(?:\s+(?:Update|Patch|Build|MR|SP)\s*\d+)?(?![\w.]*\d)",
    re.IGNORECASE,
)
# In a firewall/anti-virus sentence: appliance models and vendor release names ("6600", "PA-3220",
# "R81.20", "M590"), which the catalogue only knows straight after a product name.
MODEL_RE = re.compile(r"(?<![\w.,\-/£$€#])(?:R\d{2}(?:\.\d{1,2})+|(?:[A-Z]{1,4}-?)?\d{3,5}[A-Z]{0,3})(?![\w\-/%]|[.,]\d)")
COUNT_RE = re.compile(
    r"\b\d[\d,]*\s+(?:devices|users|licen[cs]es|seats|endpoints|mailboxes|appliances|units|servers|nodes)\b",
    re.IGNORECASE,
)
NUMBER_CELL_RE = re.compile(r"^\s*[£$€]?\s?-?\d[\d,]*(?:\.\d+)?\s*$")
# Sentences, blank-line paragraphs, and lines that start a pasted e-mail header ("Sent: ...").
_HEADER_FIELD = r"(?:From|Sent|To|Cc|Bcc|Subject|Date)[ \t]*:"
SENTENCE_SPLIT_RE = re.compile(
    rf"(?<=[.!?])\s+(?=[A-Z(\"'])|\n{{2,}}|\n(?=[ \t]*{_HEADER_FIELD})|(?<=^[ \t]*{_HEADER_FIELD}[^\n]*)\n",
    re.MULTILINE,
)
SIGN_OFF_RE = re.compile(
    r"\b(?:Yours\s+(?:sincerely|faithfully|truly)|(?:Kind|Best|Warm|Warmest)\s+regards|Regards|Many\s+thanks|Thanks|"
    r"Thank\s+you|Best\s+wishes|Cheers)\b[,.!]?",
    re.IGNORECASE,
)
LABELLED_FIELD_RE = re.compile(
    r"\b(?:Contract\s+officer|Responsible\s+officer|Contact\s+officer|Case\s+officer|Lead\s+officer|"
    r"Account\s+manager|Contract\s+manager|Contact(?:\s+name)?|Name|Prepared\s+by|Author|Approved\s+by|"
    r"Signed(?:\s+off)?(?:\s+by)?|Owner|Reviewed\s+by|Requested\s+by|Officer|Cleared(?:\s+by)?|Authori[sz]ed\s+by|"
    r"Checked\s+by|Initials)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
COUNCILLOR_RE = re.compile(r"\b(?:Cllr\.?|Councillor|Mayor|Alderman)\s+$", re.IGNORECASE)
# Elected members named with a suffix: "Helen Ashworth MP", "Rhun ap Iorwerth MS".
MEMBER_SUFFIX_RE = re.compile(r"^,?[ \t]+(?:MP|MSP|MS|MLA|AM|MEP)\b")
EMAIL_HEADER_RE = re.compile(r"^\s*(?:From|Sent|To|Cc|Bcc|Subject|Date|Importance)\s*:", re.IGNORECASE | re.MULTILINE)
# Initials standing for a person after an approval label ("Cleared: R.P."): dotted, so "ICT" is not one.
INITIALS_RE = re.compile(r"(?:[A-Z]\.\s?){1,2}[A-Z]\.?(?=\s*(?:[,;)]|$|\n)|\s+\d)")
# The council's own name, in English or Welsh: its words are a place, never a person's name.
COUNCIL_NAME_RE = re.compile(
    r"((?:\p{Lu}[\p{L}'’\-]+\s+){1,3})(?:(?:County|Metropolitan|Royal)\s+)?(?:Borough\s+|District\s+|City\s+|County\s+|Town\s+|Parish\s+)?Council\b"
    r"|\bCyngor\s+(?:(?:Bwrdeistref\s+Sirol|Bwrdeistref|Sir|Dinas|Tref|Cymuned)\s+)?((?:\p{Lu}[\p{L}'’\-]+\s*){1,3})"
)
WELSH_COUNCIL_WORDS = frozenset({"cyngor", "bwrdeistref", "sirol", "sir", "dinas", "tref", "cymuned"})
