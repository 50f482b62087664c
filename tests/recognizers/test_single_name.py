"""NameCueRecognizer: one-word and unseen names where a cue, spaCy or the given-name list vouches for them."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from recognizers.single_name import NameCueRecognizer
from tests.recognizers.helpers import found, rules

P = "PERSON"


@pytest.fixture(scope="module")
def names():
    return NameCueRecognizer()


def ner(text: str, *people: str) -> SimpleNamespace:
    """Stand-in for Presidio's NlpArtifacts: spaCy PERSON entities at the given words."""
    ents = [SimpleNamespace(label_="PERSON", start_char=text.index(p), end_char=text.index(p) + len(p)) for p in people]
    return SimpleNamespace(entities=ents)


@pytest.mark.parametrize(
    "text, expected",
    [
        # cues: self-introductions, name fields, greetings at the start of a line or sentence
        ("My name is Oyelaran", [(P, "Oyelaran")]),
        ("Her maiden name is Pemberton", [(P, "Pemberton")]),
        ("What's your last name? Lindqvist", [(P, "Lindqvist")]),
        ("Surname: Okonkwo-Ellis", [(P, "Okonkwo-Ellis")]),
        ("My name is Tereza K. Dvořák but everyone calls me Tess", [(P, "Tereza K. Dvořák"), (P, "Tess")]),
        ("Dear Gareth,\nThank you for your request.", [(P, "Gareth")]),
        ("Thanks. Hi Nadia, the figures are attached.", [(P, "Nadia")]),
        ("Hello Siobhan Fairbairn", [(P, "Siobhan Fairbairn")]),
        # a distinctive given name standing alone
        ("Please contact Siobhan if you need the figures.", [(P, "Siobhan")]),
        ("Tomasz will send the renewal quote.", [(P, "Tomasz")]),
        ("The report was checked by Małgorzata.", [(P, "Małgorzata")]),
        ("Olumide's team holds the contract.", [(P, "Olumide")]),
        ("Attendees: Priya, Declan and Bethan.", [(P, "Priya"), (P, "Declan"), (P, "Bethan")]),
    ],
)
def test_finds_names_that_stand_alone(names, text, expected):
    assert found(names, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # greetings to no one in particular, and greetings that are not at a line's start
        "Dear Sir or Madam,", "Dear Sir/Madam", "Dear Requester,", "Dear Applicant", "Hi All,", "Hello Team",
        "Dear Colleagues", "Hello I moved house", "We said hello Gareth-style",
        # titles are the titled-name recognizer's; councillors are kept by policy
        "Dear Mr Trevelyan", "Dear Councillor Rahman,", "Dear Cllr Nadia Rahman", "Councillor Nadia spoke",
        # job titles and teams
        "Dear Head of ICT", "Hi Digital Services,", "Dear Information Governance Team",
        "My name is Network Security Manager",
        # given names inside longer proper nouns: places, buildings, suppliers, products
        "Royal Albert Hall", "Albert Road depot", "Prince Albert Gardens", "Dennis Eagle refuse vehicles",
        "St Helen's Ward", "Gareth Trevelyan",  # two-word names are NER's and the given-name rule's
        # given names that are also everyday words, months, places or brands
        "RAG status: Amber", "Due in June 2024", "May we remind you", "Grant funding", "Frank discussion",
        "Mark the invoice paid", "Bill payment run", "Sent from Victoria", "Office in Chelsea",
        "Jordan and Georgia offices", "Barry depot", "Ask Alexa", "via Tor", "Shirley branch library",
        # Microsoft 365, Power BI and Azure products; security products; the council's own name
        "Microsoft Teams", "Power BI Pro", "Azure Sentinel", "Defender for Endpoint", "Intune", "Copilot",
        "Sophos Central", "CrowdStrike Falcon", "Nettlecombe Borough Council", "Harbourne",
        # ordinary prose, addresses, all capitals
        "The council keeps its contracts under review.", "gareth@harbourne.gov.uk",
        "https://example.org/Siobhan", "GARETH", "Siobhan-Smith", "siobhan",
    ],
)
def test_ignores_words_that_are_not_names(names, text):
    assert found(names, text) == []


def test_a_one_word_spacy_person_that_is_a_given_name_is_kept_with_its_own_rule(names):
    text = "As agreed with Gareth on Monday."
    assert rules_with(names, text, ner(text, "Gareth")) == [("Gareth", "ner-given-name")]


@pytest.mark.parametrize(
    "text, person",
    [
        ("Awaiting Madam approval", "Madam"),  # spaCy's favourite one-word mistakes
        ("Status is Amber today", "Amber"),
        ("Signed off by Christiansen", "Christiansen"),  # a surname alone: not a given name
        ("Renewal due in June", "June"),
        ("Contact GARETH", "GARETH"),
    ],
)
def test_one_word_spacy_persons_that_are_not_distinctive_given_names_are_left(names, text, person):
    assert rules_with(names, text, ner(text, person)) == []


def test_results_outscore_spacy_so_presidio_keeps_their_rule(names):
    text = "Dear Gareth,"
    (result,) = names.analyze(text, None, ner(text, "Gareth"))
    assert result.score > 0.85  # spaCy's score: Presidio drops the lower of two identical spans
    assert result.recognition_metadata["rule"] == "name-cue"


def test_entity_filter(names):
    assert found(names, "My name is Oyelaran", ["PHONE_NUMBER"]) == []
    assert rules(names, "My name is Oyelaran") == [("Oyelaran", "name-cue")]


def rules_with(recognizer, text, artifacts):
    results = recognizer.analyze(text, None, artifacts)
    return [(text[r.start : r.end], r.recognition_metadata["rule"]) for r in sorted(results, key=lambda r: r.start)]


def test_rules_name_each_signal(names):
    text = "Dear Gareth,\nSiobhan will call."
    assert rules(names, text) == [("Gareth", "name-cue"), ("Siobhan", "given-name-alone")]
