"""EmailRecognizer: personal addresses vs role mailboxes, and reading names from local parts."""
from __future__ import annotations

import pytest

from recognizers.email import EmailRecognizer, is_role_mailbox, name_from_local_part
from tests.recognizers.helpers import found

E, R = "EMAIL_ADDRESS", "ROLE_MAILBOX"


@pytest.fixture(scope="module")
def email():
    return EmailRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        # person-like local parts
        ("jane.smith@harbourne.gov.uk", [(E, "jane.smith@harbourne.gov.uk")]),
        ("a.mcallister@brackenfield.gov.uk", [(E, "a.mcallister@brackenfield.gov.uk")]),
        ("lindqvist.d@harbourne.gov.uk", [(E, "lindqvist.d@harbourne.gov.uk")]),
        ("charlotte_lindqvist@ashcombe-bc.gov.uk", [(E, "charlotte_lindqvist@ashcombe-bc.gov.uk")]),
        ("niamhclarke-bennett@harbourne.gov.uk", [(E, "niamhclarke-bennett@harbourne.gov.uk")]),
        ("tomaszmensah@harbourne.gov.uk", [(E, "tomaszmensah@harbourne.gov.uk")]),
        ("callum.carrick-jones@eastholme.gov.uk", [(E, "callum.carrick-jones@eastholme.gov.uk")]),
        ("j.bloggs@example.org", [(E, "j.bloggs@example.org")]),
        ("jane.press@council.gov.uk", [(E, "jane.press@council.gov.uk")]),  # a surname that is a role word
        # capitalised words run together, perhaps with a middle initial
        ("OwenFairbairn@example.com", [(E, "OwenFairbairn@example.com")]),
        ("KowalczykAnna@example.pl", [(E, "KowalczykAnna@example.pl")]),
        ("PriyaRDesai@example.com", [(E, "PriyaRDesai@example.com")]),
        ("MariaSantosFerreira@example.com", [(E, "MariaSantosFerreira@example.com")]),
        ("GarethTrevelyan2@harbourne.gov.uk", [(E, "GarethTrevelyan2@harbourne.gov.uk")]),
        ("JanePress@council.gov.uk", [(E, "JanePress@council.gov.uk")]),  # a given name first: a person
        # role and team mailboxes
        ("foi@wealdmere.gov.uk", [(R, "foi@wealdmere.gov.uk")]),
        ("foi.requests@harbourne.gov.uk", [(R, "foi.requests@harbourne.gov.uk")]),
        ("ict.servicedesk@stourleigh.gov.uk", [(R, "ict.servicedesk@stourleigh.gov.uk")]),
        ("digitalservices@castlebridge.gov.uk", [(R, "digitalservices@castlebridge.gov.uk")]),
        ("informationgovernance@millbrook.gov.uk", [(R, "informationgovernance@millbrook.gov.uk")]),
        ("customer.services@x.gov.uk", [(R, "customer.services@x.gov.uk")]),
        ("it.support@x.gov.uk", [(R, "it.support@x.gov.uk")]),
        ("data.protection@x.gov.uk", [(R, "data.protection@x.gov.uk")]),
        ("no-reply@x.gov.uk", [(R, "no-reply@x.gov.uk")]),
        ("webmaster@x.gov.uk", [(R, "webmaster@x.gov.uk")]),  # not shaped like a name
        # capitalised team mailboxes: any role word, or runs of capitals, make them roles
        ("ServiceDesk@x.gov.uk", [(R, "ServiceDesk@x.gov.uk")]),
        ("ICTServiceDesk@x.gov.uk", [(R, "ICTServiceDesk@x.gov.uk")]),
        ("InformationGovernance@x.gov.uk", [(R, "InformationGovernance@x.gov.uk")]),
        ("HarbourneCouncil@x.gov.uk", [(R, "HarbourneCouncil@x.gov.uk")]),
        ("FOIRequests@x.gov.uk", [(R, "FOIRequests@x.gov.uk")]),
        ("HRTeam@x.gov.uk", [(R, "HRTeam@x.gov.uk")]),
        ("CyberSecurity@x.gov.uk", [(R, "CyberSecurity@x.gov.uk")]),
        ("BusinessRates@x.gov.uk", [(R, "BusinessRates@x.gov.uk")]),
        # in running text, links and Excel header codes
        ("email meganfairbairn@harbourne.gov.uk.", [(E, "meganfairbairn@harbourne.gov.uk")]),
        ("mailto:owen_fairbairn@x.gov.uk", [(E, "owen_fairbairn@x.gov.uk")]),
        ("&Rniamh.radcliffe@a.gov.uk", [(E, "niamh.radcliffe@a.gov.uk")]),
        ("(digital@harbourne.gov.uk, telephone 0141 496 0008)", [(R, "digital@harbourne.gov.uk")]),
    ],
)
def test_classifies_addresses(email, text, expected):
    assert found(email, text) == expected


@pytest.mark.parametrize(
    "text",
    ["www.harbourne.gov.uk", "harbourne.gov.uk", "user at example dot com", "@harbourne", "fw01.corp.x.local"],
)
def test_ignores_non_addresses(email, text):
    assert found(email, text) == []


def test_entity_filter_returns_only_requested_kind(email):
    text = "jane.smith@x.gov.uk and foi@x.gov.uk"
    assert found(email, text, [R]) == [(R, "foi@x.gov.uk")]
    assert found(email, text, [E]) == [(E, "jane.smith@x.gov.uk")]


@pytest.mark.parametrize(
    "local, name",
    [
        ("jane.smith", "Jane Smith"),
        ("niamhclarke-bennett", "Niamh Clarke-Bennett"),
        ("aishanwosu", "Aisha Nwosu"),
        ("kwame_trevelyan", "Kwame Trevelyan"),
        ("a.mcallister", "A McAllister"),
        ("lindqvist.d", "D Lindqvist"),
        ("OwenFairbairn", "Owen Fairbairn"),
        ("PriyaRDesai", "Priya R Desai"),
        ("ServiceDesk", None),
        ("foi.requests", None),
        ("digitalservices", None),
        ("webmaster", None),
        ("niamh", None),  # a first name alone is not a full name
    ],
)
def test_name_from_local_part(local, name):
    assert name_from_local_part(local) == name


@pytest.mark.parametrize(
    "address, role",
    [("procurement@x.gov.uk", True), ("ict@penhallow.gov.uk", True), ("f.ellison@penhallow.gov.uk", False), ("garethmensah@k.gov.uk", False)],
)
def test_is_role_mailbox(address, role):
    assert is_role_mailbox(address) is role
