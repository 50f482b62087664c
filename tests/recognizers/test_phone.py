"""UkPhoneRecognizer: UK numbers in every common layout and extensions; never dates, money, versions or refs."""
from __future__ import annotations

import pytest

from recognizers.phone import UkPhoneRecognizer
from tests.recognizers.helpers import found, rules

P = "PHONE_NUMBER"


@pytest.fixture(scope="module")
def phone():
    return UkPhoneRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tel 01632 960412", [(P, "01632 960412")]),
        ("(01632) 960 412", [(P, "(01632) 960 412")]),
        ("Direct: 0141-4960168", [(P, "0141-4960168")]),
        ("01414960121", [(P, "01414960121")]),
        ("on +44 141 496 0421 or", [(P, "+44 141 496 0421")]),
        ("+44 (0)1632 960412", [(P, "+44 (0)1632 960412")]),
        ("Mobile 07700 900162", [(P, "07700 900162")]),
        ("07700-900-282", [(P, "07700-900-282")]),
        ("(07700) 900521", [(P, "(07700) 900521")]),
        ("07700 900 021", [(P, "07700 900 021")]),
        ("+44 7700 900097", [(P, "+44 7700 900097")]),
        ("020 7946 0123", [(P, "020 7946 0123")]),
        ("0113 496 0431", [(P, "0113 496 0431")]),
        ("(029) 2018 3207", [(P, "(029) 2018 3207")]),
        ("0114.496.0168", [(P, "0114.496.0168")]),
        ("0300 123 4567", [(P, "0300 123 4567")]),
        ("tel:+441632960412", [(P, "+441632960412")]),
        ("0141-4960168 / 07700 900162", [(P, "0141-4960168"), (P, "07700 900162")]),
        # numbers wrapped across a table cell's lines
        ("+44 113 496\n0604", [(P, "+44 113 496\n0604")]),
        ("(0113) 496\n0431", [(P, "(0113) 496\n0431")]),
        ("0141 496 0000\n07700 900162", [(P, "0141 496 0000"), (P, "07700 900162")]),
        # extensions
        ("ext. 2315", [(P, "2315")]),
        ("extension 4412", [(P, "4412")]),
        ("Ext: 4412", [(P, "4412")]),
        ("call x4412 today", [(P, "4412")]),
        ("0141 496 0000 ext 4412", [(P, "0141 496 0000 ext 4412")]),
        # an aside's opening bracket is not part of the number
        ("Engineer (+44 116\n496 0204, name@x.gov.uk)", [(P, "+44 116\n496 0204")]),
        ("Action: Yusuf Iqbal (07700 900 351) to check", [(P, "07700 900 351")]),
    ],
)
def test_finds_uk_numbers(phone, text, expected):
    assert found(phone, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # dates
        "12-Jun-2021", "21/09/2020", "2022-10-14", "01/02/2023", "01.02.2023", "01-02-2023", "07/10/2026",
        # money and plain numbers
        "£76,880", "59070", "£59,070 a year", "43647", "12345678",
        # IP addresses and versions
        "10.12.1.1", "7.0.1-5145", "5.10.0", "7.8.4.270", "SonicOS 7.0.1-5145",
        # FOI references and postcodes
        "FOI-2024-3613", "FI32945", "EIR/FOI 2125", "SK9 5AF", "HB1 4QT",
        # licence counts and year ranges
        "1,229 users", "973 devices", "2019-2022", "2019 - 2022", "2020/21",
        # 'x' in counts and hex, not extensions
        "2 x 4412 units", "0x4412", "&#x660E;", "x4412E",
        # columns of figures that happen to start with 0
        "0 2708 6318", "0 1 1 1 600 0 0 1",
    ],
)
def test_ignores_numbers_that_are_not_phones(phone, text):
    assert found(phone, text) == []


def test_rules_name_numbers_and_extensions(phone):
    assert rules(phone, "0113 496 0431 (switchboard), or ext. 2315") == [("0113 496 0431", "uk-number"), ("2315", "extension")]


def test_entity_filter(phone):
    assert found(phone, "0113 496 0431", ["EMAIL_ADDRESS"]) == []
