"""Finds what a policy may withhold in a document: recognizer results plus the document's own context."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from redactor import context
from redactor.engine import Analysis, Engine
from redactor.models import Document, Finding, Segment
from redactor.text_patterns import (
    CAPS_NAME_RE,
    COUNCIL_NAME_RE,
    COUNCILLOR_RE,
    INITIALS_RE,
    LABELLED_FIELD_RE,
    LAST_FIRST_RE,
    MEMBER_SUFFIX_RE,
    PERSON_NAME_NL_RE,
    PERSON_NAME_RE,
    SIGN_OFF_RE,
    TITLE,
    WELSH_COUNCIL_WORDS,
)

REDACTION_LABEL_RE = re.compile(r"\[Redacted[^\]]*\]|\bs40\(2\)|\bs31\(1\)\(a\)")
_ORG_WORDS = re.compile(
    r"\b(?:Ltd|Limited|plc|PLC|LLP|Inc|Group|Networks?|Software|Services|Solutions|Systems|Technologies|"
    r"Technology|Consulting|Council|Borough|County|District|City|Team|Department|Directorate|Unit|Office|"
    r"Board|Committee|Partnership|Agreement|Enterprise|Business|Platform|Commissioner|UK|House|Lane|Road|"
    r"Street|Avenue|Close|Way|Drive|Place|Square|Park|Centre|Center|Court|Gardens|Hall|Offices?|Building)\b"
)
# Place words that are also common surnames: "Emma Hall", "Hyun-woo Park" are people, "Sefton Park" and
# "Victoria Hall" are places (buildings take royal names); "Dale House" is always a building.
_SURNAME_PLACE_WORDS = frozenset({"Hall", "Lane", "Park"})
_ROYAL_NAMES = frozenset({"victoria", "albert", "alexandra", "elizabeth", "george", "edward", "william", "charles", "mary",
                          "king", "queen", "prince", "princess"})
_EXTENSION_TAIL = re.compile(r"[\s,;/]*\(?\s*(?P<ext>(?:ext(?:ension)?\.?|x)\s*\d{1,6})\)?\s*$", re.IGNORECASE)
# Contact labels that NER sometimes takes into a name ("Gareth Pembridge Direct line").
_TRAILING_LABEL = re.compile(r"(?:\s+(?:Direct|Email|E-mail|Tel|Telephone|Mobile|Phone|Ext|Extension|Fax|Dial|Line|Contact))+\s*$", re.IGNORECASE)
_PARTICLES = {"ap", "ab", "de", "da", "di", "du", "del", "los", "las", "dos", "das", "van", "von", "der", "den", "ter", "le", "la", "bin", "binti", "bint", "al", "el"}
# NER alone is not enough for a one-word "name" (Madam, Email, Expiry): it needs a title or a label.
_SINGLE_TOKEN_RULES = {"ner"}
# Table columns whose cells are never people, whatever NER says (suppliers, products, money, dates).
_NOT_PEOPLE_ROLES = {"supplier", "product", "spend", "date", "count", "version", "category", "title", "ref", "tech"}
_PERSON_ENTITIES = {"PERSON"}
# Person identifiers that are not written as names (KW\bnowak): the name checks do not apply.
_PERSON_BY_SHAPE = {"windows-login"}
_FILE_WORD = re.compile(r"\w{2}\.\w{2}|[/\\_]")


@dataclass
class FolderKnowledge:
    """Names learnt across the whole response folder, so later mentions anywhere are found too."""

    people: dict[str, str] = field(default_factory=dict)  # normalised full name -> display form
    surnames: set[str] = field(default_factory=set)  # found alone after a title ("Ms Rahman")
    given_names: frozenset[str] = frozenset()
    councillors: set[str] = field(default_factory=set)  # casefolded names to keep
    disclosed: set[str] = field(default_factory=set)  # directory names marked disclose=yes
    places: set[str] = field(default_factory=set)  # casefolded words of the council's own name

    def add_person(self, name: str) -> None:
        name = re.sub(r"\s+", " ", name).strip(" .,;:")
        tokens = name.split(" ")
        if len(tokens) < 2 or any(t.casefold() in self.councillors for t in [name]):
            return
        self.people.setdefault(name.casefold(), name)


def detect_document(engine: Engine, doc: Document, knowledge: FolderKnowledge) -> list[Finding]:
    """All first-pass findings for one document (folder-wide name mentions come later)."""
    originals = [seg.text for seg in doc.segments]
    # Detectors see our own redaction labels blanked out (same length, so offsets hold):
    # re-checking a redacted release must not find "[Redacted s40(2)]" suspicious.
    for seg in doc.segments:
        seg.text = _scan_text(seg)
    # Registers repeat the same names thousands of times: each distinct span is judged once per
    # document (knowledge's councillors, which the judgement reads, are all learnt before it).
    plausible: dict[str, bool] = {}
    try:
        analyses = engine.analyze_many([seg.text for seg in doc.segments])
        learn_councillors(doc, knowledge)
        records = context.document_records(doc)
        roles = context.cell_roles(records)
        findings: list[Finding] = []
        findings += recognizer_findings(engine, doc, analyses, knowledge, roles, plausible)
        findings += labelled_field_findings(engine, doc, knowledge, plausible)
        findings += given_name_findings(engine, doc, knowledge, roles, plausible)
        findings += signature_findings(engine, doc, knowledge, plausible)
        findings += context.table_findings(engine, records, knowledge, plausible, context.security_document(engine, doc))
        findings += context.prose_security_findings(engine, doc, analyses)
        findings += hidden_item_findings(doc)
    finally:
        for seg, text in zip(doc.segments, originals):
            seg.text = text
    for f in findings:
        if f.hidden_item is None:
            f.text = originals[f.segment][f.start : f.end]
    learn_people(engine, doc, findings, knowledge, plausible)
    return findings


def _scan_text(seg: Segment) -> str:
    # Our own redaction labels are not content: mask them with an opaque filler of the same
    # length (offsets hold), so no rule reads across them as if the redacted value were absent.
    text = seg.text
    if "[Redacted" not in text and "s40(2)" not in text and "s31(1)(a)" not in text:
        return text  # the usual case, without a regex call per cell
    return REDACTION_LABEL_RE.sub(lambda m: "█" * len(m.group(0)), text)


def recognizer_findings(engine: Engine, doc: Document, analyses: list[Analysis], knowledge: FolderKnowledge, roles: dict[int, str],
                        memo: dict[str, bool] | None = None) -> list[Finding]:
    out: list[Finding] = []
    for seg, analysis in zip(doc.segments, analyses):
        for res in analysis.results:
            text = seg.text[res.start : res.end]
            start, end = res.start, res.end
            explanation = getattr(res, "recognition_metadata", None) or {}
            recognizer = explanation.get("recognizer_name", "") if isinstance(explanation, dict) else ""
            rule = "ner" if recognizer == "SpacyRecognizer" else (explanation.get("rule") or _rule_for(recognizer))
            if res.entity_type == "HOSTNAME" and rule == "device-label" and roles.get(seg.id) == "ref":
                continue  # "AV-NET-01" under "Ref" is the register's own reference, not a device
            if res.entity_type in _PERSON_ENTITIES and rule not in _PERSON_BY_SHAPE:
                if roles.get(seg.id) in _NOT_PEOPLE_ROLES:
                    continue
                trimmed = trim_person(engine, seg.text, start, end, knowledge, memo)
                if trimmed is None:
                    continue
                start, end = trimmed
                text = seg.text[start:end]
                if rule in _SINGLE_TOKEN_RULES and len(text.split()) < 2:
                    continue
            ext = _EXTENSION_TAIL.search(text) if res.entity_type == "PHONE_NUMBER" else None
            if ext and ext.start() > 0:
                # "01632 960555 ext 4417": the switchboard may be published while the extension is not,
                # so the two are decided separately.
                cut = start + ext.start()
                out.append(Finding(seg.id, start, cut, res.entity_type, round(float(res.score), 3), rule, recognizer, seg.text[start:cut]))
                out.append(Finding(seg.id, start + ext.start("ext"), end, res.entity_type, round(float(res.score), 3), "extension", recognizer, seg.text[start + ext.start("ext") : end]))
                continue
            out.append(Finding(seg.id, start, end, res.entity_type, round(float(res.score), 3), rule, recognizer, text))
    return out


def _rule_for(recognizer: str) -> str:
    name = re.sub(r"Recognizer$", "", recognizer)
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower() or "pattern"


def trim_person(engine: Engine, text: str, start: int, end: int, knowledge: FolderKnowledge,
                memo: dict[str, bool] | None = None) -> tuple[int, int] | None:
    """Clean a PERSON span (drop titles, trailing punctuation) or veto it (job titles, teams, products)."""
    span = text[start:end]
    if re.match(r"^(?:Cllr|Councillor|Mayor|Alderman)\b", span, re.IGNORECASE):
        return None
    tail = re.match(r"-\s?[A-Z][a-z]+", text[end:]) if span.endswith("-") else None
    if tail:  # "Clarke-" + "Bennett" broken over a line
        end += tail.end() - 1
        span = text[start:end]
    lead = re.match(rf"^{TITLE}\s+", span)
    if lead:
        start += lead.end()
    span = text[start:end]
    stripped = span.rstrip(" .,;:)('\"\n")
    stripped = _TRAILING_LABEL.sub("", stripped)
    lines = stripped.split("\n")
    if len(lines) > 1 and LABELLED_FIELD_RE.fullmatch(lines[0].strip()):
        # "Signed\nJi-hoon": the label above the name is not part of it.
        skip = span.index("\n") + 1
        start, stripped, lines = start + skip, stripped[skip:], lines[1:]
    if len(lines) > 1 and (not (len(lines) == 2 and all(len(ln.split()) == 1 for ln in lines)) or text[start + len(stripped) : start + len(stripped) + 1] == ":"):
        # NER ran over joined lines: keep the first line ("Erik Baader\nCourt" -> "Erik Baader"),
        # unless it is one name broken over two lines ("Megan\nFairbairn").
        stripped = lines[0].rstrip(" .,;:)('\"")
    end = start + len(stripped)
    span = text[start:end]
    if not is_plausible_person(engine, " ".join(span.split()), knowledge, memo):
        return None
    before = text[max(0, start - 14) : start]
    if COUNCILLOR_RE.search(before) or MEMBER_SUFFIX_RE.match(text[end:]):
        return None
    return start, end


def is_plausible_person(engine: Engine, span: str, knowledge: FolderKnowledge, memo: dict[str, bool] | None = None) -> bool:
    """Whether span can be a person's name; memo (span -> answer) is valid for one knowledge state."""
    if memo is None:
        return _is_plausible_person(engine, span, knowledge)
    known = memo.get(span)
    if known is None:
        known = memo[span] = _is_plausible_person(engine, span, knowledge)
    return known


