"""AccountLoginRecognizer: Windows-style DOMAIN\\user log-ins whose user part names a person."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer

# Service and shared accounts are not people: svc_backup, administrator, scanner01, ict.support.
_SHARED = re.compile(r"^(?:svc|srv|sa|adm|admin\w*|administrator|system|service\w*|backup\w*|scan\w*|print\w*|test\w*|"
                     r"guest|shared|ict\w*|it\w*|helpdesk|servicedesk|support|noreply|sql\w*|app\w*|sync\w*|task\w*)(?:[._-]|$)")


class AccountLoginRecognizer(RuleRecognizer):
    """'KW\\bnowak', 'HARBOURNE\\jane.smith': a personal log-in identifies its officer (s40(2))."""

    ENTITY = "PERSON"
    PATTERNS = [
        Pattern("windows-login", r"(?<![\w\\])[A-Z][A-Z0-9-]{1,14}\\[a-z][a-z0-9._-]{2,30}[a-z0-9](?![\w\\])", 0.8),
    ]
    CONTEXT = ["user", "login", "log-in", "account", "exported by", "run by", "by"]

    def validate_result(self, pattern_text: str) -> bool:
        user = pattern_text.split("\\", 1)[1]
        if _SHARED.match(user) or any(ch.isdigit() for ch in user):
            return False
        # A person's log-in is initial + surname (bnowak) or first.last (jane.smith).
        return bool(re.fullmatch(r"[a-z]{4,20}|[a-z]+[._-][a-z]+", user))
