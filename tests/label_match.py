"""Finds a labels.json label in text the way the evaluation scorer does (normalised whole tokens, phones by digits)."""
from __future__ import annotations

import re
import unicodedata

_TRANS = {
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'", 0x02BC: "'",
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x2033: '"',
    0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2015: "-", 0x2212: "-",
    0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ", 0x200A: " ",
    0x00AD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None,
}
_PHONE_RUN = re.compile(r"\d(?:[ \-.()/+]{0,3}\d)+")
# Hashes and fingerprints are not plaintext, and long random hex holds every short digit string by chance.
_HEX_RUN = re.compile(r"[0-9a-f]{16,}", re.I)


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TRANS).casefold()
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ?- ?", "-", text).strip()


def without_hashes(text: str) -> str:
    return _HEX_RUN.sub(" ", text)


def phone_key(text: str) -> str:
    """The UK national significant number: digits without a leading 0044/44/0."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and len(digits) >= 12:
        digits = digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def pattern(label: dict) -> re.Pattern | str:
    """A regex for a text label, or the digit key (str) of a phone label matched inside digit runs."""
    kind, text = label.get("kind", ""), label["text"]
    if kind == "phone":
        key = phone_key(text)
        if len(key) >= 9:
            return key
        return re.compile(r"(?<!\d)" + re.escape(re.sub(r"\D", "", text)) + r"(?!\d)")  # an extension
    n = norm(text)
    left = r"(?<![0-9a-z])" if n[0].isalnum() else ""
    right = r"(?![0-9a-z])" if n[-1].isalnum() else ""
    if kind in ("version", "ip"):
        # 10.2.4 is not inside 10.2.4.7
        left = r"(?<![0-9a-z.])" if n[0].isalnum() else ""
        right = r"(?![0-9a-z]|\.[0-9a-z])" if n[-1].isalnum() else ""
    elif kind == "email" or "@" in n:
        left = ""  # an address may follow mailto: or an Excel header code such as &R
    return re.compile(left + re.escape(n) + right)


def found(label: dict, text: str) -> bool:
    """Whether the label occurs in the text (pass text through norm() once per haystack for speed)."""
    rx = pattern(label)
    if isinstance(rx, str):
        return any(rx in re.sub(r"\D", "", run.group(0)) for run in _PHONE_RUN.finditer(text))
    return rx.search(text) is not None


def present(label: dict, raw_text: str) -> bool:
    return found(label, norm(raw_text))