def _is_plausible_person(engine: Engine, span: str, knowledge: FolderKnowledge) -> bool:
    span = span.strip()
    if len(span) < 3 or any(ch.isdigit() for ch in span) or "@" in span or "\n" in span.strip():
        return False
    tokens = span.split()
    # Six words or a file name ("IBM-PDFs.graffle") is a title or a path, not a name.
    if sum(t.casefold() not in _PARTICLES and t.isalpha() for t in tokens) > 5 or any(_FILE_WORD.search(t) for t in tokens):
        return False
    if not tokens or not all(t[0].isupper() or t[0] in "'’" or t in _PARTICLES for t in tokens if t.isalpha()):
        return False
    if not any(c.islower() for c in span) and (len(tokens) < 2 or not _vouched_caps_name(engine, tokens, knowledge)):
        # NER reads most ALL-CAPS headings as people ("KYC STATUS", "RATION CARD"); a capitals-only
        # name needs a known given name or a name already found in the folder.
        return False
    folded = span.casefold()
    if folded in knowledge.councillors or folded in knowledge.disclosed:
        return False
    if knowledge.places and all(t.casefold() in knowledge.places or t.casefold() in WELSH_COUNCIL_WORDS for t in tokens):
        return False  # "Sirol Cwmderwen": the council's name, not an officer
    if engine.roles.looks_like_job_title(span) or _org_like(engine, tokens):
        return False
    if engine.catalogue.is_security_text(span) or engine.catalogue.is_release_text(span):
        return False
    if any(t.casefold() in engine.roles.title_words or t.casefold() in engine.roles.team_words for t in tokens):
        return False
    if tokens[0].casefold() in engine.roles.area_words:
        return False  # "Digital Ser(vices)", "Information Gov(ernance)": a team's name cut by a line end
    for t in tokens:
        head, dash, tail = t.partition("-")
        if dash and tail[:1].islower() and _fold(head) not in engine.given_names:
            return False  # "Follow-up", "Year-end": a lower-case part after a hyphen only in "Hyun-woo", "Mei-ling"
    if all(context.header_role(t) for t in tokens):
        return False  # column headings run together ("Supplier Manufacturer"), not "Sarah Price"
    return True


