"""JUnit XML for CI dashboards: one test case per file, failed by findings, errors or unverified output."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from redactor.audit import utc_iso
from redactor.models import Action, FileResult, Status
from redactor.reporting import RunReport, file_problem

# XML 1.0 cannot carry most control characters, which a file name may contain.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def render(report: RunReport) -> str:
    duration = max((report.finished - report.started).total_seconds(), 0.0)
    cases = [_case(f, report.command) for f in report.files]
    cases += [_suppressions_case(report)] if report.expired_suppressions else []
    failures = sum(c.find("failure") is not None for c in cases)
    errors = sum(c.find("error") is not None for c in cases)
    suite = ET.Element(
        "testsuite",
        {
            "name": f"redactor {report.command}",
            "tests": str(len(cases)),
            "failures": str(failures),
            "errors": str(errors),
            "skipped": "0",
            "timestamp": utc_iso(report.started),
            "time": f"{duration:.3f}",
        },
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("tool_version", report.tool_version),
        ("policy", report.policy_name),
        ("policy_sha256", report.policy_sha256),
        ("suppressed", str(sum(report.suppressed.values()))),
    ):
        ET.SubElement(props, "property", {"name": name, "value": xml_text(value)})
    suite.extend(cases)
    root = ET.Element(
        "testsuites",
        {"name": "redactor", "tests": str(len(cases)), "failures": str(failures), "errors": str(errors), "time": f"{duration:.3f}"},
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(result: FileResult, command: str) -> ET.Element:
    case = ET.Element("testcase", {"classname": f"redactor.{command}", "name": xml_text(result.path), "time": "0"})
    problem = file_problem(result, command)
    if not problem:
        return case
    status = getattr(result.status, "value", result.status)
    tag, kind = ("error", "processing") if status == Status.ERROR.value else ("failure", _failure_type(result))
    element = ET.SubElement(case, tag, {"message": xml_text(problem), "type": kind})
    element.text = xml_text(_detail(result))
    return case


def _failure_type(result: FileResult) -> str:
    return "findings" if getattr(result.status, "value", result.status) == Status.FINDINGS.value else "verification"


def _detail(result: FileResult) -> str:
    lines = [
        f"{d.location or 'file'}: {d.finding.entity} {d.exemption} {getattr(d.action, 'value', d.action)} ({d.finding.rule})"
        for d in result.decisions
        if getattr(d.action, "value", d.action) != Action.KEEP.value
    ]
    if result.residue:
        lines.append(f"verification: {len(result.residue)} withheld value(s) found in the output")
    lines += [f"note: {n}" for n in result.notes]
    return "\n".join(lines)


def _suppressions_case(report: RunReport) -> ET.Element:
    case = ET.Element("testcase", {"classname": f"redactor.{report.command}", "name": "suppressions", "time": "0"})
    failure = ET.SubElement(
        case, "failure", {"message": f"{len(report.expired_suppressions)} suppression(s) expired", "type": "suppressions"}
    )
    failure.text = xml_text("\n".join(e.describe() for e in report.expired_suppressions))
    return case
