"""SurnameRecognizer: people named through the surname list or a surname's shape, never through a word."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from recognizers.names import load_surnames
from recognizers.surnames import SurnameRecognizer
from tests.recognizers.helpers import found, rules

P = "PERSON"


@pytest.fixture(scope="module")
def surnames():
    return SurnameRecognizer()


def ner(text: str, *people: str) -> SimpleNamespace:
    """Stand-in for Presidio's NlpArtifacts: spaCy PERSON entities at the given words."""
    ents = [SimpleNamespace(label_="PERSON", start_char=text.index(p), end_char=text.index(p) + len(p)) for p in people]
    return SimpleNamespace(entities=ents)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a capitalised word, an optional initial, then a listed or surname-shaped surname
        ("The form was signed by Luiza Gomes on Tuesday.", [(P, "Luiza Gomes")]),
        ("Please ask Chidera Okonkwo for the figures.", [(P, "Chidera Okonkwo")]),
        ("Minutes taken by Esat Jeknić.", [(P, "Esat Jeknić")]),
        ("Reviewed with Halldór B. Sigurðsson", [(P, "Halldór B. Sigurðsson")]),
        ("Agnieszka Wiśniewska joined the team.", [(P, "Agnieszka Wiśniewska")]),
        # two known names joined by "and"
        ("Kowalczyk and Okafor reviewed the contract.", [(P, "Kowalczyk"), (P, "Okafor")]),
        # a lone surname beside a reporting word
        ("The figures are final, says Kowalczyk.", [(P, "Kowalczyk")]),
        ("Adeyemi said the renewal is due.", [(P, "Adeyemi")]),
        ("According to Sokolov, the data is held.", [(P, "Sokolov")]),
        # negative rows: surnames that are everyday words, alone or after a word
        ("The Brown bin is collected on Mondays.", []),
        ("Parking at Wood Green and Palmers Green is free.", []),
        ("White and Black ink cartridges were bought.", []),
        ("Young people and King's Cross users said the Hall was cold.", []),
        ("Rose Hill, Bell Lane and May Field are on the list.", []),
        ("The Page was updated by Mark and Bush services.", []),
        # negative rows: firms of surnames, places, streets
        ("The contract went to Hawkins, Richardson and Santana.", []),
        ("Pinsent Masons and Browne Jacobson advised.", []),
        ("Deliveries to 12 Rue De La Gare and Point Walter Road.", []),
        ("We bought Fortinet and Microsoft licences from Barclays.", []),
        ("Head of Digital and Director of Finance", []),
        ("The Patel Road depot is in Wood Green.", []),
        # negative rows: words of a surname's shape, and a lone listed surname with no cue
        ("A lesson on Supernova and Geneva.", []),
        ("Unlike the Jensen report, this one is short.", []),
        # negative rows: function and place words before a surname
        ("The Kowalski file", []),
        ("North Patel", []),
    ],
)
def test_surname_rules(surnames, text, expected):
    assert found(surnames, text) == expected


@pytest.mark.parametrize(
    "text, person, expected",
    [
        ("Then Gerste spoke.", "Gerste", []),  # neither listed nor of a surname's shape
        ("Then Kowalczyk spoke.", "Kowalczyk", [(P, "Kowalczyk")]),
        ("Then Petrussen spoke.", "Petrussen", [(P, "Petrussen")]),  # -ssen
        ("Then Brown spoke.", "Brown", []),  # a word surname: spaCy alone is not enough
        ("Metallica played.", "Metallica", []),
        # a member of a comma list of surnames is a firm's, even when spaCy says PERSON
        ("He works at Owens, Duran and Oneal.", "Duran", []),
    ],
)
def test_one_word_ner_person_needs_a_listed_or_shaped_surname(surnames, text, person, expected):
    results = surnames.analyze(text, None, nlp_artifacts=ner(text, person))
    assert [(r.entity_type, text[r.start : r.end]) for r in results] == expected


def test_rules_are_named(surnames):
    assert rules(surnames, "Adeyemi said Luiza Gomes agreed.") == [("Adeyemi", "surname-cue"), ("Luiza Gomes", "given-surname")]


def test_word_surnames_are_kept_apart():
    lists = load_surnames()
    for word in ("brown", "green", "black", "white", "young", "king", "hill", "wood", "hall", "bell", "rose", "may", "page"):
        assert word in lists.words and word not in lists.distinctive
    for name in ("okonkwo", "kowalczyk", "patel", "nguyen", "murphy", "jones"):
        assert name in lists.distinctive or name in lists.words
