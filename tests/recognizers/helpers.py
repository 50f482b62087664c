"""Table-test helper: run one recognizer and list (entity, matched text) in text order."""
from __future__ import annotations


def found(recognizer, text: str, entities: list[str] | None = None) -> list[tuple[str, str]]:
    results = recognizer.analyze(text, entities, nlp_artifacts=None)
    return [(r.entity_type, text[r.start : r.end]) for r in sorted(results, key=lambda r: (r.start, r.end))]


def rules(recognizer, text: str) -> list[tuple[str, str]]:
    results = recognizer.analyze(text, None, nlp_artifacts=None)
    return [(text[r.start : r.end], r.recognition_metadata["rule"]) for r in sorted(results, key=lambda r: (r.start, r.end))]
