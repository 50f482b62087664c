"""HostnameRecognizer: internal host names and domains, not public web or e-mail domains."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer, read_data, word_list

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# Not inside an e-mail address, a longer name or a path segment that continues with a word.
_LEFT = r"(?<![\w@.-])"
_RIGHT = r"(?![\w@-]|\.[A-Za-z0-9])"
_DEVICE = re.compile(r"(?P<letters>[a-z][a-z-]*?)-?(?P<number>\d{1,3})")


@dataclass(frozen=True)
class HostWords:
    internal_suffixes: tuple[str, ...]
    internal_labels: frozenset[str]
    host_tokens: frozenset[str]
    device_abbreviations: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_host_words() -> HostWords:
    data = read_data("hostnames.yaml")
    source = "hostnames.yaml"
    return HostWords(
        internal_suffixes=tuple(s.casefold() for s in word_list(data, "internal_suffixes", source)),
        internal_labels=frozenset(s.casefold() for s in word_list(data, "internal_labels", source)),
        host_tokens=frozenset(s.casefold() for s in word_list(data, "host_tokens", source)),
        device_abbreviations=frozenset(s.casefold() for s in word_list(data, "device_abbreviations", source)),
    )


def is_device_label(label: str, words: HostWords) -> bool:
    """fw01, dc01, srv-av-01, sec-console01, avsrv01: device words then a number."""
    m = _DEVICE.fullmatch(label.casefold())
    if not m:
        return False
    # "SW19" is a postcode and "PC1" a grade; device numbers written in capitals are zero-padded.
    if label != label.casefold() and not m.group("number").startswith("0"):
        return False
    pieces = [p for p in m.group("letters").split("-") if p]
    return bool(pieces) and all(p.isalpha() for p in pieces) and any(_made_of(p, words.host_tokens) for p in pieces)


def is_abbreviated_device(label: str, words: HostWords) -> bool:
    """fw-mgmt, vpn-gw, srv-epo: lower case, hyphenated, every piece a device abbreviation."""
    pieces = label.split("-")
    return label.islower() and 2 <= len(pieces) <= 4 and all(p in words.device_abbreviations for p in pieces)


def _made_of(word: str, tokens: frozenset[str]) -> bool:
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(reachable[start] and word[start:end] in tokens for start in range(end))
    return reachable[len(word)]


def is_internal_hostname(name: str, words: HostWords) -> bool:
    """An internal suffix (.local, .internal...), an internal zone label (dc01.ad.x.gov.uk) or a device first label."""
    labels = name.casefold().split(".")
    if len(labels) >= 2:
        if any(name.casefold().endswith("." + suffix) for suffix in words.internal_suffixes):
            return True
        if any(label in words.internal_labels for label in labels[1:-1]):
            return True
    first = name.split(".")[0]
    return is_device_label(first, words) or (len(labels) == 1 and is_abbreviated_device(first, words))


class HostnameRecognizer(RuleRecognizer):
    """Internal host names: 'fw02.harbourne.internal', 'avsrv01.corp.x.local', 'dc01.ad.x.gov.uk',
    'srv-av-01', 'fw-mgmt'. Public names ('www.harbourne.gov.uk') and e-mail domains are left alone."""

    ENTITY = "HOSTNAME"
    PATTERNS = [
        Pattern("dotted-name", rf"{_LEFT}[A-Za-z](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?(?:\.{_LABEL})+{_RIGHT}", 0.85),
        Pattern("device-label", rf"{_LEFT}[A-Za-z][A-Za-z-]*\d{{1,3}}{_RIGHT}", 0.8),
        Pattern("device-abbreviations", rf"{_LEFT}[a-z]{{2,5}}(?:-[a-z]{{2,5}}){{1,3}}{_RIGHT}", 0.75),
    ]
    CONTEXT = ["host", "hostname", "server", "firewall", "console", "cluster", "managed"]

    def __init__(self, supported_language: str = "en"):
        super().__init__(supported_language=supported_language)
        self.words = load_host_words()

    def validate_result(self, pattern_text: str) -> bool:
        return is_internal_hostname(pattern_text, self.words)
