"""DateOfBirthRecognizer: a date written next to 'DOB', 'date of birth' or 'born'."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_NUM_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19|20)\d\d"


class DateOfBirthRecognizer(RuleRecognizer):
    """Any common date layout ('12/03/1985', '12 March 1985', '1985-03-12', '12-Mar-1985'),
    kept only when 'DOB' / 'date of birth' / 'born' comes shortly before it."""

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = [
        Pattern("dob-numeric", rf"(?<![\w/.-]){_DAY}(?P<sep>[/.-]){_NUM_MONTH}(?P=sep)(?:{_YEAR}|\d\d)(?![\w/]|[.-]\d)", 0.6),
        Pattern("dob-iso", rf"(?<![\w/.-]){_YEAR}-{_NUM_MONTH}-{_DAY}(?![\w/]|[.-]\d)", 0.6),
        Pattern("dob-words", rf"(?<![\w/.-]){_DAY}(?:st|nd|rd|th)?[ -]{_MONTH}\.?,?[ -]{_YEAR}(?!\w)", 0.6),
        Pattern("dob-words", rf"(?<![\w/.-]){_MONTH}\.?[ ]{_DAY}(?:st|nd|rd|th)?,?[ ]{_YEAR}(?!\w)", 0.6),
    ]
    CONTEXT = ["dob", "date of birth", "born", "birth date", "birthday"]
    REQUIRED_CONTEXT = re.compile(r"(?i)\b(?:D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)(?![\w])")
    CONTEXT_WINDOW = (30, 0)
    # Every rule needs REQUIRED_CONTEXT, and each of its matches holds one of these.
    PREFILTER = re.compile(r"(?i)d\.?o\.?b|birth|born")
