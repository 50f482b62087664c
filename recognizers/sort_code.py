"""SortCodeRecognizer: UK bank sort codes, only where the text says 'sort code'."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer


class SortCodeRecognizer(RuleRecognizer):
    """'12-34-56' / '12 34 56' next to 'sort code': without it the shape is a date ('12-06-21')."""

    ENTITY = "UK_SORT_CODE"
    PATTERNS = [Pattern("sort-code", r"(?<![\w./-])\d{2}(?P<sep>[- ]?)\d{2}(?P=sep)\d{2}(?![\w/]|[.-]\d)", 0.6)]
    CONTEXT = ["sort code", "sortcode", "bank"]
    REQUIRED_CONTEXT = re.compile(r"(?i)\bsort[\s-]?code\b")
    CONTEXT_WINDOW = (40, 25)
