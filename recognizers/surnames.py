"""SurnameRecognizer: people named by a known surname ('Aisha Okonkwo', 'Becker and Vasquez', 'says Jensen')."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from recognizers.base import make_result, read_data, wanted, word_list
from recognizers.names import Surnames, load_given_names, load_surnames, plain
from recognizers.roles import Roles, load_roles
from recognizers.single_name import NameCueWords, load_name_cue_words

ENTITY = "PERSON"
_WORD = r"\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}(?:['’]\p{Lu})?\p{Ll}+)*"
_INITIAL = r"\p{Lu}\.?"
# "Aisha Okonkwo", "Luiza B. Gomes": a capitalised word, an optional initial, then the surname.
_FULL = regex.compile(rf"(?<![\w@./\\'’-])(?P<first>{_WORD})[ \t]+(?:{_INITIAL}[ \t]+)?(?P<last>{_WORD})(?![\w@\\-]|\.\w)")
# A capitalised word standing alone, as in single_name.py.
_ALONE = regex.compile(r"(?<![\w@./\\'’-])\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?![\w@\\-]|\.\w|['’](?![sS]\b))")
# Surname shapes of the languages of communities UK councils serve (Balkan -ić, Polish -ski/-wicz,
# Russian/Ukrainian -ov/-ova/-enko, Nordic -sson/-sen/-dóttir, Romanian -escu, Turkish -oğlu,
# Greek -opoulos, Finnish -inen, Spanish -ez). English words of these shapes are listed in
# surnames.yaml under not_surname_shaped ('lesson', 'supernova', 'Geneva').
_SHAPED = regex.compile(
    r"\p{L}{2,}(?:ović|ević|vić|[ćč]|ovic|evic|sson|s?dóttir|s?dottir|[^aeiou]sen|ssen|ski|ska|cki|cka|dzki|dzka|wicz"
    r"|czyk|czak|ová|ova|eva|ovna|evna|[^aeiou]ov|[^aeiou]ev|ovich|evich|enko|chuk|czuk|escu|eanu|oglu|oğlu|opoulos"
    r"|qvist|kvist|ström|strom|ainen|äinen|[^aeiou]inen|[^aeiou]ez)",
    regex.IGNORECASE,
)
_MIN_SHAPED = 5
# Words before or after a lone surname that say it names a person ("says Jensen", "Jensen said").
_CUE_BEFORE = regex.compile(
    r"(?i:\b(?:said|says|asked|told|thanked|according[ \t]+to|spoke[ \t]+(?:to|with)|speak[ \t]+to|contact|contacted"
    r"|ask|emailed|e-mailed|phoned|rang|met[ \t]+with|cc)[ \t]*,?[ \t]+)$"
)
_CUE_AFTER = regex.compile(r"(?:['’]s)?,?[ \t]+(?i:said|says|wrote|told|asked|explained|confirmed|added|replied)\b")
# "Becker and Vasquez": two single capitalised words joined by "and". Longer comma lists of surnames
# ("Hawkins, Richardson and Santana", "Wragge, Lawrence & Co") are far more often firms than people.
_LIST = regex.compile(
    rf"(?<![\w@./\\'’,&-]|\p{{Lu}}\p{{Ll}}*[ \t]+|,[ \t]*)(?:{_WORD})[ \t]+and[ \t]+{_WORD}(?![\w@\\-]|[ \t]*[,&]|[ \t]+\p{{Lu}})"
)
# Words that start street and place names in many languages ("Rue De", "Point Walter", "Cite Belle").
_PLACE_WORDS = frozenset(
    "rue via calle avenida avenue rua ul ulica strada cite cité point saint st san santa sankt port fort mount lake new north "
    "south east west upper lower great little old royal".split()
)
_LIST_WORD = regex.compile(_WORD)
_FIRM_LIST = regex.compile(rf"{_WORD}(?:[ \t]*,[ \t]*{_WORD})+,?[ \t]+(?:and|&)[ \t]+{_WORD}")


@lru_cache(maxsize=1)
def load_not_surname_shaped() -> frozenset[str]:
    data = read_data("surnames.yaml")
    return frozenset(w.casefold() for w in word_list(data, "not_surname_shaped", "surnames.yaml"))


class SurnameRecognizer(LocalRecognizer):
    """Names found through the surname list. Rules:
    'given-surname': a capitalised word (not a stop word, role, team or place word) and a listed or
    surname-shaped surname ('Luiza Gomes', 'Esat Jeknić'); a listed surname that is also a word
    ('Brown') needs a listed given name before it, which detect.py's given-name rule already covers.
    'surname-list': two known names joined by 'and' ('Becker and Vasquez'; not comma lists, which
    are mostly firms: 'Hawkins, Richardson and Santana').
    'surname-cue': a listed or surname-shaped surname alone next to a reporting word ('says Jensen',
    'Okonkwo said', 'according to Kowalski').
    'ner-surname': a one-word spaCy PERSON that is a listed or surname-shaped surname.
    Surnames that are also English words (Brown, Hall, Wood, May) never count alone."""

    SCORES = {"given-surname": 0.75, "surname-list": 0.7, "surname-cue": 0.8, "ner-surname": 0.9}

    def __init__(self, supported_language: str = "en", roles: Optional[Roles] = None, surnames: Optional[Surnames] = None,
                 given_names: Optional[frozenset[str]] = None, words: Optional[NameCueWords] = None):
        self.roles = roles or load_roles()
        self.surnames = surnames or load_surnames()
        self.given_names = given_names if given_names is not None else load_given_names()
        self.words = words or load_name_cue_words()
        self.not_shaped = load_not_surname_shaped()
        super().__init__(supported_entities=[ENTITY], name=type(self).__name__, supported_language=supported_language)

    def load(self) -> None:  # word lists are loaded in __init__
        pass

    def analyze(self, text: str, entities: Optional[list[str]] = None, nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if not text or not wanted(entities, ENTITY):
            return []
        spans: list[tuple[int, int, str]] = []
        for finder in (self._full_names(text), self._lists(text), self._cued(text), self._ner_surnames(text, nlp_artifacts)):
            spans += [s for s in finder if not any(c[0] < s[1] and s[0] < c[1] for c in spans)]
        return [make_result(self, ENTITY, start, end, self.SCORES[rule], rule) for start, end, rule in sorted(spans)]

    def _full_names(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in _FULL.finditer(text, overlapped=True):
            first, last = m.group("first"), m.group("last")
            if self._surname(last) and self._could_be_first_name(first):
                spans.append((m.start(), m.end(), "given-surname"))
        return spans

    def _lists(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in _LIST.finditer(text):
            members = list(_LIST_WORD.finditer(m.group(0)))
            known = [w for w in members if self._surname(w.group(0)) or self._given(w.group(0))]
            if len(known) < 2:
                continue
            spans += [(m.start() + w.start(), m.start() + w.end(), "surname-list") for w in known]
        return spans

    def _cued(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in _ALONE.finditer(text):
            if not self._surname(m.group(0)):
                continue
            before = text[max(0, m.start() - 30) : m.start()]
            if _CUE_BEFORE.search(before) or _CUE_AFTER.match(text, m.end()):
                spans.append((m.start(), m.end(), "surname-cue"))
        return spans

    def _ner_surnames(self, text: str, nlp_artifacts: Any) -> list[tuple[int, int, str]]:
        spans = []
        firms = [m.span() for m in _FIRM_LIST.finditer(text)]
        for ent in getattr(nlp_artifacts, "entities", None) or []:
            if ent.label_ != "PERSON" or any(s <= ent.start_char < e for s, e in firms):
                continue
            word = text[ent.start_char : ent.end_char].strip()
            if " " in word or not word[:1].isupper() or word.isupper():
                continue
            if self._surname(word) or (self._given(word) and word.casefold() not in self.words.ambiguous):
                start = ent.start_char + text[ent.start_char : ent.end_char].index(word)
                spans.append((start, start + len(word), "ner-surname"))
        return spans

    def _surname(self, word: str) -> bool:
        """A distinctive listed surname, or one of a surname's shapes; never an English word."""
        folded = word.casefold()
        if folded in self.surnames.words or not self._plausible(word):
            return False
        if folded in self.surnames.distinctive or plain(folded) in self.surnames.distinctive:
            return True
        return len(word) >= _MIN_SHAPED and folded not in self.not_shaped and bool(_SHAPED.fullmatch(word))

    def _given(self, word: str) -> bool:
        folded = word.casefold()
        return len(word) >= 3 and folded in self.given_names and folded not in self.words.ambiguous and self._plausible(word)

    def _could_be_first_name(self, word: str) -> bool:
        """Not a word, and not a surname that is no given name: two surnames in a row are mostly a
        firm ('Browne Jacobson', 'Pinsent Masons')."""
        folded = word.casefold()
        if folded in self.given_names:
            return self._plausible(word)
        return (
            len(word) >= 3 and self._plausible(word) and folded not in self.surnames.words
            and folded not in self.surnames.distinctive
        )

    def _plausible(self, word: str) -> bool:
        folded = word.casefold()
        r = self.roles
        return not (
            folded in self.words.not_names or folded in r.not_surnames or folded in r.title_words
            or folded in r.team_words or folded in r.area_words or folded in STOP_WORDS or folded in _PLACE_WORDS
        )
