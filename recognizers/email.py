"""EmailRecognizer: personal e-mail addresses (EMAIL_ADDRESS) apart from role/team mailboxes (ROLE_MAILBOX)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer, make_result, read_data, wanted, word_list
from recognizers.names import load_given_names

PERSON_ENTITY = "EMAIL_ADDRESS"
ROLE_ENTITY = "ROLE_MAILBOX"

# No '&' in the local part: Excel header codes ("&Rjane.smith@...") sit right before addresses.
_LOCAL = r"[A-Za-z0-9!#$%'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
_SEPARATORS = re.compile(r"[._+]")
_NAME_PART = re.compile(r"[a-z]+(?:['’-][a-z]+)*")
_EXCEL_HEADER_CODE = re.compile(r"[LCRPNDTFABIUSXYEKG]|\d{1,3}")
# Capitalised words run together, perhaps with one middle initial: "OwenFairbairn", "PriyaRDesai",
# "MariaSantosFerreira". Runs of capitals ("ICTServiceDesk", "HRTeam") are not names.
_CAMEL_NAME = re.compile(r"(?:[A-Z][a-z]+|[A-Z](?=[A-Z][a-z]))+")
_CAMEL_WORD = re.compile(r"[A-Z][a-z]*")
_CAMEL_MAX_WORDS = 4


@dataclass(frozen=True)
class MailboxWords:
    role_words: frozenset[str]
    given_names: frozenset[str]


@lru_cache(maxsize=1)
def load_mailbox_words() -> MailboxWords:
    data = read_data("role_mailboxes.yaml")
    roles = frozenset(w.casefold() for w in word_list(data, "role_words", "role_mailboxes.yaml"))
    return MailboxWords(role_words=roles, given_names=load_given_names())


def _is_role_token(token: str, words: MailboxWords) -> bool:
    """A role word, or role words run together ('ictservicedesk'), or hyphenated ('no-reply')."""
    token = token.strip("-")
    if not token:
        return False
    if token in words.role_words:
        return True
    pieces = [p for p in token.split("-") if p]
    if len(pieces) > 1:
        return all(_is_role_token(p, words) for p in pieces)
    return _segments(token, words.role_words)


def _segments(token: str, vocabulary: frozenset[str]) -> bool:
    reachable = [True] + [False] * len(token)
    for end in range(2, len(token) + 1):
        for start in range(0, end - 1):
            if reachable[start] and token[start:end] in vocabulary:
                reachable[end] = True
                break
    return reachable[len(token)]


def _parts(local: str) -> list[str]:
    local = local.casefold().rstrip("0123456789")
    return [p for p in _SEPARATORS.split(local) if p]


def _given_prefix(token: str, words: MailboxWords) -> Optional[tuple[str, str]]:
    """Split 'niamhclarke-bennett' into ('niamh', 'clarke-bennett') using the given-name list."""
    head = token.split("-", 1)[0]
    for size in range(len(head) - 3, 2, -1):  # longest first name first; surname at least 3 letters
        first, rest = token[:size], token[size:]
        if first in words.given_names and _NAME_PART.fullmatch(rest) and not _is_role_token(rest, words):
            return first, rest
    if "-" in token:
        first, rest = token.split("-", 1)
        if first in words.given_names and _NAME_PART.fullmatch(rest) and not _is_role_token(rest, words):
            return first, rest
    return None


def _camel_words(local: str) -> Optional[list[str]]:
    """'OwenFairbairn' -> ['Owen', 'Fairbairn'], 'PriyaRDesai' -> ['Priya', 'R', 'Desai']; None if not so written."""
    local = local.rstrip("0123456789")
    if not _CAMEL_NAME.fullmatch(local):
        return None
    pieces = _CAMEL_WORD.findall(local)
    full = [p for p in pieces if len(p) > 1]
    return pieces if 2 <= len(full) <= _CAMEL_MAX_WORDS else None


def is_person_local_part(local: str, words: Optional[MailboxWords] = None) -> bool:
    """first.last, f.last, last.f, first_last, firstlast, FirstLast... rather than a role or team mailbox."""
    words = words or load_mailbox_words()
    camel = _camel_words(local)
    parts = [p.casefold() for p in camel] if camel else _parts(local)
    if not parts or not all(_NAME_PART.fullmatch(p) for p in parts):
        return False
    if len(parts) >= 2:
        if parts[0] in words.given_names and not _is_role_token(parts[0], words):
            return True
        return not any(_is_role_token(p, words) for p in parts)
    token = parts[0]
    if _is_role_token(token, words):
        return False
    if token in words.given_names or _given_prefix(token, words) is not None:
        return True
    # 'softwareassets', 'ictprojects': a longer service word inside makes it a team mailbox.
    if any(len(w) >= 5 and w in token for w in words.role_words):
        return False
    # 'jsmith', 'okafor', 'kmcallister': not made of service words, so treat it as a person's.
    # Leaking a named address is a breach; withholding an unusual team mailbox is only a nuisance.
    return len(token) >= 4


def is_role_mailbox(address: str) -> bool:
    """True for foi@, ict.servicedesk@, digitalservices@... (anything not shaped like a person's name)."""
    local = address.split("@", 1)[0]
    return not is_person_local_part(local)


def _title(part: str) -> str:
    def cap(piece: str) -> str:
        if piece.startswith("mc") and len(piece) > 3:
            return "Mc" + piece[2:].capitalize()
        return piece.capitalize()

    out = re.sub(r"[a-z]+", lambda m: cap(m.group(0)), part)
    return re.sub(r"(?<=\b[OD]['’])[a-z]", lambda m: m.group(0).upper(), out)


def name_from_local_part(local: str) -> Optional[str]:
    """'jane.smith' -> 'Jane Smith', 'niamhclarke-bennett' -> 'Niamh Clarke-Bennett', 'lindqvist.d' -> 'D Lindqvist',
    'OwenFairbairn' -> 'Owen Fairbairn'."""
    words = load_mailbox_words()
    if not is_person_local_part(local, words):
        return None
    camel = _camel_words(local)
    if camel:  # written in the owner's order, as the owner capitalised it
        return " ".join(camel)
    parts = _parts(local)
    if len(parts) == 1:
        split = _given_prefix(parts[0], words)
        return f"{_title(split[0])} {_title(split[1])}" if split else None
    if len(parts) == 2:
        first, last = parts
        if len(last) == 1 and len(first) > 1:  # last.f
            first, last = last, first
        elif first not in words.given_names and last in words.given_names and len(first) > 1:  # smith.jane
            first, last = last, first
        return f"{_title(first)} {_title(last)}"
    return " ".join(_title(p) for p in parts)


def _header_code_length(text: str, start: int) -> int:
    """Excel header/footer text is '&R' + value: after a '&', the code is not part of the address."""
    if start == 0 or text[start - 1] != "&":
        return 0
    code = _EXCEL_HEADER_CODE.match(text, start)
    return code.end() - start if code else 0


class EmailRecognizer(RuleRecognizer):
    """E-mail addresses, split into personal (EMAIL_ADDRESS) and role/team mailboxes (ROLE_MAILBOX).

    Written here rather than using Presidio's EmailRecognizer, which consults tldextract (and so
    the network) to validate the domain.
    """

    ENTITY = PERSON_ENTITY
    PATTERNS = [Pattern("email", rf"(?<![A-Za-z0-9!#$%'*+/=?^_`{{|}}~.-]){_LOCAL}@{_DOMAIN}(?![A-Za-z0-9-]|\.[A-Za-z0-9])", 1.0)]
    CONTEXT = ["email", "e-mail", "mail", "contact"]

    def __init__(self, supported_language: str = "en"):
        super().__init__(supported_language=supported_language)
        self.supported_entities = [PERSON_ENTITY, ROLE_ENTITY]
        self.words = load_mailbox_words()

    def analyze(self, text, entities=None, nlp_artifacts=None, regex_flags=None):
        if not text or not (wanted(entities, PERSON_ENTITY) or wanted(entities, ROLE_ENTITY)):
            return []
        out = []
        for result in super().analyze(text, [PERSON_ENTITY], nlp_artifacts, regex_flags):
            start = result.start + _header_code_length(text, result.start)
            local = text[start : result.end].split("@", 1)[0]
            entity = PERSON_ENTITY if is_person_local_part(local, self.words) else ROLE_ENTITY
            if wanted(entities, entity):
                rule = "personal" if entity == PERSON_ENTITY else "role-mailbox"
                out.append(make_result(self, entity, start, result.end, result.score, rule))
        return out
