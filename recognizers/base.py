"""Shared pieces of our recognizers: rule-tagged pattern matching, nearby-context checks, data files."""
from __future__ import annotations

import re
from importlib import resources
from typing import Any, ClassVar, Iterable, Optional

import regex
import yaml
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

# recognition_metadata key naming the rule that produced a result (a pattern name, "vendor"...).
RULE_KEY = "rule"

# Our patterns are written case-sensitively: names and codes depend on their capitals. A pattern
# that wants case-insensitivity says so inline with (?i).
CASE_SENSITIVE = regex.DOTALL | regex.MULTILINE


class CatalogueError(ValueError):
    """A data file (built-in or site-supplied) is missing or malformed."""


def read_data(name: str) -> dict[str, Any]:
    """Parse one YAML file from recognizers/data/."""
    text = resources.files("recognizers").joinpath("data", name).read_text("utf-8")
    return parse_yaml(text, name)


# libyaml's safe loader when PyYAML has it: the name lists parse ten times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{source}: not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{source}: expected a mapping at the top level")
    return data


def word_list(data: dict[str, Any], key: str, source: str) -> tuple[str, ...]:
    """A list of non-empty strings under `key` (missing key: empty)."""
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogueError(f"{source}: '{key}' must be a list of words")
    return tuple(v.strip() for v in value)


def phrase_regex(phrase: str) -> str:
    """Regex for a phrase: any run of whitespace between words; hyphens optional; short codes exact."""
    words = [re.escape(w).replace(r"\-", r"[-\s]?") for w in phrase.split()]
    body = r"\s+".join(words)
    if len(phrase) <= 4 and phrase.upper() == phrase:
        body = f"(?-i:{body})"  # MFA, EDR, SOC: the lower-case words mean something else
    return body


def phrases_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive whole-word alternation, longest phrase first."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not unique:
        return re.compile(r"(?!x)x")
    alternation = "|".join(phrase_regex(p) for p in unique)
    return re.compile(rf"(?<![\w@])(?:{alternation})(?![\w@])", re.IGNORECASE)


def has_context(text: str, start: int, end: int, context: re.Pattern[str], before: int, after: int) -> bool:
    """Whether `context` occurs within `before` chars before the span or `after` chars after it."""
    if before and context.search(text, max(0, start - before), start):
        return True
    return bool(after and context.search(text, end, min(len(text), end + after)))


def make_result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float, rule: str) -> RecognizerResult:
    """A RecognizerResult carrying the recognizer name and our rule in its metadata."""
    # Presidio's context enhancer writes into the explanation, so every result needs one.
    explanation = AnalysisExplanation(
        recognizer=recognizer.name,
        original_score=score,
        pattern_name=rule,
        textual_explanation=f"Detected by `{recognizer.name}` using rule `{rule}`",
    )
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            RULE_KEY: rule,
        },
    )


def wanted(entities: Optional[list[str]], entity: str) -> bool:
    return not entities or entity in entities


class RuleRecognizer(PatternRecognizer):
    """A PatternRecognizer whose results name their rule, with an optional nearby-context requirement.

    Subclasses set ENTITY, PATTERNS and CONTEXT like Presidio's own recognizers, may override
    validate_result / invalidate_result (which see only the matched text), and may override
    accept() for checks that need the surrounding text. Rules named in CONTEXT_RULES are kept only
    when REQUIRED_CONTEXT occurs within CONTEXT_WINDOW (chars before, chars after) of the match.
    """

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []
    REQUIRED_CONTEXT: ClassVar[Optional[re.Pattern[str]]] = None
    CONTEXT_RULES: ClassVar[Optional[frozenset[str]]] = None  # None: every rule needs the context
    CONTEXT_WINDOW: ClassVar[tuple[int, int]] = (40, 0)
    # Speed only: a text this finds nothing in can have no result (each subclass says why).
    PREFILTER: ClassVar[Optional[re.Pattern[str]]] = None

    def __init__(self, supported_language: str = "en", name: Optional[str] = None):
        super().__init__(
            supported_entity=self.ENTITY,
            name=name or type(self).__name__,
            supported_language=supported_language,
            # Copies: Presidio caches compiled regexes on Pattern objects and may append to the list.
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            global_regex_flags=CASE_SENSITIVE,
        )

    def analyze(self, text: str, entities: Optional[list[str]] = None, nlp_artifacts: Any = None, regex_flags: Optional[int] = None) -> list[RecognizerResult]:
        if not text or not wanted(entities, self.ENTITY) or (self.PREFILTER is not None and not self.PREFILTER.search(text)):
            return []
        kept: list[RecognizerResult] = []
        for result in super().analyze(text, entities or [self.ENTITY], nlp_artifacts, regex_flags):
            rule = result.analysis_explanation.pattern_name if result.analysis_explanation else "pattern"
            if not self.accept(text, result.start, result.end, rule):
                continue
            result.recognition_metadata[RULE_KEY] = rule
            kept.append(result)
        return kept

    def accept(self, text: str, start: int, end: int, rule: str) -> bool:
        """Keep a match? By default: it has the required context, when its rule needs one."""
        if self.REQUIRED_CONTEXT is None or (self.CONTEXT_RULES is not None and rule not in self.CONTEXT_RULES):
            return True
        before, after = self.CONTEXT_WINDOW
        return has_context(text, start, end, self.REQUIRED_CONTEXT, before, after)
