"""NameCueRecognizer: a name on its own where the text says it is one ('My name is Ffion', 'Dear Gareth')."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult

from recognizers.base import make_result, read_data, wanted, word_list
from recognizers.names import load_given_names
from recognizers.roles import Roles, load_roles

ENTITY = "PERSON"
# One name word in any alphabet: Ffion, Đorđe, O'Neill, McAllister, Clarke-Bennett, Ελένη.
_WORD = r"\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}(?:['’]\p{Lu})?\p{Ll}+)*"
_INITIAL = r"\p{Lu}\.?"
_NAME = rf"{_WORD}(?:[ \t]+(?:{_INITIAL}[ \t]+)?{_WORD}){{0,2}}"
# Cues that say the next words are a person's name. Greetings count only at the start of a line
# or sentence ("Dear Gareth,", "Hi Nadia"): elsewhere "hello" is just a word.
_CUE = regex.compile(
    rf"(?:(?i:\b(?:(?:my|his|her|their|your)[ \t]+(?:(?:first|last|full|given|maiden|sur)[ \t]?)?name[ \t]+is"
    rf"|(?:first|last|full|given|maiden|sur)[ \t]?name(?:[ \t]+is|[ \t]*[:?])"
    rf"|call(?:s|ed)?[ \t]+me))"
    rf"|(?:^|(?<=[\n.!?][ \t]{{0,3}}))(?:Dear|Hi|Hello|Hey),?)"
    rf"\s{{1,3}}(?P<name>{_NAME})(?![\w'’-])",
    regex.MULTILINE,
)
_WORDS = regex.compile(rf"{_WORD}|{_INITIAL}")
_MIN_ALONE = 3  # "Al", "Jo": too short to take from a list alone
# A capitalised word standing alone (possessive allowed): not inside an address, a path or a
# hyphenated compound.
_ALONE = regex.compile(r"(?<![\w@./\\'’-])\p{Lu}\p{Ll}+(?![\w@\\-]|\.\w|['’](?![sS]\b))")
# Another capitalised word right beside it makes a longer proper noun ("Albert Road", "Royal
# Albert Hall", "Gareth Trevelyan"): those are NER's and the two-word name rule's to judge.
_CAPITAL_BEFORE = regex.compile(r"\p{Lu}[\w'’.-]*[ \t]+$")
_CAPITAL_AFTER = regex.compile(r"[ \t]+\p{Lu}")


@dataclass(frozen=True)
class NameCueWords:
    ambiguous: frozenset[str]  # given names that are also words, alone
    not_names: frozenset[str]


@lru_cache(maxsize=1)
def load_name_cue_words() -> NameCueWords:
    data = read_data("name_cues.yaml")

    def folded(key: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in word_list(data, key, "name_cues.yaml"))

    return NameCueWords(ambiguous=folded("ambiguous_given_names"), not_names=folded("not_names"))


class NameCueRecognizer(LocalRecognizer):
    """Names that are one word, or that spaCy did not see, where something vouches for them. Rules:
    'name-cue': the words after 'my name is', 'last name:', 'call me', or a greeting at the start
    of a line ('Dear Gareth', 'Hi Nadia'); 'ner-given-name': a one-word spaCy PERSON that is a
    known given name and not also an everyday word ('Gareth will send', not 'Amber' or 'June');
    'given-name-alone': the same without spaCy, when no capitalised word stands beside it (so 'Albert
    Road' and 'Royal Albert Hall' are not names here).

    The engine drops one-word NER names (too many are 'Madam', 'Email', 'Expiry'); these rules are
    the one-word names worth keeping. The cue and NER rules score above spaCy's 0.85 so that
    Presidio keeps this result, with its rule, when both find the same span."""

    SCORES = {"name-cue": 0.9, "ner-given-name": 0.9, "given-name-alone": 0.75}

    def __init__(self, supported_language: str = "en", roles: Optional[Roles] = None,
                 given_names: Optional[frozenset[str]] = None, words: Optional[NameCueWords] = None):
        self.roles = roles or load_roles()
        self.given_names = given_names if given_names is not None else load_given_names()
        # Alone, without spaCy's word for it, only the UK-centred list: the broad one has too many
        # names that are also surnames of firms ('Davis', 'Santana') or brands.
        self.given_names_alone = given_names if given_names is not None else load_given_names(broad=False)
        self.words = words or load_name_cue_words()
        super().__init__(supported_entities=[ENTITY], name=type(self).__name__, supported_language=supported_language)

    def load(self) -> None:  # word lists are loaded in __init__
        pass

    def analyze(self, text: str, entities: Optional[list[str]] = None, nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if not text or not wanted(entities, ENTITY):
            return []
        spans = self._cued(text)
        for finder in (self._ner_given_names(text, nlp_artifacts), self._given_names_alone(text)):
            spans += [s for s in finder if not any(c[0] < s[1] and s[0] < c[1] for c in spans)]
        return [make_result(self, ENTITY, start, end, self.SCORES[rule], rule) for start, end, rule in sorted(spans)]

    def _cued(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in _CUE.finditer(text):
            start, end = m.span("name")
            words = list(_WORDS.finditer(text, start, end))
            while words and self._not_a_name(words[-1].group(0)):
                words.pop()
            if not words or any(self._not_a_name(w.group(0)) for w in words):
                continue
            if len(words) == 1 and len(words[0].group(0)) < 2:
                continue
            spans.append((start, words[-1].end(), "name-cue"))
        return spans

    def _ner_given_names(self, text: str, nlp_artifacts: Any) -> list[tuple[int, int, str]]:
        spans = []
        for ent in getattr(nlp_artifacts, "entities", None) or []:
            if ent.label_ != "PERSON":
                continue
            word = text[ent.start_char : ent.end_char].strip()
            if " " in word or not word[:1].isupper() or word.isupper():
                continue
            if self._distinctive_given_name(word):
                start = ent.start_char + text[ent.start_char : ent.end_char].index(word)
                spans.append((start, start + len(word), "ner-given-name"))
        return spans

    def _given_names_alone(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in _ALONE.finditer(text):
            word = m.group(0)
            if not self._distinctive_given_name(word) or word.casefold() not in self.given_names_alone:
                continue
            if _CAPITAL_BEFORE.search(text, max(0, m.start() - 40), m.start()) or _CAPITAL_AFTER.match(text, m.end()):
                continue
            spans.append((m.start(), m.end(), "given-name-alone"))
        return spans

    def _distinctive_given_name(self, word: str) -> bool:
        folded = word.casefold()
        return (
            len(word) >= _MIN_ALONE and folded in self.given_names and folded not in self.words.ambiguous
            and not self._not_a_name(word)
        )

    def _not_a_name(self, word: str) -> bool:
        folded = word.casefold().strip(".")
        r = self.roles
        return (
            folded in self.words.not_names or folded in r.not_surnames or folded in r.title_words
            or folded in r.team_words or folded in r.area_words
        )
