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
    names = load_given_names()
    assert 300 <= len(names) <= 800
    assert {"niamh", "tomasz", "kwame", "aisha", "rohan", "siobhan", "declan", "eleanor"} <= names
    assert all(n == n.casefold() for n in names)


def test_loaders_are_cached_and_immutable():
    assert load_roles() is load_roles()
    assert isinstance(load_given_names(), frozenset)
    with pytest.raises(AttributeError):
        load_roles().title_words = frozenset()  # type: ignore[misc]
