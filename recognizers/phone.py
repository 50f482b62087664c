"""UkPhoneRecognizer: UK telephone numbers, international and North American numbers, and extensions."""
from __future__ import annotations

import re
from typing import Any, Optional

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher
from presidio_analyzer import Pattern, RecognizerResult

from recognizers.base import RuleRecognizer, make_result, wanted

# A UK number is written from its trunk prefix (0...) or country code (+44 / 0044), perhaps in
# brackets or after "tel:". Anything else phonenumbers finds (years, amounts, versions, IP
# addresses, references) is not a telephone number in a UK document.
_UK_START = re.compile(r"^(?:\(?0(?!0)|\+\s?44|\(\+44|00\s?44|\(0044)")
# A national number's first group is its area or mobile code (020, 0113, 07700): "0 2708 6318" or
# "0 1 1 1 600" are columns of figures.
_SHORT_FIRST_GROUP = re.compile(r"^\(?0\d?(?!\d)")
# Ofcom's drama ranges (01632 960xxx, 07700 900xxx) are possible but not "valid" numbers, so the
# test is length: a UK national significant number has 9 or 10 digits.
_NSN_LENGTHS = (9, 10)
# 3-2-4 is the layout of a US social security number, never of a UK telephone number.
_SSN_LAYOUT = re.compile(r"^\d{3}-\d{2}-\d{4}$")
# Another country's number is only taken when written internationally: "+41 (0)44 668 18 00",
# "001-202-555-0187". Plain digit runs abroad look like anything.
_INTERNATIONAL_START = re.compile(r"^\(?(?:\+\s?|00\s?)[1-9]")
_MIN_INTERNATIONAL_NSN = 6
# North American layouts are distinctive enough alone: "(202)555-0143", "202-555-0175",
# "202.555.0112x459". Spaces only ("202 555 0143") are not: they need a label like any digits.
_NANP = re.compile(
    r"(?<![\w.+/£$€-])(?:\(\d{3}\)[ \t]?\d{3}-|\d{3}-\d{3}-|\d{3}\.\d{3}\.)\d{4}"
    r"(?:[ \t]?(?i:x|ext\.?)[ \t]?\d{1,6})?(?![\w/%]|[.,:-]\d)"
)
# Any digits laid out like a phone number ("555 0123", "61-57-84-92", "(08) 5550 6301",
# "06.12.34.56.78"): taken only right after a phone label ("Fax:", "call me on") or right before
# one that ends the phrase ("... office", "...-Fax"; not "4500123456 Office chairs").
_SEP = r"(?:[ \t]?[-.][ \t]?|[ \t]|(?<=\)))"
_DIGIT_RUN = re.compile(
    rf"(?<![\w.+/£$€-])\(?\d{{1,12}}\)?(?:{_SEP}\(?\d{{1,8}}\)?){{0,6}}"
    r"(?:[ \t]?(?i:x|ext\.?|extn\.?)[ \t]?\d{1,6})?(?![\w/%]|[.,:-]\d)"
)
_LABEL_BEFORE = re.compile(
    r"(?i:\b(?:tel(?:ephone)?|phone|mob(?:ile)?|cell(?:phone)?|fax|desk|landline|switchboard|whats[ \t]?app|sms"
    r"|direct[ \t]+(?:line|dial|tel)|contact[ \t]+(?:number|no\.?|tel))(?:[ \t]+(?:number|no\.?))?"
    r"|\b(?:call|ring|phone|text|reach)(?:[ \t]+(?:me|us|him|her|them))?[ \t]+(?:on|at)"
    r"|\b(?:answering|messages?)[ \t]+(?:on|at|to))"
    r"[ \t]*[:.#–-]?\s{0,3}$"
)
_LABEL_AFTER = re.compile(
    r"[ \t]*[-–(]?[ \t]*(?i:office|fax|mobile|mob|home|work|cell|desk|direct|tel|phone)\b"
    r"(?=[ \t]*(?:$|[\n,;:)\\/.]|(?i:and|or)\b))"
)
_LABEL_REACH = 40
_MIN_DIGITS, _MAX_DIGITS = 7, 15
# Digit layouts that are never phone numbers, whatever label is near: dates, times, IP
# addresses, year ranges, money with decimals.
_NOT_PHONE = re.compile(
    r"^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
    r"|(?:\d{1,3}\.){3}\d{1,3}"
    r"|(?:19|20)\d\d[ \t]?[-/–][ \t]?(?:19|20)?\d\d"
    r"|\d+\.\d{2})$"
)
_EXTENSION_TAIL = re.compile(r"[ \t]?(?i:x|ext\.?|extn\.?)[ \t]?\d{1,6}$")
# Every number rule needs at least six digits (an international number's minimum; the others need
# more) and every extension three in a row: texts with fewer skip those matchers.
_ENOUGH_DIGITS = re.compile(r"(?:\D*\d){6}")
_EXTENSION_DIGITS = re.compile(r"\d{3}")


