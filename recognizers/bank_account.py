"""BankAccountRecognizer: UK bank account numbers, only where the text says 'account'."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer


class BankAccountRecognizer(RuleRecognizer):
    """Eight digits next to 'account number', 'a/c', 'acct'... Without that, eight digits are
    anything: an order number, a phone fragment, a count."""

    ENTITY = "UK_BANK_ACCOUNT"
    PATTERNS = [Pattern("account-number", r"(?<![\w.,/-])\d{8}(?![\w/]|[.,-]\d)", 0.6)]
    CONTEXT = ["account", "account number", "bank"]
    REQUIRED_CONTEXT = re.compile(r"(?i)\b(?:account|acct|a/c|acc)\b(?:\s*(?:number|num|no\.?|#))?")
    CONTEXT_WINDOW = (35, 0)