def _org_like(engine: Engine, tokens: list[str]) -> bool:
    found = [m.group(0) for m in _ORG_WORDS.finditer(" ".join(tokens))]
    if not found:
        return False
    first = _fold(tokens[0]).split("-")[0]
    person_shaped = len(tokens) in (2, 3) and first in engine.given_names and first not in _ROYAL_NAMES
    return not (person_shaped and all(w in _SURNAME_PLACE_WORDS and w == tokens[-1] for w in found))


def _vouched_caps_name(engine: Engine, tokens: list[str], knowledge: FolderKnowledge) -> bool:
    words = [_fold(t.strip(".,'’")) for t in tokens]
    known = {w for key in knowledge.people for w in key.split()} | knowledge.surnames
    return any(w in engine.given_names or w in known for w in words)


def given_name_findings(engine: Engine, doc: Document, knowledge: FolderKnowledge, roles: dict[int, str],
                        memo: dict[str, bool] | None = None) -> list[Finding]:
    """'Nadia Rahman' where NER said ORG or nothing: a known given name followed by a surname."""
    out: list[Finding] = []
    per_text: dict[str, list[tuple[int, int, float, str]]] = {}  # cells repeat: each distinct text once
    for seg in doc.segments:
        if roles.get(seg.id) in _NOT_PEOPLE_ROLES:
            continue
        spans = per_text.get(seg.text)
        if spans is None:
            spans = per_text[seg.text] = _given_name_spans(engine, seg.text, knowledge, memo)
        out += [Finding(seg.id, start, end, "PERSON", score, rule, "GivenNames", seg.text[start:end]) for start, end, score, rule in spans]
    return out