class UkPhoneRecognizer(RuleRecognizer):
    """Telephone numbers in the layouts people write them. Rules:
    'uk-number' (any common UK layout), 'international' (+CC or 00CC, any country),
    'nanp' (North American dashed/dotted/bracketed layouts), 'labelled' (any phone-shaped digits
    next to a label: 'Phone: 555 0123', '27-65-43-21 office', 'call me on 555 0840'),
    and 'extension' ('ext. 2315', 'extension 4412', 'x4412')."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern("extension", r"(?i:(?<=\b(?:ext|extn|extension)\.?[ \t]*(?:no\.?|number)?[ \t]*:?[ \t]*))\d{3,6}(?!\w|[.,/-]\d)", 0.7),
        # "x4412" only as a word of its own: not "2 x 4412", "0x4412" or an "&#x660E;" reference.
        Pattern("extension", r"(?<=(?:^|(?<=[\s(/,;:]))x)\d{3,5}(?!\w|[.,/-]\d)", 0.6),
        # A signature's "Internal: 5583" / "Int. 5583": the extension under another name.
        Pattern("extension", r"(?<=\b(?:Internal|Int\.)[ \t]*:?[ \t]*)\d{4,5}(?!\w|[.,/-]\d)", 0.65),
    ]
    CONTEXT = ["phone", "telephone", "tel", "mobile", "direct", "dial", "line", "contact", "ext", "extension"]
    REGION = "GB"
    SCORES = {"uk-number": 0.85, "international": 0.85, "nanp": 0.75, "labelled": 0.7}

    def analyze(self, text: str, entities: Optional[list[str]] = None, nlp_artifacts: Any = None, regex_flags: Optional[int] = None) -> list[RecognizerResult]:
        if not text or not wanted(entities, self.ENTITY):
            return []
        spans = []
        if _ENOUGH_DIGITS.match(text):
            spans = self._numbers(text)
            spans += self._free_of(spans, self._nanp(text))
            spans += self._free_of(spans, self._labelled(text))
        numbers = [make_result(self, self.ENTITY, s, e, self.SCORES[rule], rule) for s, e, rule in sorted(spans)]
        if not _EXTENSION_DIGITS.search(text):
            return numbers
        extensions = [
            r for r in super().analyze(text, entities, nlp_artifacts, regex_flags)
            if not any(n.start <= r.start and r.end <= n.end for n in numbers)
        ]
        return numbers + extensions

    @staticmethod
    def _free_of(taken: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        return [s for s in spans if not any(t[0] < s[1] and s[0] < t[1] for t in taken)]

    def _numbers(self, text: str) -> list[tuple[int, int, str]]:
        found = self._match(text)
        if "\n" in text:
            # Table cells wrap numbers across lines ("(0113) 496\n0431"); a space keeps offsets.
            for start, end, rule in self._match(text.replace("\n", " ")):
                if "\n" in text[start:end] and not any(s < end and start < e for s, e, _ in found):
                    found.append((start, end, rule))
        return found

    def _match(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in PhoneNumberMatcher(text, self.REGION, leniency=Leniency.POSSIBLE):
            rule = self.rule_for(m.raw_string, m.number)
            if rule:
                # "(+44 116 496 0204, name@...)": the bracket opens the aside, not the number.
                unbalanced = m.raw_string.startswith("(") and m.raw_string.count("(") > m.raw_string.count(")")
                spans.append((m.start + unbalanced, m.end, rule))
        return spans

    def rule_for(self, raw: str, number: phonenumbers.PhoneNumber) -> Optional[str]:
        """'uk-number', 'international' or None (not a number we take without a label)."""
        if self.validate_number(raw, number):
            return "uk-number"
        if number.country_code != 44 and _INTERNATIONAL_START.match(raw) and phonenumbers.is_possible_number(number):
            if len(phonenumbers.national_significant_number(number)) >= _MIN_INTERNATIONAL_NSN:
                return "international"
        return None

    def validate_number(self, raw: str, number: phonenumbers.PhoneNumber) -> bool:
        """Written like a UK number, and of a UK number's length."""
        if not _UK_START.match(raw) or number.country_code != 44 or _SHORT_FIRST_GROUP.match(raw) or _SSN_LAYOUT.match(raw):
            return False
        return len(phonenumbers.national_significant_number(number)) in _NSN_LENGTHS

    @staticmethod
    def _nanp(text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), "nanp") for m in _NANP.finditer(text)]

    @staticmethod
    def _labelled(text: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in _DIGIT_RUN.finditer(text):
            raw = m.group(0)
            start, end = m.start(), m.end()
            if raw.startswith("(") and raw.count("(") > raw.count(")"):
                start += 1
                raw = raw[1:]
            number = _EXTENSION_TAIL.sub("", raw)
            digits = sum(ch.isdigit() for ch in number)
            if not _MIN_DIGITS <= digits <= _MAX_DIGITS or _NOT_PHONE.match(number):
                continue
            before = text[max(0, start - _LABEL_REACH) : start]
            if _LABEL_BEFORE.search(before) or _LABEL_AFTER.match(text, end):
                spans.append((start, end, "labelled"))
        return spans
