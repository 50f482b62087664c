"""The name lists: common given names and surnames in the UK and its communities, lower case."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from recognizers.base import read_data, word_list

_SOURCE = "given_names.yaml"
_GIVEN_KEYS = ("given_names", "given_names_international")
_CENSUS_KEY = "given_names_us_census"  # broad US list: fine beside a surname, not alone
_SURNAMES = "surnames.yaml"
# Letters NFKD does not take apart: "Łukasz" is written "lukasz" in an e-mail address.
_PLAIN = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "œ": "oe", "ı": "i"})


def plain(name: str) -> str:
    """'małgorzata' -> 'malgorzata', 'søren' -> 'soren', 'josé' -> 'jose'."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_PLAIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=2)
def load_given_names(broad: bool = True) -> frozenset[str]:
    """Every listed name as written and in plain ASCII; `broad` adds the US census list."""
    data = read_data(_SOURCE)
    keys = (*_GIVEN_KEYS, _CENSUS_KEY) if broad else _GIVEN_KEYS
    names = [n for key in keys for n in word_list(data, key, _SOURCE)]
    folded = {unicodedata.normalize("NFC", n.casefold()) for n in names}
    return frozenset(folded | {plain(n) for n in folded})


@dataclass(frozen=True)
class Surnames:
    """Listed surnames, as written and in plain ASCII. `words` are also English words ('Brown',
    'Hall', 'May'): alone they need more evidence than `distinctive` ones ('Okonkwo', 'Jensen')."""

    distinctive: frozenset[str]
    words: frozenset[str]


@lru_cache(maxsize=1)
def load_surnames() -> Surnames:
    data = read_data(_SURNAMES)

    def folded(key: str) -> frozenset[str]:
        names = {unicodedata.normalize("NFC", n.casefold()) for n in word_list(data, key, _SURNAMES)}
        return frozenset(names | {plain(n) for n in names})

    words = folded("surnames_also_words")
    return Surnames(distinctive=folded("surnames") - words, words=words)
