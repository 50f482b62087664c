"""The given-name list: common UK first names, lower case."""
from __future__ import annotations

from functools import lru_cache

from recognizers.base import read_data, word_list


@lru_cache(maxsize=1)
def load_given_names() -> frozenset[str]:
    return frozenset(n.casefold() for n in word_list(read_data("given_names.yaml"), "given_names", "given_names.yaml"))