def _given_name_spans(engine: Engine, text: str, knowledge: FolderKnowledge, memo: dict[str, bool] | None) -> list[tuple[int, int, float, str]]:
    """(start, end, score, rule) of each given-name-led name in one text."""
    out: list[tuple[int, int, float, str]] = []
    for m in [*PERSON_NAME_RE.finditer(text), *PERSON_NAME_NL_RE.finditer(text)]:
        start, end = m.span(1)
        name = text[start:end]
        first = name.split()[0]
        if "\n" in name and (_fold(name.split()[-1]) in engine.given_names or text[end : end + 1] == ":"):
            continue  # "Raj\nHelen": two people on two lines; "Folasade\nSubject:": a name, then a label
        if (first.casefold() in engine.given_names or _fold(first) in engine.given_names) and is_plausible_person(engine, " ".join(name.split()), knowledge, memo):
            if not COUNCILLOR_RE.search(text[max(0, m.start() - 14) : m.start()]):
                out.append((start, end, 0.7, "given-name"))
    for m in LAST_FIRST_RE.finditer(text):
        forename = m.group(2)
        if _fold(forename) in engine.given_names and is_plausible_person(engine, m.group(1).title(), knowledge, memo):
            out.append((m.start(), m.end(), 0.75, "surname-forename"))
    return out


