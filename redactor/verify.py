"""Proves an output is clean: re-reads it with another library and looks for every redacted value."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from redactor.decide import redaction_spans
from redactor.formats.base import MARKUP_WHERE_SUFFIX, FormatHandler, ReadOptions
from redactor.models import Decision, Document

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[\u2018\u2019\u201b\u2032]")


def normalise(text: str) -> str:
    """Case, Unicode, quotes, dashes and whitespace folded; spaces around hyphens dropped."""
    if not text.isascii():  # ASCII text has nothing for NFKC, quotes or dashes to fold
        text = unicodedata.normalize("NFKC", text)
        text = _QUOTES.sub("'", _DASHES.sub("-", text))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return text.casefold().strip()


@dataclass(frozen=True)
class Expectation:
    """A value that must not survive, identified for messages by entity and location only."""

    entity: str
    value: str
    where: str

    @property
    def is_phone(self) -> bool:
        return self.entity == "PHONE_NUMBER"


def expectations(doc: Document, decisions: list[Decision],
                 spans: dict[int, list[tuple[int, int, Decision]]] | None = None) -> tuple[list[Expectation], int]:
    """Redacted values to look for, minus those the document legitimately keeps elsewhere.

    spans: redaction_spans(decisions) when the caller already has them (it is the costly part
    for a register of many cells), so they are computed once per file.
    """
    if spans is None:
        spans = redaction_spans(decisions)
    # Segment ids are their index in doc.segments: start from every text and cut out what is withheld.
    kept_parts = [seg.text for seg in doc.segments]
    for seg_id, withheld in spans.items():
        text = kept_parts[seg_id]
        if len(withheld) == 1:  # the usual case, without a sort per cell
            s, e, d = withheld[0]
            kept_parts[seg_id] = "" if d.finding.whole_segment else text[:s] + "\x00" + text[e:]
            continue
        for s, e, d in sorted(withheld, reverse=True):
            if d.finding.whole_segment:
                text = ""
                break
            text = text[:s] + "\x00" + text[e:]
        kept_parts[seg_id] = text
    kept = Haystack(normalise("\x00".join(kept_parts)))
    out: list[Expectation] = []
    skipped = 0
    seen: set[tuple[str, str]] = set()
    # A register redacts the same few values thousands of times: each (entity, raw value) is
    # split and normalised once (the first occurrence names the location, as before).
    seen_raw: set[tuple[str, str, bool]] = set()
    for seg_id, items in spans.items():
        seg = doc.segments[seg_id]
        for s, e, d in items:
            whole = d.finding.whole_segment
            value = seg.text if whole else seg.text[s:e]
            raw = (d.finding.entity, value, whole)
            if raw in seen_raw:
                continue
            seen_raw.add(raw)
            for part in _parts(value, whole):
                key = (d.finding.entity, _normalised(part))
                if key in seen or len(key[1]) < 3:
                    continue
                seen.add(key)
                exp = Expectation(d.finding.entity, part, str(seg.location))
                if _present(exp, kept):
                    skipped += 1  # the same value is released elsewhere in this file
                    continue
                out.append(exp)
    return out, skipped


def _parts(value: str, whole: bool) -> list[str]:
    # A whole withheld cell may wrap over lines in the output; check each line of it.
    if not whole or "\n" not in value:
        return [value]
    return [p for p in re.split(r"\s*\n\s*", value) if p.strip()] or [value]


def verify_output(handler: FormatHandler, out_path: Path, options: ReadOptions, expected: list[Expectation]) -> list[str]:
    """Problems found (entity + location + where in the output), never the value itself."""
    if not expected:
        # Still re-open the file: an output nobody can read is not a clean release.
        for _ in handler.residual_text(out_path, options):
            pass
        return []
    chunks = [(where, normalise(text), where.endswith(MARKUP_WHERE_SUFFIX))
              for where, text in handler.residual_text(out_path, options)]
    # Most values are absent from every part: one search of all parts together (joined by a character
    # no value or digit run spans) rules each out at once; only a value found there is looked for part
    # by part, which names the part. A workbook has a part per sheet and thousands of values.
    everywhere = Haystack("\x00".join(text for _, text, _ in chunks))
    outside_markup = Haystack("\x00".join(text for _, text, markup in chunks if not markup))
    haystacks: dict[int, Haystack] = {}
    problems: list[str] = []
    for exp in expected:
        bare = _is_bare_number(exp)
        if not _present(exp, outside_markup if bare else everywhere):
            continue
        for i, (where, text, markup) in enumerate(chunks):
            if markup and bare:
                continue  # markup attributes are sizes, counts and indices: "600" is tabRatio="600"
            hay = haystacks.get(i)
            if hay is None:
                hay = haystacks[i] = Haystack(text)
            if _present(exp, hay):
                problems.append(f"{exp.entity} redacted at {exp.where} still readable in output ({where})")
                break
    return problems


def _present(exp: Expectation, hay: "Haystack") -> bool:
    if exp.is_phone:
        nsn = _national_number(exp.value)
        return bool(nsn) and len(nsn) >= 6 and hay.has_digits(nsn)
    return hay.has_word_run(_normalised(exp.value))


_BARE_NUMBER = re.compile(r"\d{1,12}")


def _is_bare_number(exp: Expectation) -> bool:
    """A value that is only a short run of digits (a count, an amount, an id), not a phone number."""
    return not exp.is_phone and _BARE_NUMBER.fullmatch(_normalised(exp.value)) is not None


@functools.lru_cache(maxsize=65536)
def _normalised(value: str) -> str:
    # Each expected value is looked for in every part of the output: normalise it once.
    return normalise(value)


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


@functools.lru_cache(maxsize=65536)
def _anchor(needle: str) -> tuple[str | None, int]:
    """The needle's longest word run and where it starts in the needle (None: it has no word)."""
    words = [(m.group(), m.start()) for m in _WORD.finditer(needle)]
    if not words:
        return None, 0
    return max(words, key=lambda w: len(w[0]))


