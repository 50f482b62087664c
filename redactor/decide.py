"""Turns findings into decisions under a policy: allow rules, thresholds, exemption, action, label."""
from __future__ import annotations

from redactor.detect import FolderKnowledge
from redactor.hashing import HashKey
from redactor.models import Action, Decision, Document, Finding
from redactor.policy import Policy

# When two redactions overlap, the more specific entity names the box (a person in a security row
# is still personal data).
_PRIORITY = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "UK_NINO", "UK_NHS", "UK_BANK_ACCOUNT", "UK_SORT_CODE",
             "DATE_OF_BIRTH", "IP_ADDRESS", "HOSTNAME", "SECURITY_PRODUCT", "SECURITY_VENDOR", "SECURITY_DETAIL"]


def decide(policy: Policy, doc: Document, findings: list[Finding], key: HashKey, knowledge: FolderKnowledge) -> list[Decision]:
    """One decision per finding the policy knows about, in document order. Pure apart from hashing."""
    decisions: list[Decision] = []
    hashes: dict[tuple[str, str], tuple[str, str]] = {}  # a register repeats its values: hash each once
    for f in _dedupe(findings):
        decision = _decide_one(policy, doc, f, key, knowledge, hashes)
        if decision is not None:
            decisions.append(decision)
    return decisions


def _decide_one(policy: Policy, doc: Document, f: Finding, key: HashKey, knowledge: FolderKnowledge,
                hashes: dict[tuple[str, str], tuple[str, str]] | None = None) -> Decision | None:
    if f.hidden_item is not None:
        item = doc.hidden[f.hidden_item]
        action = policy.hidden_action(f.entity)
        return Decision(f, action, exemption="hidden-data", label="", reason=item.detail, location=item.location)
    seg = doc.segments[f.segment]
    rule = policy.rule_for(f.entity)
    if rule is None:
        return None
    threshold = rule.min_score if rule.min_score is not None else policy.min_score
    if f.score < threshold:
        return None
    action = Action(rule.action)
    reason = ""
    value = seg.text if f.whole_segment else f.text
    for allow in policy.allow:
        if allow.matches(value, f.entity) or (not f.whole_segment and allow.matches(f.text.strip(), f.entity)):
            action, reason = Action.KEEP, f"allow: {allow.description}"
            break
    if action is not Action.KEEP and f.entity == "PERSON" and value.casefold() in knowledge.disclosed:
        action, reason = Action.KEEP, "directory: disclosed officer"
    hashed = hashes.get((f.entity, value)) if hashes is not None else None
    if hashed is None:
        hashed = (key.value_hash(f.entity, value), key.fingerprint(f.entity, value))
        if hashes is not None:
            hashes[(f.entity, value)] = hashed
    return Decision(
        finding=f,
        action=action,
        exemption=rule.exemption,
        label=policy.label_for(f.entity),
        reason=reason,
        value_hash=hashed[0],
        location=seg.location,
        fingerprint=hashed[1],
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop exact duplicates and spans inside a whole-segment finding or a larger span of the same segment."""
    whole = {f.segment for f in findings if f.whole_segment}
    ordered = sorted(findings, key=lambda f: (f.segment, f.start, -(f.end - f.start), _rank(f.entity)))
    out: list[Finding] = []
    seen: set[tuple[int, int, int, str]] = set()
    for f in ordered:
        if f.hidden_item is None and f.segment in whole and not f.whole_segment and f.entity.startswith("SECURITY"):
            continue
        k = (f.segment, f.start, f.end, f.entity if f.hidden_item is None else f"{f.entity}#{f.hidden_item}")
        if k in seen:
            continue
        if f.hidden_item is None and not f.whole_segment and any(
            o.segment == f.segment and not o.whole_segment and o.hidden_item is None
            and o.start <= f.start and f.end <= o.end and (o.start, o.end) != (f.start, f.end)
            and _rank(o.entity) <= _rank(f.entity)
            for o in out[-8:]
        ):
            continue
        seen.add(k)
        out.append(f)
    return out


def _rank(entity: str) -> int:
    return _PRIORITY.index(entity) if entity in _PRIORITY else len(_PRIORITY)


def redaction_spans(decisions: list[Decision]) -> dict[int, list[tuple[int, int, Decision]]]:
    """Non-overlapping spans to replace, per segment (whole-segment decisions cover everything)."""
    # One pass and one small list per segment: a register has a redaction in most of its cells.
    out: dict[int, list[tuple[int, int, Decision]]] = {}
    several: list[int] = []
    redact = Action.REDACT
    for d in decisions:
        f = d.finding
        if d.action is not redact or f.hidden_item is not None:
            continue
        spans = out.get(f.segment)
        if spans is None:
            out[f.segment] = [(f.start, f.end, d)]
        else:
            if len(spans) == 1:
                several.append(f.segment)
            spans.append((f.start, f.end, d))
    for seg_id in several:
        out[seg_id] = _merged(out[seg_id])
    return out


def _merged(spans: list[tuple[int, int, Decision]]) -> list[tuple[int, int, Decision]]:
    spans.sort(key=lambda span: (span[0], -span[1]))
    merged: list[tuple[int, int, Decision]] = []
    for s, e, d in spans:
        if merged and s < merged[-1][1]:
            ps, pe, pd = merged[-1]
            best = pd if _rank(pd.finding.entity) <= _rank(d.finding.entity) else d
            merged[-1] = (ps, max(pe, e), best)
        else:
            merged.append((s, e, d))
    return merged
