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


def test_expectations_from_precomputed_spans_match_and_repeats_are_looked_for_once():
    from pathlib import Path

    from redactor.decide import redaction_spans
    from redactor.models import Action, Decision, Document, Finding, Location, Segment
    from redactor.verify import expectations

    doc = Document(Path("x.xlsx"), "xlsx")
    texts = ["Nadia Rahman", "Nadia Rahman", "Call Nadia Rahman on 07700 900123", "Budget"]
    for i, text in enumerate(texts):
        doc.add(Segment(text, Location(sheet="S", cell=f"A{i + 1}"), where="table"))
    decisions = [
        Decision(Finding(0, 0, 12, "PERSON", 0.9, "r", "r", whole_segment=True), Action.REDACT, "s40(2)", "[R]"),
        Decision(Finding(1, 0, 12, "PERSON", 0.9, "r", "r", whole_segment=True), Action.REDACT, "s40(2)", "[R]"),
        Decision(Finding(2, 5, 17, "PERSON", 0.9, "r", "r"), Action.REDACT, "s40(2)", "[R]"),
        Decision(Finding(2, 11, 17, "PERSON", 0.8, "r", "r"), Action.REDACT, "s40(2)", "[R]"),  # inside the name: merged
        Decision(Finding(2, 21, 33, "PHONE_NUMBER", 0.9, "r", "r"), Action.REDACT, "s40(2)", "[R]"),
    ]
    spans = redaction_spans(decisions)
    assert [(s, e) for s, e, _ in spans[2]] == [(5, 17), (21, 33)]
    found, skipped = expectations(doc, decisions, spans)
    assert (found, skipped) == expectations(doc, decisions)
    assert sorted((x.entity, x.value) for x in found) == [("PERSON", "Nadia Rahman"), ("PHONE_NUMBER", "07700 900123")]
    assert found[0].where == "S!A1"
