"""Job-title, team and councillor vocabulary, used to veto person-name false positives."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from recognizers.base import read_data, word_list

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|&|/")


@dataclass(frozen=True)
class Roles:
    """Lower-case word sets from data/roles.yaml. Immutable; build with load_roles()."""

    title_words: frozenset[str]
    team_words: frozenset[str]
    area_words: frozenset[str]
    connectors: frozenset[str]
    councillor_markers: tuple[str, ...]  # as written: "Cllr", "Cabinet Member"...
    not_surnames: frozenset[str]

    def looks_like_job_title(self, text: str) -> bool:
        """'Network and Security Engineer', 'Digital and Technology Team' -> True; 'Gareth Trevelyan' -> False."""
        words = [w.casefold().strip("'’") for w in _WORD.findall(text or "")]
        words = [w for w in words if w]
        if not words:
            return False
        if any(w in self.title_words or w in self.team_words for w in words):
            return True
        content = [w for w in words if w not in self.connectors]
        return bool(content) and all(w in self.area_words for w in content)

    def is_councillor_marker(self, text: str) -> bool:
        folded = " ".join(text.split()).casefold()
        return any(folded == m.casefold() for m in self.councillor_markers)


@lru_cache(maxsize=1)
def load_roles() -> Roles:
    data = read_data("roles.yaml")
    source = "roles.yaml"

    def folded(key: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in word_list(data, key, source))

    return Roles(
        title_words=folded("title_words"),
        team_words=folded("team_words"),
        area_words=folded("area_words"),
        connectors=folded("connectors"),
        councillor_markers=word_list(data, "councillor_markers", source),
        not_surnames=folded("not_surnames"),
    )