def _fold(word: str) -> str:
    """Lower case without accents, as the given-name list also holds plain forms (Seán -> sean)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def labelled_field_findings(engine: Engine, doc: Document, knowledge: FolderKnowledge, memo: dict[str, bool] | None = None) -> list[Finding]:
    """Names after labels such as 'Contract officer:' or 'Prepared by'."""
    out: list[Finding] = []
    per_text: dict[str, list[tuple[int, int, float]]] = {}  # cells repeat: each distinct text once
    for seg in doc.segments:
        spans = per_text.get(seg.text)
        if spans is None:
            spans = per_text[seg.text] = _labelled_field_spans(engine, seg.text, knowledge, memo)
        out += [Finding(seg.id, start, end, "PERSON", score, "labelled-field", "LabelledField", seg.text[start:end]) for start, end, score in spans]
    return out


def _labelled_field_spans(engine: Engine, text: str, knowledge: FolderKnowledge, memo: dict[str, bool] | None) -> list[tuple[int, int, float]]:
    """(start, end, score) of each name or initials after a label in one text."""
    out: list[tuple[int, int, float]] = []
    for label in LABELLED_FIELD_RE.finditer(text):
        found = _name_at(engine, text, label.end(), knowledge, memo=memo)
        if found:
            out.append((found[0], found[1], 0.85))
            continue
        initials = INITIALS_RE.match(text, label.end())
        if initials and label.group(0).strip()[:1].isupper():
            # Who cleared or signed a document, by initials, still identifies an officer.
            out.append((initials.start(), initials.end(), 0.8))
    return out


def _name_at(engine: Engine, text: str, pos: int, knowledge: FolderKnowledge, window: int = 6,
             memo: dict[str, bool] | None = None) -> tuple[int, int] | None:
    """A person's name starting within `window` characters of pos (after an optional title)."""
    line_end = text.find("\n", pos)
    line = text[pos : line_end if line_end >= 0 else len(text)].strip(" ,")
    first = line.split()[0].casefold() if line else ""
    if line and "," not in line and first not in engine.given_names and engine.roles.looks_like_job_title(line):
        return None  # the line is a job title (the name above it may already be redacted)
    for regex in (PERSON_NAME_RE, CAPS_NAME_RE):
        m = regex.search(text, pos, min(len(text), pos + window + 60))
        if m and m.start() <= pos + window:
            start, end = m.span(1)
            name = _trim_role_tail(engine, text[start:end])
            if name and is_plausible_person(engine, name, knowledge, memo):
                return start, start + len(name)
    return None


def _trim_role_tail(engine: Engine, name: str) -> str | None:
    """'Declan Lindqvist Information Governance' -> 'Declan Lindqvist' (stop at role words)."""
    tokens = name.split()
    kept: list[str] = []
    for tok in tokens:
        low = tok.casefold().strip(".,")
        if low in engine.roles.title_words or low in engine.roles.team_words:
            break
        kept.append(tok)
    if len(kept) < 2 and not (len(kept) == 1 and len(tokens) == 1):
        return None
    return " ".join(kept) if kept else None


def signature_findings(engine: Engine, doc: Document, knowledge: FolderKnowledge, memo: dict[str, bool] | None = None) -> list[Finding]:
    """The name under 'Yours sincerely' / 'Yours faithfully', in the same block or the next one."""
    out: list[Finding] = []
    segs = doc.segments
    no_sign_off: set[str] = set()  # cells repeat: each distinct text is searched once
    for i, seg in enumerate(segs):
        if seg.text in no_sign_off:
            continue
        matches = list(SIGN_OFF_RE.finditer(seg.text))
        if not matches:
            no_sign_off.add(seg.text)
        for m in matches:
            rest = seg.text[m.end() :]
            if rest.strip():
                offset = m.end() + (len(rest) - len(rest.lstrip()))
                found = _name_at(engine, seg.text, offset, knowledge, window=2, memo=memo) or _signed_alone(engine, seg.text, offset)
                if found:
                    out.append(Finding(seg.id, *found, "PERSON", 0.85, "signature", "SignatureBlock", seg.text[found[0] : found[1]]))
                continue
            for nxt in segs[i + 1 : i + 3]:
                if nxt.where != seg.where or not nxt.text.strip():
                    continue
                lead = len(nxt.text) - len(nxt.text.lstrip())
                found = _name_at(engine, nxt.text, lead, knowledge, window=2, memo=memo) or _signed_alone(engine, nxt.text, lead)
                if found:
                    out.append(Finding(nxt.id, *found, "PERSON", 0.85, "signature", "SignatureBlock", nxt.text[found[0] : found[1]]))
                break
    return out


