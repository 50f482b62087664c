"""Scores PERSON, EMAIL_ADDRESS and PHONE_NUMBER detection on presidio-research's synthetic dataset.

Measured, recall/precision before -> after the recognizer work (details in benchmarks/README.md,
section "presidio-research"): PERSON 0.389/0.812 -> 0.618/0.853, then 0.648/0.841 -> 0.741/0.836
with the surname lists; EMAIL_ADDRESS 0.347/1.000 -> 1.000/1.000; PHONE_NUMBER 0.293/0.871 -> 0.989/0.978.

Each record is run as its own one-paragraph text file through the tool's real path:
redactor.detect.detect_document, then the folder-wide name mentions, then the built-in FOI
policy's decisions. A prediction is a decision that redacts or flags a span. A gold entity is
found when a predicted span of the same type overlaps it ("overlap"), or has exactly its offsets
("exact"). Precision counts a predicted span as right when it overlaps a gold span of its type.

Usage: .venv/bin/python benchmarks/presidio_research.py [--dataset PATH] [--limit N] [--misses N]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = ROOT.parent / "shared/corpus/external/presidio-research/synth_dataset_v2.json"
# The dataset's labels, mapped to ours. Labels not listed are not scored (and not gold).
LABELS = {"PERSON": "PERSON", "PER": "PERSON", "EMAIL_ADDRESS": "EMAIL_ADDRESS", "PHONE_NUMBER": "PHONE_NUMBER"}
TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER")
TARGET_RECALL = 0.90


@dataclass
class Tally:
    gold: int = 0
    found_overlap: int = 0
    found_exact: int = 0
    predicted: int = 0
    predicted_right: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)  # (value, sentence)
    wrong: list[tuple[str, str]] = field(default_factory=list)
    right_by_rule: Counter = field(default_factory=Counter)
    wrong_by_rule: Counter = field(default_factory=Counter)


def load_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def gold_spans(record: dict) -> list[tuple[int, int, str]]:
    spans = []
    for s in record.get("spans", []):
        entity = LABELS.get(str(s.get("entity_type", "")).upper())
        if entity:
            spans.append((int(s["start_position"]), int(s["end_position"]), entity))
    return spans


def predict(engine, policy, key, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, entity, rule) the tool would redact or flag in a text file holding just this text."""
    from redactor.decide import decide
    from redactor.detect import FolderKnowledge, detect_document, mention_findings
    from redactor.models import Action, Document, Location, Segment

    doc = Document(path=Path("record.txt"), format="text")
    doc.add(Segment(text, Location(line=1), where="prose", block="l1", ref=0))
    knowledge = FolderKnowledge()
    findings = detect_document(engine, doc, knowledge)
    taken: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        if f.hidden_item is None:
            taken.setdefault(f.segment, []).append((0, len(text)) if f.whole_segment else (f.start, f.end))
    findings += mention_findings(doc, knowledge, taken)
    out = []
    for d in decide(policy, doc, findings, key, knowledge):
        f = d.finding
        if d.action in (Action.REDACT, Action.FLAG) and f.hidden_item is None and f.entity in TYPES:
            out.append((0, len(text), f.entity, f.rule) if f.whole_segment else (f.start, f.end, f.entity, f.rule))
    return sorted(set(out))


def overlaps(a: tuple, b: tuple) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def score(records: list[dict], engine, policy, key) -> dict[str, Tally]:
    tallies = {t: Tally() for t in TYPES}
    for record in records:
        text = record["full_text"]
        gold = gold_spans(record)
        pred = predict(engine, policy, key, text)
        exact = {p[:3] for p in pred}
        for g in gold:
            t = tallies[g[2]]
            t.gold += 1
            if any(overlaps(g, p) for p in pred):
                t.found_overlap += 1
            else:
                t.missed.append((text[g[0] : g[1]], text))
            if g in exact:
                t.found_exact += 1
        for p in pred:
            t = tallies[p[2]]
            t.predicted += 1
            if any(overlaps(p, g) for g in gold):
                t.predicted_right += 1
                t.right_by_rule[p[3]] += 1
            else:
                t.wrong.append((text[p[0] : p[1]], text))
                t.wrong_by_rule[p[3]] += 1
    return tallies


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def person_family(value: str) -> str:
    """A rough family for a missed name, to show where recall is lost."""
    tokens = value.split()
    if value == value.lower():
        return "lower-case"
    if len(tokens) == 1:
        return "single token"
    if any(not ch.isascii() for ch in value):
        return "non-ASCII letters"
    if re.search(r"\b[A-Z]\.?(?:\s|$)", value) or re.search(r"\b(?:MD|PhD|Jr|Sr|DDS|DVM|II|III)\b", value):
        return "initials or suffix"
    return "other multi-token"


def report(tallies: dict[str, Tally], n_records: int, build_s: float, run_s: float, misses: int) -> None:
    print(f"presidio-research synth_dataset_v2: {n_records} records; engine build {build_s:.1f}s, detection {run_s:.1f}s "
          f"({1000 * run_s / max(n_records, 1):.1f} ms/record)")
    print()
    header = f"{'type':<14} {'gold':>5} {'found':>6} {'exact':>6} {'pred':>5} {'right':>6}  {'recall':>6} {'exact-R':>7} {'prec':>6} {'F1':>6}"
    print(header)
    print("-" * len(header))
    for name, t in tallies.items():
        recall = ratio(t.found_overlap, t.gold)
        exact = ratio(t.found_exact, t.gold)
        precision = ratio(t.predicted_right, t.predicted)
        flag = "" if recall >= TARGET_RECALL else "  < target"
        print(f"{name:<14} {t.gold:>5} {t.found_overlap:>6} {t.found_exact:>6} {t.predicted:>5} {t.predicted_right:>6}  "
              f"{recall:>6.3f} {exact:>7.3f} {precision:>6.3f} {f1(precision, recall):>6.3f}{flag}")
    print()
    for name, t in tallies.items():
        rules = sorted(set(t.right_by_rule) | set(t.wrong_by_rule), key=lambda r: -t.right_by_rule[r])
        if rules:
            print(f"{name} predictions by rule (right/wrong): " + ", ".join(f"{r} {t.right_by_rule[r]}/{t.wrong_by_rule[r]}" for r in rules))
    person = tallies["PERSON"]
    if person.missed:
        families = Counter(person_family(v) for v, _ in person.missed)
        print("PERSON misses by family: " + ", ".join(f"{k} {v}" for k, v in families.most_common()))
    if misses:
        for name, t in tallies.items():
            for label, rows in (("missed", t.missed), ("wrong", t.wrong)):
                for value, sentence in rows[:misses]:
                    print(f"  {name} {label}: {value!r}  in  {sentence[:140]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N records")
    parser.add_argument("--misses", type=int, default=0, help="print up to N missed and N wrong spans per type")
    args = parser.parse_args(argv)
    if not args.dataset.is_file():
        print(f"presidio-research dataset not found at {args.dataset}: nothing to score (skipped).")
        return 0
    sys.path.insert(0, str(ROOT))
    from redactor.engine import build_engine
    from redactor.hashing import HashKey
    from redactor.policy import load_policy

    records = load_records(args.dataset)
    if args.limit:
        records = records[: args.limit]
    t0 = time.perf_counter()
    engine = build_engine()
    policy = load_policy("foi")
    key = HashKey.from_env({})
    t1 = time.perf_counter()
    tallies = score(records, engine, policy, key)
    t2 = time.perf_counter()
    report(tallies, len(records), t1 - t0, t2 - t1, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
