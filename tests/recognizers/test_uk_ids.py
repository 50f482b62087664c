"""NINO, NHS number, sort code, bank account and date of birth: shapes plus checksums or required context."""
from __future__ import annotations

import pytest

from recognizers.bank_account import BankAccountRecognizer
from recognizers.dob import DateOfBirthRecognizer
from recognizers.nhs import NhsRecognizer
from recognizers.nino import UkNinoRecognizer
from recognizers.sort_code import SortCodeRecognizer
from tests.recognizers.helpers import found


@pytest.fixture(scope="module")
def nino():
    return UkNinoRecognizer()


@pytest.fixture(scope="module")
def nhs():
    return NhsRecognizer()


@pytest.fixture(scope="module")
def sort_code():
    return SortCodeRecognizer()


@pytest.fixture(scope="module")
def account():
    return BankAccountRecognizer()


@pytest.fixture(scope="module")
def dob():
    return DateOfBirthRecognizer()


N = "UK_NINO"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NI number AB 12 34 56 C", [(N, "AB 12 34 56 C")]),
        ("AB123456C", [(N, "AB123456C")]),
        ("JK-12-34-56-D", [(N, "JK-12-34-56-D")]),
        ("QQ 12 34 56 C", []),  # Q is never a first letter: the format's placeholder
        ("GB123456A", []),  # never-issued prefix
        ("AB 12 34 56 E", []),  # suffix beyond D
        ("AB 12 3456 C", []),  # mixed grouping
        ("ab123456c", []),
        ("FI32945", []),
    ],
)
def test_nino(nino, text, expected):
    assert found(nino, text) == expected


H = "UK_NHS"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NHS number 943 476 5919", [(H, "943 476 5919")]),
        ("943-476-5919", [(H, "943-476-5919")]),
        ("NHS: 9434765919", [(H, "9434765919")]),
        ("943 476 5918", []),  # fails the check digit
        ("ref 9434765919", []),  # ten digits run together need 'NHS' nearby
        ("+44 141 496 0421", []),  # a phone number in three-three-four groups
        ("0141 496 0421", []),
        ("£943,476,591", []),
    ],
)
def test_nhs(nhs, text, expected):
    assert found(nhs, text) == expected


S = "UK_SORT_CODE"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sort code: 12-34-56", [(S, "12-34-56")]),
        ("sort code 12 34 56", [(S, "12 34 56")]),
        ("12-34-56 (sort code)", [(S, "12-34-56")]),
        ("12-34-56", []),
        ("signed 12-06-21", []),
        ("sort code 12-06-2021", []),
    ],
)
def test_sort_code(sort_code, text, expected):
    assert found(sort_code, text) == expected


A = "UK_BANK_ACCOUNT"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Account number: 12345678", [(A, "12345678")]),
        ("a/c 12345678", [(A, "12345678")]),
        ("account no. 12345678, sort code 12-34-56", [(A, "12345678")]),
        ("12345678", []),
        ("Order 12345678", []),
        ("account 123456789", []),  # nine digits
        ("account total £12,345,678", []),
    ],
)
def test_bank_account(account, text, expected):
    assert found(account, text) == expected


D = "DATE_OF_BIRTH"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DOB: 12/03/1985", [(D, "12/03/1985")]),
        ("Date of birth 12 March 1985", [(D, "12 March 1985")]),
        ("born on 3 May 1990", [(D, "3 May 1990")]),
        ("D.O.B. 1985-03-12", [(D, "1985-03-12")]),
        ("dob 12-Mar-1985", [(D, "12-Mar-1985")]),
        ("Date of birth: March 3, 1985", [(D, "March 3, 1985")]),
        ("Contract start 12/03/2021", []),
        ("12-Jun-2021", []),
        ("The contract was born of necessity in a long process that ended on 12/03/2021", []),
    ],
)
def test_date_of_birth(dob, text, expected):
    assert found(dob, text) == expected
