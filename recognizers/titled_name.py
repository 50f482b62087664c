"""TitledNameRecognizer: a name after Mr/Mrs/Ms/Miss/Mx/Dr ('Mr G. Trevelyan', 'Mrs Fairbairn'), title excluded."""
from __future__ import annotations

import re
from typing import Any, Optional

import regex
from presidio_analyzer import Pattern, RecognizerResult

from recognizers.base import RuleRecognizer
from recognizers.roles import Roles, load_roles

_TITLE = r"(?:Mrs|Mr|Ms|Miss|Mx|Dr)"
# One capitalised name word, in any alphabet: Trevelyan, O'Neill, D'Souza, McAllister, MacDonald,
# Clarke-Bennett, Szőke, Đorđević. (Presidio compiles patterns with the regex module: \p{..} works.)
_WORD = r"\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)?)*"
_INITIALS = r"(?:\p{Lu}\.?[ \t]?){1,3}"
_GAP = r"[ \t]*\n?[ \t]*"  # table cells and PDF lines wrap names: "Megan\nFairbairn"
_TITLE_BEFORE = re.compile(rf"(?<![\w.]){_TITLE}\.?\s{{1,3}}$")
_STREET_BEFORE = re.compile(rf"[A-Z][a-z]+[ \t]+Dr\.?\s{{1,3}}$")
_NAME_WORDS = re.compile(r"\S+")


class TitledNameRecognizer(RuleRecognizer):
    """The span is the name only, so 'Mrs Fairbairn' redacts to 'Mrs [Redacted]'. 'Cllr' and
    'Councillor' are not titles here: councillors' names are kept by policy."""

    ENTITY = "PERSON"
    PATTERNS = [
        Pattern(
            "title",
            rf"(?<=(?<![\w.]){_TITLE}\.?\s{{1,3}})(?:{_INITIALS}{_GAP}(?={_WORD})|{_WORD}(?=\s){_GAP}(?={_WORD}))?{_WORD}(?![\w'’-])",
            0.85,
        )
    ]
    CONTEXT = ["mr", "mrs", "ms", "miss", "dr", "contact", "officer"]

    def __init__(self, supported_language: str = "en", roles: Optional[Roles] = None):
        super().__init__(supported_language=supported_language)
        self.roles = roles or load_roles()

    def analyze(self, text: str, entities: Optional[list[str]] = None, nlp_artifacts: Any = None, regex_flags: Optional[int] = None) -> list[RecognizerResult]:
        out = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            end = self._name_end(text, result.start, result.end)
            if end is not None:
                result.end = end
                out.append(result)
        return out

    def accept(self, text: str, start: int, end: int, rule: str) -> bool:
        before = text[max(0, start - 40) : start]
        if _STREET_BEFORE.search(before):  # "Station Dr Harbourne": Drive, not Doctor
            return False
        title = _TITLE_BEFORE.search(before)
        marker_zone = before[: title.start()] if title else before
        return not any(marker_zone.rstrip().endswith(m) for m in self.roles.councillor_markers)

    def _name_end(self, text: str, start: int, end: int) -> Optional[int]:
        """Drop trailing words that are job-title/team words ('Mensah Cyber'); None if nothing is left."""
        words = list(_NAME_WORDS.finditer(text, start, end))
        if "\n" in text[start:end] and regex.match(r"[ \t]+\p{Lu}\p{Ll}", text[end:]):
            # "Ms Rahman\nGareth Mensah": the next line is another cell, not the rest of this name.
            words = [w for w in words if "\n" not in text[start : w.start()]]
        while words and self._not_a_name(words[-1].group(0)):
            words.pop()
        if not words or self._not_a_name(words[0].group(0)):
            return None
        if len(words) == 1 and regex.fullmatch(r"\p{Lu}\.?", words[0].group(0)):
            return None  # an initial alone
        return words[-1].end()

    def _not_a_name(self, word: str) -> bool:
        folded = word.casefold().strip(".")
        r = self.roles
        return folded in r.not_surnames or folded in r.title_words or folded in r.team_words or folded in r.area_words
