"""UkNinoRecognizer: UK National Insurance numbers (QQ 12 34 56 C layout, valid prefixes only)."""
from __future__ import annotations

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer

# HMRC: the first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U or V; and
# BG, GB, KN, NK, NT, TN and ZZ are never issued. The suffix is A-D.
_PREFIX = r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"


class UkNinoRecognizer(RuleRecognizer):
    ENTITY = "UK_NINO"
    PATTERNS = [
        Pattern("nino", rf"(?<![\w-]){_PREFIX}(?P<sep>[ -]?)\d{{2}}(?P=sep)\d{{2}}(?P=sep)\d{{2}}(?P=sep)[A-D](?![\w-])", 0.85),
    ]
    CONTEXT = ["national insurance", "ni number", "nino", "ni no"]
