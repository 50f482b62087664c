"""NhsRecognizer: NHS numbers (ten digits passing the modulus-11 check)."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer


class NhsRecognizer(RuleRecognizer):
    """'943 476 5919' (or with hyphens) passing the check digit. Ten digits run together are
    only taken next to 'NHS': account and invoice numbers pass the check one time in eleven."""

    ENTITY = "UK_NHS"
    # Not after a country code or inside a longer number: "+44 141 496 0421" is three-three-four too.
    _LEFT = r"(?<![\w+.,/-])(?<!\+\d{1,3}[ -])(?<!\(0\)[ -]?)"
    PATTERNS = [
        Pattern("nhs-grouped", rf"{_LEFT}[1-9]\d\d(?P<sep>[ -])\d{{3}}(?P=sep)\d{{4}}(?![\w.,/-]?\d)", 0.85),
        Pattern("nhs-compact", rf"{_LEFT}[1-9]\d{{9}}(?![\w.,/-]?\d)", 0.6),
    ]
    CONTEXT = ["nhs", "nhs number", "nhs no", "national health service"]
    REQUIRED_CONTEXT = re.compile(r"(?i)\bNHS\b")
    CONTEXT_RULES = frozenset({"nhs-compact"})
    CONTEXT_WINDOW = (40, 20)

    def validate_result(self, pattern_text: str) -> bool:
        digits = [int(c) for c in pattern_text if c.isdigit()]
        if len(digits) != 10:
            return False
        check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        return check != 10 and check == digits[9]
