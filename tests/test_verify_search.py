"""Verification's fast search gives exactly the answers of the plain regex it replaces."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.verify import Haystack

_ALPHABET = st.sampled_from(list("ab1 -.'@(é_\x00\n"))


def _regex_says(needle: str, text: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", text) is not None


@settings(max_examples=400, deadline=None)
@given(needle=st.text(_ALPHABET, min_size=1, max_size=6), text=st.text(_ALPHABET, max_size=60))
def test_word_run_search_matches_regex(needle, text):
    assert Haystack(text).has_word_run(needle) == _regex_says(needle, text)


@settings(max_examples=200, deadline=None)
@given(needle=st.text(_ALPHABET, min_size=1, max_size=6), before=st.text(_ALPHABET, max_size=20), after=st.text(_ALPHABET, max_size=20))
def test_word_run_search_matches_regex_when_needle_is_inside(needle, before, after):
    text = before + needle + after
    assert Haystack(text).has_word_run(needle) == _regex_says(needle, text)


def test_value_touching_a_word_is_not_found():
    hay = Haystack("contact nadia fairbairnson or nadia.fairbairn@x")
    assert not hay.has_word_run("fairbairn@y")
    assert hay.has_word_run("nadia.fairbairn@x")
    assert not hay.has_word_run("airbairn")