class Haystack:
    """A normalised text searched for many values: same answers as a regex per value, far faster.

    A value found with a non-word character (or the text's edge) either side has each of its word
    runs as a whole word run of the text. Most values looked for are absent (they were redacted),
    so a set of the text's word runs rules them out at once; the rest are found with str.find.
    """

    def __init__(self, text: str):
        self.text = text
        self._digit_runs: str | None = None
        self._words: set[str] | None = None
        self._long_runs: list[str] | None = None
        self._windows: dict[int, set[str]] = {}

    @property
    def digit_runs(self) -> str:
        if self._digit_runs is None:
            self._digit_runs = _digit_runs(self.text)
        return self._digit_runs

    def has_digits(self, digits: str) -> bool:
        """Whether digits (6 or more) occur inside one digit run: same answer as `in digit_runs`.

        Every substring of that length of every long run goes in a set, once per length, so each
        number looked for is one set lookup instead of a scan of the whole text.
        """
        size = len(digits)
        if size < _LONG_RUN:
            return digits in self.digit_runs
        windows = self._windows.get(size)
        if windows is None:
            if self._long_runs is None:
                self._long_runs = [re.sub(r"\D", "", r) for r in _LONG_RUN_RE.findall(self.text)]
            windows = self._windows[size] = {run[i : i + size] for run in self._long_runs for i in range(len(run) - size + 1)}
        return digits in windows

    def has_word_run(self, needle: str) -> bool:
        """Whether needle occurs with no word character touching it on either side."""
        anchor, _ = _anchor(needle)
        if anchor is None:
            return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", self.text) is not None
        if self._words is None:
            self._words = set(_WORD.findall(self.text))
        if anchor not in self._words:
            return False
        text, size = self.text, len(needle)
        start = text.find(needle)
        while start != -1:
            before_ok = not start or not _WORD_CHAR.match(text, start - 1)
            after_ok = start + size >= len(text) or not _WORD_CHAR.match(text, start + size)
            if before_ok and after_ok:
                return True
            start = text.find(needle, start + 1)
        return False


def _national_number(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and len(digits) >= 11:
        digits = digits[2:]
    return digits.lstrip("0")


_LONG_RUN = 6
# A maximal run of digits joined by phone separators, as in _digit_runs, holding at least _LONG_RUN digits.
_LONG_RUN_RE = re.compile(r"\d(?:[\s\-().+/]*\d){%d,}" % (_LONG_RUN - 1))


def _digit_runs(text: str) -> str:
    """Runs of digits joined across the separators phone numbers use; runs split by '|'."""
    runs = re.findall(r"\d[\d\s\-().+/]*\d|\d", text)
    return "|".join(re.sub(r"\D", "", r) for r in runs)
