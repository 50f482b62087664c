"""The given-name list: common first names in the UK and its communities, lower case."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from recognizers.base import read_data, word_list

_SOURCE = "given_names.yaml"
# Letters NFKD does not take apart: "Łukasz" is written "lukasz" in an e-mail address.
_PLAIN = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "œ": "oe", "ı": "i"})


def plain(name: str) -> str:
    """'małgorzata' -> 'malgorzata', 'søren' -> 'soren', 'josé' -> 'jose'."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_PLAIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def load_given_names() -> frozenset[str]:
    """Every listed name as written and in plain ASCII."""
    data = read_data(_SOURCE)
    names = word_list(data, "given_names", _SOURCE) + word_list(data, "given_names_international", _SOURCE)
    folded = {unicodedata.normalize("NFC", n.casefold()) for n in names}
    return frozenset(folded | {plain(n) for n in folded})
