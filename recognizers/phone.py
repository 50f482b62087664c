"""UkPhoneRecognizer: UK telephone numbers (via phonenumbers) and internal extensions."""
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


class UkPhoneRecognizer(RuleRecognizer):
    """UK landline, mobile and non-geographic numbers in any common layout, plus extensions
    ('ext. 2315', 'extension 4412', 'x4412': rule 'extension')."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern("extension", r"(?i:(?<=\b(?:ext|extn|extension)\.?[ \t]*(?:no\.?|number)?[ \t]*:?[ \t]*))\d{3,6}(?!\w|[.,/-]\d)", 0.7),
        # "x4412" only as a word of its own: not "2 x 4412", "0x4412" or an "&#x660E;" reference.
        Pattern("extension", r"(?<=(?:^|(?<=[\s(/,;:]))x)\d{3,5}(?!\w|[.,/-]\d)", 0.6),
    ]
    CONTEXT = ["phone", "telephone", "tel", "mobile", "direct", "dial", "line", "contact", "ext", "extension"]
    REGION = "GB"
    SCORE = 0.85

    def analyze(self, text: str, entities: Optional[list[str]] = None, nlp_artifacts: Any = None, regex_flags: Optional[int] = None) -> list[RecognizerResult]:
        if not text or not wanted(entities, self.ENTITY):
            return []
        numbers = [make_result(self, self.ENTITY, s, e, self.SCORE, "uk-number") for s, e in self._numbers(text)]
        extensions = [
            r for r in super().analyze(text, entities, nlp_artifacts, regex_flags)
            if not any(n.start <= r.start and r.end <= n.end for n in numbers)
        ]
        return numbers + extensions

    def _numbers(self, text: str) -> list[tuple[int, int]]:
        found = self._match(text)
        if "\n" in text:
            # Table cells wrap numbers across lines ("(0113) 496\n0431"); a space keeps offsets.
            for start, end in self._match(text.replace("\n", " ")):
                if "\n" in text[start:end] and not any(s < end and start < e for s, e in found):
                    found.append((start, end))
        return found

    def _match(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for m in PhoneNumberMatcher(text, self.REGION, leniency=Leniency.POSSIBLE):
            if self.validate_number(m.raw_string, m.number):
                # "(+44 116 496 0204, name@...)": the bracket opens the aside, not the number.
                unbalanced = m.raw_string.startswith("(") and m.raw_string.count("(") > m.raw_string.count(")")
                spans.append((m.start + unbalanced, m.end))
        return spans

    def validate_number(self, raw: str, number: phonenumbers.PhoneNumber) -> bool:
        """Written like a UK number, and of a UK number's length."""
        if not _UK_START.match(raw) or number.country_code != 44 or _SHORT_FIRST_GROUP.match(raw):
            return False
        return len(phonenumbers.national_significant_number(number)) in _NSN_LENGTHS
