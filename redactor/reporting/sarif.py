"""SARIF 2.1.0 output for code-scanning dashboards: one rule per entity, no matched text."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from redactor.audit import utc_iso
from redactor.models import Action, Decision, FileResult, Location, Status
from redactor.reporting import RunReport, entity_label, entry_record, finding_record, is_exemption

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INPUT_BASE = "INPUTROOT"

# check: anything still to withhold is a failure; redact: what was withheld is information.
_CHECK = {Action.REDACT.value: ("fail", "error"), Action.REMOVE.value: ("fail", "error"), Action.FLAG.value: ("fail", "warning")}
_REDACT = {Action.REDACT.value: ("informational", "none"), Action.REMOVE.value: ("informational", "none"), Action.FLAG.value: ("review", "none")}


def render(report: RunReport) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"


def as_dict(report: RunReport) -> dict[str, Any]:
    rules = _rules(report)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "redactor",
                "version": report.tool_version,
                "rules": rules,
            }
        },
        "invocations": [_invocation(report)],
        "results": [
            _result(f, d, report.command, index) for f in report.files for d in f.decisions
        ],
        "columnKind": "unicodeCodePoints",
        "properties": {"policy": {"name": report.policy_name, "sha256": report.policy_sha256}, "command": report.command},
    }
    if report.input_root:
        run["originalUriBaseIds"] = {INPUT_BASE: {"uri": _dir_uri(report.input_root)}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rules(report: RunReport) -> list[dict[str, Any]]:
    exemptions: dict[str, set[str]] = {}
    for f in report.files:
        for d in f.decisions:
            exemptions.setdefault(d.finding.entity, set()).update([d.exemption] if is_exemption(d.exemption) else [])
    return [
        {
            "id": entity,
            "name": entity.title().replace("_", ""),
            "shortDescription": {"text": _rule_text(entity, sorted(ex))},
            "properties": {"exemptions": sorted(ex)},
        }
        for entity, ex in sorted(exemptions.items())
    ]


def _rule_text(entity: str, exemptions: list[str]) -> str:
    if not exemptions:
        return f"{entity_label(entity)} (hidden data, removed from releases)"
    return f"{entity_label(entity)} (withheld under {', '.join(exemptions)})"


def _result(f: FileResult, d: Decision, command: str, index: dict[str, int]) -> dict[str, Any]:
    action = getattr(d.action, "value", d.action)
    record = finding_record(d)
    result: dict[str, Any] = {
        "ruleId": d.finding.entity,
        "ruleIndex": index[d.finding.entity],
        "message": {"text": _message(d, action, command)},
        "locations": [_location(f.path, d.location)],
        "properties": {
            "exemption": d.exemption,
            "action": action,
            "score": record["score"],
            "rule": d.finding.rule,
            "recognizer": d.finding.recognizer,
        },
    }
    if action == Action.KEEP.value:
        result["kind"], result["level"] = "pass", "none"
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": d.reason or "kept by policy"}]
    else:
        result["kind"], result["level"] = (_CHECK if command == "check" else _REDACT).get(action, ("fail", "warning"))
    fingerprints = {}
    if d.fingerprint:
        fingerprints["redactorFingerprint/v1"] = d.fingerprint
    if d.value_hash:
        fingerprints["valueHash/v1"] = d.value_hash
    if fingerprints:
        result["partialFingerprints"] = fingerprints
    return result


def _message(d: Decision, action: str, command: str) -> str:
    what = entity_label(d.finding.entity)
    if action == Action.KEEP.value:
        return f"{what} kept: {d.reason or 'kept by policy'}"
    if action == Action.FLAG.value:
        return f"{what} needs a person to decide ({d.exemption})"
    removed = action == Action.REMOVE.value
    if command == "check":
        verb = "must be removed" if removed else "must be withheld"
    else:
        verb = "removed" if removed else "redacted"
    return f"{what} {verb} under {d.exemption}" if is_exemption(d.exemption) else f"{what} {verb}"


def _location(path: str, location: Location | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path), "uriBaseId": INPUT_BASE}}
    if location is not None and location.line is not None:
        physical["region"] = {"startLine": location.line}
    result: dict[str, Any] = {"physicalLocation": physical}
    if location is not None and location.to_dict():
        result["logicalLocations"] = [{"name": str(location), "fullyQualifiedName": f"{path} {location}", "kind": "element"}]
    return result


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/")


def _dir_uri(root: str) -> str:
    root = root.replace("\\", "/")
    if not root.endswith("/"):
        root += "/"
    return ("file://" + quote(root, safe="/:")) if root.startswith("/") else quote(root, safe="/")


def _invocation(report: RunReport) -> dict[str, Any]:
    errors = [f for f in report.files if getattr(f.status, "value", f.status) == Status.ERROR.value]
    notes = [
        _notification("error", f"{f.path}: {f.error or 'could not be processed'}", f.path) for f in errors
    ]
    notes += [
        _notification("error", f"{f.path}: verification found {len(f.residue)} withheld value(s) in the output", f.path)
        for f in report.files
        if f.residue or f.verified is False
    ]
    notes += [_notification("note", f"{f.path}: {n}", f.path) for f in report.files for n in f.notes]
    invocation: dict[str, Any] = {
        "executionSuccessful": not errors,
        "startTimeUtc": utc_iso(report.started),
        "endTimeUtc": utc_iso(report.finished),
        "toolExecutionNotifications": notes,
    }
    config = [
        {"level": "error", "message": {"text": f"expired suppression: {e.describe()}"}, "properties": entry_record(e)}
        for e in report.expired_suppressions
    ] + [
        {"level": "note", "message": {"text": f"unused suppression: {e.describe()}"}, "properties": entry_record(e)}
        for e in report.unused_suppressions
    ]
    if config:
        invocation["toolConfigurationNotifications"] = config
    return invocation


def _notification(level: str, text: str, path: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path), "uriBaseId": INPUT_BASE}}}],
    }
