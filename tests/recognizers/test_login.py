"""AccountLoginRecognizer: personal DOMAIN\\user log-ins, not service accounts, paths or shares."""
from __future__ import annotations

import pytest

from recognizers.login import AccountLoginRecognizer
from tests.recognizers.helpers import found

P = "PERSON"


@pytest.fixture(scope="module")
def login():
    return AccountLoginRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Exported by KW\\bnowak on 01/05/2025", [(P, "KW\\bnowak")]),
        ("user HARBOURNE\\jane.smith logged in", [(P, "HARBOURNE\\jane.smith")]),
        ("CORP-AD\\m.okafor", [(P, "CORP-AD\\m.okafor")]),
        # negatives: service and shared accounts, numbered accounts, UNC paths, Windows folders, escapes
        ("run as KW\\svc_backup and KW\\administrator", []),
        ("KW\\scanner01 and KW\\ict.support and HB\\servicedesk", []),
        ("\\\\fs01\\finance\\reports", []),
        ("C:\\Windows\\system32 and C:\\users", []),
        ("a line\\nbreak written as text", []),
    ],
)
def test_logins(login, text, expected):
    assert found(login, text) == expected
