"""The security catalogue: vendors, products, models and versions, and security/release keywords."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from recognizers.base import CatalogueError, parse_yaml, phrase_regex, phrases_regex, read_data, word_list

VENDOR = "SECURITY_VENDOR"
PRODUCT = "SECURITY_PRODUCT"

# Appliance model after a hardware vendor/product: an optional series code, then digits with an
# optional letter suffix ("600E", "NSa 2700", "PA-3220", "FPR-\n2130", "MX250", "ASA 5516-X").
_SERIES = r"NSa|NSsp|NSA|TZ|SOHO|XGS|XG|SG|SF|MX|MR|Z|PA|FPR|FG|FGT|FWF|FAP|FSW|ASA|SRX|USG|ATP|Spark|VM|M|T|F|N"
_MODEL = re.compile(
    rf"(?:[ \t]*\n?[ \t]*|[ \t]*-[ \t]*)(?<=[\s-])(?P<model>(?P<series>(?:{_SERIES})(?:[ \t]?-?\s?|[ \t]))?\d{{2,5}}(?P<suffix>-?[A-Z]{{1,3}})?)"
    r"(?![\w%]|[.,/:-]\d)"
)
# A model must not be a year or a count ("Sophos 2024 renewal", "Sophos 500 licences").
_YEAR = re.compile(r"(?:19|20)\d\d")
_COUNT_AFTER = re.compile(
    r"\s*(?:x\b|users?|devices?|licen[cs]es?|seats?|endpoints?|mailboxes|staff|employees|servers?|desktops?"
    r"|laptops?|machines|clients|days?|weeks?|months?|years?|yrs?|hours?|mins?|minutes|GB|TB|MB|%|per\b)",
    re.IGNORECASE,
)
_VERSION = (
    r"(?:[vV]\s?)?\d{1,4}(?:\.\d{1,6}){1,3}(?:-\d{1,6})?(?:\s?\(\d{1,4}\))?"
    r"(?:[ \t]+(?i:update|patch|hotfix|HF|MR|build|SP)[ \t]?-?\d{1,5})?"
    r"|R\d{2}(?:\.\d{1,2}){0,2}|(?i:plan)[ \t][1-9]|P[1-9]|[vV]\d{1,3}"
)
_VERSION_END = r"(?![\w]|\.\d|-\d)"
# Words that may sit between a product and its version: "ESET PROTECT console version 10.1".
_FILLER = (
    r"(?i:console|portal|agents?|sensors?|server|client|manager|management|firmware|software|appliances?"
    r"|edition|platform|cloud|version|release|build|ver\.?)"
)
_VERSION_TAIL = re.compile(rf"(?:[ \t]*[(:]|\s)\s*(?:{_FILLER}[ \t]*:?\s+){{0,3}}(?P<version>{_VERSION}){_VERSION_END}")
# A version with no product in front needs the word "version" (or a v prefix) and security nearby.
_VERSION_WORD = re.compile(
    rf"(?:\b(?i:version|ver\.|release|firmware)[ \t]*:?[ \t]*|(?<![\w.])(?=[vV]\d))(?P<version>{_VERSION}){_VERSION_END}"
)
_DATE_LIKE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:19|20)\d\d")
_BOUNDARY_LEFT = r"(?<![\w@/\\.-])"
_BOUNDARY_RIGHT = r"(?![\w@-])(?!\.[A-Za-z0-9])"
_CONTEXT_WINDOW = 120
_VERSION_WINDOW = 150
_SEEN_MAX = 4096  # texts remembered (each cache), for one document's paragraphs and sentences


@dataclass(frozen=True)
class CatalogueEntry:
    """One name in the catalogue: a vendor (or alias) or a product."""

    name: str
    kind: str  # "vendor" or "product"
    vendor: str
    vendor_names: tuple[str, ...]  # the vendor's name and aliases, for "Cisco Duo"-style adjacency
    generic: bool = False
    hardware: bool = False
    security: bool = True  # False: the name alone is not withheld (Microsoft)
    case_sensitive: bool = False  # "Check Point", not "check point"

    @property
    def exact_case(self) -> bool:
        # Generic names and short codes only count as written: "Falcon" not "falcon", "AVG" not "avg".
        return self.case_sensitive or self.generic or len(self.name) <= 4


@dataclass(frozen=True)
class SecurityCatalogue:
    """Security vendors/products and keywords. Immutable; build with load_catalogue()."""

    security_keywords: tuple[str, ...]
    release_keywords: tuple[str, ...]
    vendors: tuple[str, ...]  # vendor names and aliases withheld on their own
    products: tuple[str, ...]
    entries: dict[str, CatalogueEntry] = field(repr=False, compare=False, hash=False)
    _security_re: re.Pattern[str] = field(repr=False, compare=False, hash=False)
    _release_re: re.Pattern[str] = field(repr=False, compare=False, hash=False)
    _names_ci: re.Pattern[str] = field(repr=False, compare=False, hash=False)
    _names_cs: re.Pattern[str] = field(repr=False, compare=False, hash=False)
    # Answers per text: a paragraph or sentence is asked about by the recognizer, the context
    # rules and the release test, and the two name alternations are the slowest regexes in detection.
    _names_seen: dict[str, list[tuple[int, int, CatalogueEntry]]] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    _security_seen: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def is_security_text(self, text: str) -> bool:
        """Mentions a security keyword or an unambiguous security vendor/product."""
        if not text:
            return False
        found = self._security_seen.get(text)
        if found is None:
            found = _remember(self._security_seen, text, bool(self._security_re.search(text)))
        return found

    def is_release_text(self, text: str) -> bool:
        """Mentions something releasable (EA, BI, payroll...), not counting inside a security product name."""
        if not text:
            return False
        masked = list(text)
        for start, end, _, _ in self.find_products(text):
            masked[start:end] = " " * (end - start)
        return bool(self._release_re.search("".join(masked)))

    def find_products(self, text: str) -> list[tuple[int, int, str, str]]:
        """Spans (start, end, entity, rule) of vendors, products, models and versions, in text order."""
        if not text:
            return []
        spans: list[tuple[int, int, str, str]] = []
        taken_until = 0
        names = self._name_matches(text)
        for i, (start, end, entry) in enumerate(names):
            if start < taken_until:
                continue
            previous = names[i - 1] if i else None
            tail_end, tail = self._tail(text, end, entry)
            if entry.generic and not (tail or self._after_vendor(text, start, entry, previous) or self._near_security(text, start, end)):
                continue
            spans.append((start, end, VENDOR if entry.kind == "vendor" else PRODUCT, entry.kind))
            spans.extend(tail)
            taken_until = max(end, tail_end)
        spans.extend(self._worded_versions(text, spans))
        return sorted(set(spans))

    # -- helpers ---------------------------------------------------------------------------

    def _name_matches(self, text: str) -> list[tuple[int, int, CatalogueEntry]]:
        kept = self._names_seen.get(text)
        if kept is None:
            kept = _remember(self._names_seen, text, self._find_names(text))
        return kept

    def _find_names(self, text: str) -> list[tuple[int, int, CatalogueEntry]]:
        found: list[tuple[int, int, CatalogueEntry]] = []
        for regex, fold in ((self._names_ci, True), (self._names_cs, False)):
            for m in regex.finditer(text):
                key = _key(m.group(0)) if fold else "=" + _space(m.group(0))
                entry = self.entries.get(key)
                if entry is not None:
                    found.append((m.start(), m.end(), entry))
        # Longest match wins where a case-sensitive and a case-insensitive name overlap.
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, CatalogueEntry]] = []
        for f in found:
            if kept and f[0] < kept[-1][1]:
                continue
            kept.append(f)
        return kept

    def _tail(self, text: str, end: int, entry: CatalogueEntry) -> tuple[int, list[tuple[int, int, str, str]]]:
        """The model and/or version written straight after a name."""
        out: list[tuple[int, int, str, str]] = []
        pos = end
        if entry.hardware:
            m = _MODEL.match(text, pos)
            if m and _is_model(text, m):
                out.append((m.start("model"), m.end("model"), PRODUCT, "model"))
                pos = m.end("model")
        v = _VERSION_TAIL.match(text, pos)
        if v and not _DATE_LIKE.fullmatch(v.group("version")):
            out.append((v.start("version"), v.end("version"), PRODUCT, "version"))
            pos = v.end("version")
        return pos, out

    def _after_vendor(self, text: str, start: int, entry: CatalogueEntry, previous: Optional[tuple[int, int, CatalogueEntry]]) -> bool:
        """'CrowdStrike Falcon', 'Microsoft Sentinel': a generic name straight after its own vendor."""
        before = text[max(0, start - 60) : start]
        if previous is not None and previous[2].vendor == entry.vendor and not text[previous[1] : start].strip(" \t\n("):
            return True
        return any(re.search(rf"(?i)\b{phrase_regex(v)}[ \t\n]+$", before) for v in entry.vendor_names if v != entry.name)

    def _near_security(self, text: str, start: int, end: int) -> bool:
        window_start = max(0, start - _CONTEXT_WINDOW)
        window = text[window_start:start] + " " + text[end : end + _CONTEXT_WINDOW]
        return bool(self._security_re.search(window))

    def _worded_versions(self, text: str, spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """'version 5.10.0' / 'v7.2.5' with a security keyword or product shortly before it."""
        out: list[tuple[int, int, str, str]] = []
        for m in _VERSION_WORD.finditer(text):
            start, end = m.span("version")
            if any(s <= start < e for s, e, _, _ in spans) or _DATE_LIKE.fullmatch(m.group("version")):
                continue
            window_start = max(0, start - _VERSION_WINDOW)
            product_near = any(window_start <= s and e <= start for s, e, _, _ in spans)
            if product_near or self._security_re.search(text, window_start, start):
                out.append((start, end, PRODUCT, "version"))
        return out


def _remember(cache: dict, key: str, value):
    if len(cache) >= _SEEN_MAX:
        cache.clear()
    cache[key] = value
    return value


def _is_model(text: str, m: re.Match[str]) -> bool:
    model = m.group("model")
    if not m.group("series") and not m.group("suffix"):
        if _YEAR.fullmatch(model) or _COUNT_AFTER.match(text, m.end("model")):
            return False
    return True


def _space(name: str) -> str:
    return " ".join(name.split())


def _key(name: str) -> str:
    return _space(name).casefold()


# -- loading ---------------------------------------------------------------------------------


def _entries_from(data: dict[str, Any], source: str) -> list[CatalogueEntry]:
    vendors = data.get("vendors") or []
    if not isinstance(vendors, list):
        raise CatalogueError(f"{source}: 'vendors' must be a list")
    out: list[CatalogueEntry] = []
    for raw in vendors:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise CatalogueError(f"{source}: each vendor needs a 'name'")
        vendor = raw["name"].strip()
        flags = _flags(raw, {})
        aliases = [_named(a, f"aliases of '{vendor}'", source) for a in raw.get("aliases") or []]
        names = (vendor, *(a["name"].strip() for a in aliases))
        out.append(CatalogueEntry(vendor, "vendor", vendor, names, **flags))
        for alias in aliases:
            out.append(CatalogueEntry(alias["name"].strip(), "vendor", vendor, names, **_flags(alias, flags)))
        for product in raw.get("products") or []:
            product = _named(product, f"products of '{vendor}'", source)
            inherited = {"security": True, "case_sensitive": flags["case_sensitive"]}
            out.append(CatalogueEntry(product["name"].strip(), "product", vendor, names, **_flags(product, inherited)))
    return out


def _named(item: Any, where: str, source: str) -> dict[str, Any]:
    """A catalogue name written as a plain string or as a mapping with 'name' and flags."""
    if isinstance(item, str) and item.strip():
        return {"name": item}
    if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
        return item
    raise CatalogueError(f"{source}: entries in {where} need a 'name'")


def _flags(raw: dict[str, Any], inherited: dict[str, bool]) -> dict[str, bool]:
    return {
        key: bool(raw.get(key, inherited.get(key, default)))
        for key, default in (("generic", False), ("hardware", False), ("security", True), ("case_sensitive", False))
    }


def _names_regex(entries: list[CatalogueEntry], case_sensitive: bool) -> re.Pattern[str]:
    chosen = sorted({e.name for e in entries if e.exact_case == case_sensitive}, key=lambda n: (-len(n), n))
    if not chosen:
        return re.compile(r"(?!x)x")
    alternation = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in chosen)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"{_BOUNDARY_LEFT}(?:{alternation}){_BOUNDARY_RIGHT}", flags)


def build_catalogue(sources: list[tuple[dict[str, Any], str]]) -> SecurityCatalogue:
    """Merge parsed catalogue files (built-in first) into one SecurityCatalogue."""
    security: list[str] = []
    release: list[str] = []
    entries: list[CatalogueEntry] = []
    for data, source in sources:
        security += word_list(data, "security_keywords", source)
        release += word_list(data, "release_keywords", source)
        entries += _entries_from(data, source)
    by_key: dict[str, CatalogueEntry] = {}
    for e in entries:
        by_key[("=" + _space(e.name)) if e.exact_case else _key(e.name)] = e
    named = [e for e in entries if e.security]  # Microsoft alone is not a security name
    unambiguous = [e for e in named if not e.generic]
    security_re = re.compile(
        "|".join(f"(?:{r.pattern})" for r in (phrases_regex(security), _names_regex(unambiguous, False)))
        + f"|(?-i:{_names_regex(unambiguous, True).pattern})",
        re.IGNORECASE,
    )
    return SecurityCatalogue(
        security_keywords=tuple(dict.fromkeys(security)),
        release_keywords=tuple(dict.fromkeys(release)),
        vendors=tuple(dict.fromkeys(e.name for e in named if e.kind == "vendor")),
        products=tuple(dict.fromkeys(e.name for e in named if e.kind == "product")),
        entries=by_key,
        _security_re=security_re,
        _release_re=phrases_regex(release),
        _names_ci=_names_regex(named, False),
        _names_cs=_names_regex(named, True),
    )


@lru_cache(maxsize=8)
def load_catalogue(extra_path: Optional[Path] = None) -> SecurityCatalogue:
    """The built-in catalogue, plus a site catalogue file (same keys) when one is given."""
    sources = [(read_data("security_catalogue.yaml"), "security_catalogue.yaml")]
    if extra_path is not None:
        path = Path(extra_path)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogueError(f"{path.name}: cannot read catalogue ({exc.__class__.__name__})") from None
        sources.append((parse_yaml(text, path.name), path.name))
    return build_catalogue(sources)
