"""Proves an output is clean: re-reads it with another library and looks for every redacted value."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from redactor.decide import redaction_spans
from redactor.formats.base import FormatHandler, ReadOptions
from redactor.models import Decision, Document

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[\u2018\u2019\u201b\u2032]")


def normalise(text: str) -> str:
    """Case, Unicode, quotes, dashes and whitespace folded; spaces around hyphens dropped."""
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


def expectations(doc: Document, decisions: list[Decision]) -> tuple[list[Expectation], int]:
    """Redacted values to look for, minus those the document legitimately keeps elsewhere."""
    spans = redaction_spans(decisions)
    kept_parts: list[str] = []
    for seg in doc.segments:
        text = seg.text
        for s, e, d in sorted(spans.get(seg.id, []), reverse=True):
            if d.finding.whole_segment:
                text = ""
                break
            text = text[:s] + "\x00" + text[e:]
        kept_parts.append(text)
    kept = normalise("\x00".join(kept_parts))
    kept_digits = _digit_runs(kept)
    out: list[Expectation] = []
    skipped = 0
    seen: set[tuple[str, str]] = set()
    for seg_id, items in spans.items():
        seg = doc.segments[seg_id]
        for s, e, d in items:
            value = seg.text if d.finding.whole_segment else seg.text[s:e]
            for part in _parts(value, d.finding.whole_segment):
                key = (d.finding.entity, normalise(part))
                if key in seen or len(key[1]) < 3:
                    continue
                seen.add(key)
                exp = Expectation(d.finding.entity, part, str(seg.location))
                if _present(exp, kept, kept_digits):
                    skipped += 1  # the same value is released elsewhere in this file
                    continue
                out.append(exp)
    return out, skipped


def _parts(value: str, whole: bool) -> list[str]:
    # A whole withheld cell may wrap over lines in the output; check each line of it.
    if not whole:
        return [value]
    return [p for p in re.split(r"\s*\n\s*", value) if p.strip()] or [value]


def verify_output(handler: FormatHandler, out_path: Path, options: ReadOptions, expected: list[Expectation]) -> list[str]:
    """Problems found (entity + location + where in the output), never the value itself."""
    if not expected:
        # Still re-open the file: an output nobody can read is not a clean release.
        for _ in handler.residual_text(out_path, options):
            pass
        return []
    chunks = [(where, normalise(text)) for where, text in handler.residual_text(out_path, options)]
    problems: list[str] = []
    for exp in expected:
        for where, text in chunks:
            if _present(exp, text, _digit_runs(text) if exp.is_phone else ""):
                problems.append(f"{exp.entity} redacted at {exp.where} still readable in output ({where})")
                break
    return problems


def _present(exp: Expectation, text: str, digit_runs: str) -> bool:
    if exp.is_phone:
        nsn = _national_number(exp.value)
        return bool(nsn) and len(nsn) >= 6 and nsn in digit_runs
    needle = normalise(exp.value)
    return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", text) is not None


def _national_number(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and len(digits) >= 11:
        digits = digits[2:]
    return digits.lstrip("0")


def _digit_runs(text: str) -> str:
    """Runs of digits joined across the separators phone numbers use; runs split by '|'."""
    runs = re.findall(r"\d[\d\s\-().+/]*\d|\d", text)
    return "|".join(re.sub(r"\D", "", r) for r in runs)
