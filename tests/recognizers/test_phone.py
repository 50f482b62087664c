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
        ("M: 07700 900219 | Internal: 5583", [(P, "07700 900219"), (P, "5583")]),
        ("Int. 5583", [(P, "5583")]),
        ("internal audit 2024 and Internal 12 staff and internal: 5583", []),
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
    "text, expected",
    [
        # written internationally: any country
        ("Desk: +41 (0)44 668 18 00", [(P, "+41 (0)44 668 18 00")]),
        ("+1-202-555-0143x769 mobile", [(P, "+1-202-555-0143x769")]),
        ("call +33 1 84 88 12 34 today", [(P, "+33 1 84 88 12 34")]),
        ("from the US dial 001-202-555-0187", [(P, "001-202-555-0187")]),
        ("+353 1 555 0199", [(P, "+353 1 555 0199")]),
        # North American layouts
        ("ring (202)555-0143 or", [(P, "(202)555-0143")]),
        ("registered 202-555-0175.", [(P, "202-555-0175")]),
        ("202.555.0112x459", [(P, "202.555.0112x459")]),
        # any phone-shaped digits right after or right before a phone label
        ("Phone:\n555 0123\n\nE-mail:", [(P, "555 0123")]),
        ("Tel: 61-57-84-92", [(P, "61-57-84-92")]),
        ("Mobile: 06.12.34.56.78", [(P, "06.12.34.56.78")]),
        ("Fax: 5550123456", [(P, "5550123456")]),
        ("Direct line: (08) 5550 6301", [(P, "(08) 5550 6301")]),
        ("27-65-43-21 office", [(P, "27-65-43-21")]),
        ("(41) 555-063-Office", [(P, "(41) 555-063")]),
        ("Can someone call me on 555 0840?", [(P, "555 0840")]),
        ("nobody is answering at 99 555472", [(P, "99 555472")]),
    ],
)
def test_finds_international_and_labelled_numbers(phone, text, expected):
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
        # a US social security number's layout
        "SSN: 078-05-1120",
        # North American-looking shapes that are not: spaced, or part of a longer reference
        "202 555 0143", "FOI-202-555-0143", "202-555-01434", "v202.555.0143",
        # phone labels next to figures that are not numbers: dates, times, IPs, years, money,
        # counts, versions and long card or account numbers
        "Phone: 2019-2022", "Tel: 12/03/2021", "Tel: 2022-10-14", "Phone: 10.12.1.1", "Mobile: 14:30",
        "Mobile phones: 1,229", "Mobile devices: 1 229 handsets", "Desk: £12,345.00", "Telephony: 59070",
        "Phone system version 7.0.1-5145", "Fax: 4111111111111111", "call on 01/02/2023",
        # labels too far from the digits, or digits with no label at all
        "Phone: see the switchboard list, reference 4500 1234",
        "Contract ref 4500 1234 56", "Order 4812095531", "Invoice 27-65-43-21",
        # a label word after the digits that starts another phrase
        "PO 4500123456 Office chairs", "Order 4812095531 Office 365 licences", "Ref 555 0123 home improvements",
    ],
)
def test_ignores_numbers_that_are_not_phones(phone, text):
    assert found(phone, text) == []


def test_rules_name_numbers_and_extensions(phone):
    assert rules(phone, "0113 496 0431 (switchboard), or ext. 2315") == [("0113 496 0431", "uk-number"), ("2315", "extension")]


def test_entity_filter(phone):
    assert found(phone, "0113 496 0431", ["EMAIL_ADDRESS"]) == []


def test_rules_name_international_nanp_and_labelled_numbers(phone):
    text = "+41 44 668 18 00, (202)555-0143 and Fax: 555 0123"
    assert rules(phone, text) == [("+41 44 668 18 00", "international"), ("(202)555-0143", "nanp"), ("555 0123", "labelled")]


def test_uk_rule_wins_over_the_labelled_rule(phone):
    assert rules(phone, "Tel: 0113 496 0431") == [("0113 496 0431", "uk-number")]