def _signed_alone(engine: Engine, text: str, pos: int) -> tuple[int, int] | None:
    """A sign-off's line holding only a given name ("Thanks,\nSiân") or initials ("R.P.")."""
    line_end = text.find("\n", pos)
    line = text[pos : line_end if line_end >= 0 else len(text)]
    word = line.strip().rstrip(".,")
    if not word or " " in word:
        return None
    parts = word.split("-")
    if _fold(parts[0]) in engine.given_names or re.fullmatch(r"(?:[A-Z]\.){2,3}", word + ("." if not word.endswith(".") and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word) else "")):
        start = pos + line.index(word)
        end = start + len(word)
        if text[end : end + 1] == "." and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word):
            end += 1
        return start, end
    return None


# Cheap tests that a text may name a member ("Helen Ashworth MP") or a councillor, before the name regex runs.
_MEMBER_HINT = re.compile(r"[ \t](?:MP|MSP|MS|MLA|AM|MEP)\b")
_COUNCILLOR_CUE = re.compile(r"\b(?:Cllr\.?|Councillor|Mayor|Alderman)\s+", re.IGNORECASE)


def learn_councillors(doc: Document, knowledge: FolderKnowledge) -> None:
    """Names to keep: elected members, and the words of the council's own name."""
    for text in dict.fromkeys(seg.text for seg in doc.segments):
        if _MEMBER_HINT.search(text):
            for m in PERSON_NAME_RE.finditer(text):
                if MEMBER_SUFFIX_RE.match(text[m.end() :]):
                    knowledge.councillors.add(m.group(1).casefold())
        for m in _COUNCILLOR_CUE.finditer(text):
            name = PERSON_NAME_RE.match(text, m.end())
            if name:
                full = name.group(1)
                knowledge.councillors.add(full.casefold())
                knowledge.councillors.add(full.split()[-1].casefold())
        if "ouncil" in text or "Cyngor" in text:
            for m in COUNCIL_NAME_RE.finditer(text):
                knowledge.places.update(w.casefold() for w in (m.group(1) or m.group(2) or "").split())


def learn_people(engine: Engine, doc: Document, findings: list[Finding], knowledge: FolderKnowledge,
                 memo: dict[str, bool] | None = None) -> None:
    """Remember confidently found full names, and names spelt out by named e-mail addresses."""
    from recognizers.email import name_from_local_part

    knowledge.given_names = engine.given_names
    done: set[tuple[str, str, bool, str]] = set()  # what a finding teaches depends only on these
    for f in findings:
        key = (f.entity, f.rule, f.whole_segment, f.text)
        if key in done:
            continue
        done.add(key)
        if f.entity == "PERSON" and f.rule != "mention" and not f.whole_segment:
            if len(f.text.split()) >= 2 and is_plausible_person(engine, f.text, knowledge, memo):
                knowledge.add_person(f.text)
            elif f.rule == "title" and len(f.text.split()) == 1 and f.text[:1].isupper():
                knowledge.surnames.add(f.text)
        elif f.entity == "EMAIL_ADDRESS":
            local = f.text.split("@", 1)[0]
            name = name_from_local_part(local)
            if name and len(name.split()) >= 2 and not re.search(r"\b[A-Z]\b", name):
                knowledge.add_person(name)
            elif name and len(name.split()) >= 2 and len(name.split()[-1]) >= 4:
                knowledge.surnames.add(name.split()[-1])  # "rahman.n@" names Ms Rahman


