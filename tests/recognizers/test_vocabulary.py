"""Data helpers the context rules use: job-title/team words, councillor markers, given names."""
from __future__ import annotations

import pytest

from recognizers.names import load_given_names
from recognizers.roles import load_roles


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Network and Security Engineer", True),
        ("Chief Digital Officer", True),
        ("Digital and Technology Team", True),
        ("Head of ICT", True),
        ("ICT Service", True),
        ("FOI and Data Protection Officer", True),
        ("Cyber Security", True),
        ("Gareth Trevelyan", False),
        ("Niamh Clarke-Bennett", False),
        ("Eleanor O'Neill", False),
        ("", False),
    ],
)
def test_looks_like_job_title(text, expected):
    assert load_roles().looks_like_job_title(text) is expected


def test_role_sets_are_lower_case_and_markers_as_written():
    roles = load_roles()
    assert {"officer", "manager", "engineer", "analyst", "lead", "head", "director"} <= roles.title_words
    assert {"team", "service", "services", "council"} <= roles.team_words
    assert {"Cllr", "Councillor", "Cabinet Member", "Mayor", "Leader of the Council"} <= set(roles.councillor_markers)
    assert roles.is_councillor_marker("cabinet  member")


def test_given_names():
    names = load_given_names(broad=False)
    assert 1500 <= len(names) <= 4000
    assert 5000 <= len(load_given_names()) <= 8000  # with the US census list
    assert {"niamh", "tomasz", "kwame", "aisha", "rohan", "siobhan", "declan", "eleanor"} <= names
    assert all(n == n.casefold() for n in names)


def test_given_names_in_other_alphabets_are_also_listed_plain():
    names = load_given_names()
    assert {"małgorzata", "malgorzata", "søren", "soren", "józef", "jozef", "łukasz", "lukasz"} <= names


@pytest.mark.parametrize("word", ["said", "fares", "mats", "will", "may", "bill", "frank", "grant", "mark", "summer"])
def test_given_names_leave_out_everyday_words_or_mark_them_ambiguous(word):
    from recognizers.single_name import load_name_cue_words

    assert word not in load_given_names() or word in load_name_cue_words().ambiguous


def test_loaders_are_cached_and_immutable():
    assert load_roles() is load_roles()
    assert isinstance(load_given_names(), frozenset)
    with pytest.raises(AttributeError):
        load_roles().title_words = frozenset()  # type: ignore[misc]