def mention_findings(doc: Document, knowledge: FolderKnowledge, skip_ranges: dict[int, list[tuple[int, int]]]) -> list[Finding]:
    """Later mentions of names found anywhere in the folder: full name, initial + surname, surname.

    A surname mention takes in a given name or initial just before it ("Nadia Rahman" once
    "Ms Rahman" is known), but not a title ("Ms").
    """
    patterns = _mention_patterns(knowledge)
    if patterns is None:
        return []
    firsts = {name.split()[0] for key, name in knowledge.people.items() if len(name.split()[0]) >= 3 and key not in knowledge.councillors}
    out: list[Finding] = []
    for seg in doc.segments:
        taken = skip_ranges.get(seg.id, [])
        for m in patterns.finditer(seg.text):
            start, end = m.span()
            if not seg.text[start].isupper():
                continue
            before = seg.text[max(0, start - 40) : start]
            if _place_not_person(m.group(0), before, seg.text[end:], knowledge):
                continue
            lead = re.search(r"(?:\b([A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)|\b([A-Z])\.?)\s+$", before)
            if lead and " " not in m.group(0).strip():
                word = lead.group(1) or lead.group(2)
                if word.casefold().split("-")[0] in knowledge.given_names or lead.group(2):
                    start -= len(lead.group(0))
            if any(s <= start and end <= e for s, e in taken):
                continue
            if COUNCILLOR_RE.search(seg.text[max(0, start - 14) : start]):
                continue
            out.append(Finding(seg.id, start, end, "PERSON", 0.8, "mention", "FolderNames", seg.text[start:end]))
        out += _first_name_sign_offs(seg, firsts, taken)
    return out


def _place_not_person(found: str, before: str, after: str, knowledge: FolderKnowledge) -> bool:
    """Ms Park's surname in "Victoria Park" or "Park Lane": a place, not another mention of her."""
    if " " in found.strip() or not _ORG_WORDS.fullmatch(found.strip()):
        return False
    prev = re.search(r"\b([A-Z][\w'’-]*)\.?\s+$", before)
    given = prev.group(1).casefold().split("-")[0] if prev else ""
    if prev and not re.fullmatch(TITLE, prev.group(1)) and (given in _ROYAL_NAMES or given not in knowledge.given_names):
        return True
    following = re.match(r"\s+([A-Z][\w'’-]*)", after)
    return bool(following and _ORG_WORDS.fullmatch(following.group(1)))


def _first_name_sign_offs(seg: Segment, firsts: set[str], taken: list[tuple[int, int]]) -> list[Finding]:
    """A known officer's given name alone on its line ("...before it goes.\nJean-Luc"): how e-mails end."""
    out: list[Finding] = []
    for m in re.finditer(r"(?m)^[ \t]*(\S+?)[ \t]*[,.]?[ \t]*$", seg.text):
        word = m.group(1)
        # "Fola" for Folasade, "Sam" for Samantha: a short form signs off just as well.
        known = word in firsts or (len(word) >= 3 and word[:1].isupper() and any(f.startswith(word) for f in firsts))
        if known and not any(s <= m.start(1) and m.end(1) <= e for s, e in taken):
            out.append(Finding(seg.id, m.start(1), m.end(1), "PERSON", 0.75, "mention", "FolderNames", word))
    return out




def _flex(name: str) -> str:
    """A regex for a name that tolerates a line break after a hyphen and curly apostrophes."""
    return re.escape(name).replace(r"\-", r"-\s?").replace("'", "['’]").replace(r"\ ", r"\s+")


def _mention_patterns(knowledge: FolderKnowledge) -> re.Pattern[str] | None:
    forms: set[str] = set()
    for name in knowledge.people.values():
        tokens = name.split()
        first, surname = tokens[0], tokens[-1]
        if name.casefold() in knowledge.councillors:
            continue
        forms.add(_flex(name))
        if len(first) > 1:
            forms.add(rf"{re.escape(first[0])}\.?\s+{_flex(surname)}")
            # A log-in, file path or address book entry: "C:\Users\Jakub.Kaczmarek", "jakub_kaczmarek".
            forms.add(rf"{re.escape(first)}[._]{_flex(surname)}")
        if len(surname) >= 4 and surname.casefold() not in knowledge.councillors:
            forms.add(_flex(surname))
    for surname in knowledge.surnames:
        if len(surname) >= 4 and surname.casefold() not in knowledge.councillors:
            forms.add(_flex(surname))
    if not forms:
        return None
    alternation = "|".join(sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w@.-])(?:{alternation})(?![\w@-]|\.[A-Za-z])", re.IGNORECASE)


def hidden_item_findings(doc: Document) -> list[Finding]:
    return [
        Finding(-1, 0, 0, item.entity, 1.0, "hidden-data", doc.format, "", hidden_item=i)
        for i, item in enumerate(doc.hidden)
    ]
