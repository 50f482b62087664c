"""The sample case end to end through the CLI: outputs judged by independent readers, the gate, reports and logs."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from tests.label_match import found, norm, without_hashes

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "samples" / "make_samples.py"
POLICY = REPO / "samples" / "nettlecombe-policy.yaml"
FILES = ("response-letter.pdf", "contracts-register.xlsx", "contracts-export.csv", "briefing-note.docx")


@dataclass
class Case:
    """One run of the whole flow on freshly generated samples, shared by this module's tests."""

    inp: Path
    out: Path
    labels: dict
    codes: dict[str, int] = field(default_factory=dict)
    artefacts: dict[str, Path] = field(default_factory=dict)  # every report and log the CLI wrote


def _cli(case: Case, name: str, *args: str, stdout_to: Path | None = None) -> None:
    result = CliRunner().invoke(app, [*map(str, args), "--quiet"] if args[0] in ("check", "redact") else list(map(str, args)))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    case.codes[name] = result.exit_code
    if stdout_to is not None:
        stdout_to.write_text(result.stdout, "utf-8")
        case.artefacts[name] = stdout_to


@pytest.fixture(scope="module")
def case(tmp_path_factory, engine) -> Case:
    root = tmp_path_factory.mktemp("e2e")
    inp, out, reports = root / "foi-2025-0142", root / "release", root / "reports"
    reports.mkdir()
    # labels.json lists the withheld values in clear, so it stays outside the folder being redacted.
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(inp), "--labels", str(root / "labels.json")],
                   check=True, capture_output=True)
    case = Case(inp, out, json.loads((root / "labels.json").read_text("utf-8")))
    a = case.artefacts
    a.update({
        "check-in.sarif": reports / "check-in.sarif", "check-in.junit.xml": reports / "check-in.junit.xml",
        "redact.json": reports / "redact.json", "check-out.json": reports / "check-out.json",
        "audit.jsonl": out / "redactor-audit.jsonl", "report.html": reports / "report.html",
        "schedule.xlsx": reports / "schedule.xlsx",
    })
    policy = ("--policy", POLICY)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("redactor.engine.build_engine", lambda security_catalogue=None: engine)  # the model loads once per session, not per run
        _cli(case, "check-in.sarif", "check", inp, *policy, "--jobs", 1, "--format", "sarif", "--output", a["check-in.sarif"])
        _cli(case, "check-in.junit.xml", "check", inp, *policy, "--jobs", 1, "--format", "junit", "--output", a["check-in.junit.xml"])
        _cli(case, "check-in.txt", "check", inp, *policy, "--jobs", 1, stdout_to=reports / "check-in.txt")
        _cli(case, "redact.json", "redact", inp, "--out", out, *policy, "--format", "json", "--output", a["redact.json"])
        _cli(case, "check-out.json", "check", out, *policy, "--jobs", 1, "--format", "json", "--output", a["check-out.json"])
        _cli(case, "check-out.txt", "check", out, *policy, "--jobs", 1, stdout_to=reports / "check-out.txt")
    _cli(case, "report.html", "report", a["audit.jsonl"], "--out", a["report.html"], *policy)
    _cli(case, "schedule.xlsx", "report", a["audit.jsonl"], "--out", a["schedule.xlsx"], "--format", "xlsx", *policy)
    _cli(case, "audit verify", "audit", "verify", a["audit.jsonl"])
    return case


# --- independent readers (none of them is a library the redactor writes with) --------------------


def pdf_channels(path: Path) -> dict[str, str]:
    from pdfminer.high_level import extract_text
    from pypdf import PdfReader

    reader = PdfReader(path)
    return {
        "pypdf": "\n".join(page.extract_text() or "" for page in reader.pages),
        "pdfminer": extract_text(str(path)),
        "metadata": "\n".join(str(v) for v in (reader.metadata or {}).values()),
        "xmp": _xmp(reader),
        "raw": _pdf_raw_strings(reader),
    }


def _xmp(reader) -> str:
    meta = reader.trailer["/Root"].get("/Metadata")
    return meta.get_object().get_data().decode("utf-8", "replace") if meta is not None else ""


_SHOWN = re.compile(rb"\[((?:\\.|[^\]])*)\]\s*TJ|\(((?:\\.|[^\\)])*)\)\s*(?:Tj|'|\")", re.S)
_LITERAL = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)


def _pdf_raw_strings(reader) -> str:
    """Every string object and every string shown by a content stream, referenced or not: text under a box counts."""
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject, TextStringObject, ByteStringObject

    out: list[str] = []

    def walk(obj, depth=0):
        if depth > 20:
            return
        if isinstance(obj, (TextStringObject, ByteStringObject)):
            out.append(str(obj) if isinstance(obj, TextStringObject) else obj.original_bytes.decode("latin-1"))
        elif isinstance(obj, DictionaryObject):
            for value in obj.values():
                walk(value, depth + 1)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                walk(value, depth + 1)
        if isinstance(obj, StreamObject):
            try:
                data = obj.get_data()
            except Exception:
                return
            for m in _SHOWN.finditer(data):
                parts = _LITERAL.findall(m.group(1)) if m.group(1) is not None else [m.group(2)]
                out.append(b"".join(_unescape(p) for p in parts).decode("latin-1"))

    for number in range(1, int(reader.trailer["/Size"])):
        try:
            walk(reader.get_object(number))
        except Exception:
            continue
    return "\n".join(out)


def _unescape(raw: bytes) -> bytes:
    return re.sub(rb"\\([()\\])", rb"\1", raw)


def ooxml_channels(path: Path) -> dict[str, str]:
    """Every part of the package: XML text nodes (a paragraph's runs joined) and attribute values; other parts' strings."""
    channels = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            try:
                root = ElementTree.fromstring(data)
            except ElementTree.ParseError:
                channels[name] = " ".join(s.decode("ascii") for s in re.findall(rb"[\x20-\x7e]{4,}", data))
                continue
            pieces = []
            for el in root.iter():
                local = el.tag.rsplit("}", 1)[-1]
                if local in ("p", "si", "is", "r"):
                    pieces.append("".join(el.itertext()))
                if el.text and el.text.strip():
                    pieces.append(el.text)
                pieces.extend(el.attrib.values())
            channels[name] = "\n".join(pieces)
    return channels


def channels(path: Path) -> dict[str, str]:
    if path.suffix == ".pdf":
        return pdf_channels(path)
    if path.suffix in (".xlsx", ".docx"):
        return ooxml_channels(path)
    return {"text": path.read_text("utf-8-sig")}


def _live(chans: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in chans.items() if k != "raw"}


# --- the gate ------------------------------------------------------------------------------------


def test_check_fails_the_input_passes_the_redacted_output_and_every_command_succeeds(case):
    assert case.codes == {
        "check-in.sarif": 1, "check-in.junit.xml": 1, "check-in.txt": 1, "redact.json": 0, "check-out.json": 0,
        "check-out.txt": 0, "report.html": 0, "schedule.xlsx": 0, "audit verify": 0,
    }
    redacted = json.loads(case.artefacts["redact.json"].read_text("utf-8"))
    assert {f["path"]: (f["status"], f["verified"]) for f in redacted["files"]} == {
        f"{name}": ("redacted", True) for name in FILES
    }
    assert sorted(p.name for p in case.out.iterdir()) == sorted(FILES + ("redactor-audit.jsonl",))


# --- the outputs, read independently -------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_every_withheld_value_is_gone(case, name):
    chans = {k: norm(v) for k, v in channels(case.out / name).items()}
    leaks = [f"{label['text']!r} ({label['kind']}) found by {', '.join(k for k, v in chans.items() if found(label, v))}"
             for label in case.labels["files"][name]["must_remove"] if any(found(label, v) for v in chans.values())]
    assert leaks == []


@pytest.mark.parametrize("name", FILES)
def test_every_kept_value_is_still_there(case, name):
    live = [norm(v) for v in _live(channels(case.out / name)).values()]
    over = [label["text"] for label in case.labels["files"][name]["must_keep"] if not any(found(label, v) for v in live)]
    assert over == []


def test_the_readers_see_the_values_in_the_input(case):
    # Guards the two tests above: a reader that saw nothing would make every value look "gone".
    for name in FILES:
        chans = [norm(v) for v in channels(case.inp / name).values()]
        spec = case.labels["files"][name]
        missing = [lab["text"] for lab in spec["must_remove"] + spec["must_keep"] if not any(found(lab, v) for v in chans)]
        assert missing == [], name


# --- reports and logs ----------------------------------------------------------------------------


def _artefact_texts(case: Case) -> dict[str, str]:
    texts = {}
    for name, path in case.artefacts.items():
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                texts.update({f"{name}:{part}": zf.read(part).decode("utf-8", "replace") for part in zf.namelist()})
        else:
            texts[name] = path.read_text("utf-8")
    return texts


def test_no_report_or_log_holds_any_withheld_value(case):
    texts = _artefact_texts(case)
    assert {"audit.jsonl", "report.html", "check-in.sarif", "check-in.junit.xml", "check-in.txt", "redact.json",
            "check-out.json", "check-out.txt"} <= set(texts)
    assert any(name.startswith("schedule.xlsx:xl/worksheets/") for name in texts)
    labels = [lab for spec in case.labels["files"].values() for lab in spec["must_remove"]]
    leaks = [f"{lab['text']!r} in {name}" for name, text in texts.items()
             for haystack in [norm(without_hashes(text))] for lab in labels if found(lab, haystack)]
    assert leaks == []


def test_reports_say_what_was_withheld_and_why(case):
    html = case.artefacts["report.html"].read_text("utf-8")
    assert "All 4 files verified: 4 redacted" in html
    assert "s40(2)" in html and "s31(1)(a)" in html
    redacted = json.loads(case.artefacts["redact.json"].read_text("utf-8"))
    withheld = sum(1 for f in redacted["files"] for d in f["findings"] if d["action"] in ("redact", "remove"))
    assert len(re.findall(r'<tr><td class="num">\d+</td>', html)) >= withheld - redacted["summary"]["hidden_removed"]
    with zipfile.ZipFile(case.artefacts["schedule.xlsx"]) as zf:
        workbook = zf.read("xl/workbook.xml").decode("utf-8")
    assert 'name="Schedule"' in workbook and 'name="Hidden data"' in workbook


def test_check_reports_are_valid_machine_formats(case):
    junit = ElementTree.parse(case.artefacts["check-in.junit.xml"]).getroot()
    assert sorted(tc.get("name") for tc in junit.iter("testcase")) == sorted(FILES)
    assert all(tc.find("failure") is not None for tc in junit.iter("testcase"))
    sarif = json.loads(case.artefacts["check-in.sarif"].read_text("utf-8"))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"] for loc in r["locations"]}
    assert uris == set(FILES)


def test_the_real_report_renders_in_a_browser(case, tmp_path):
    from tests.reporting.test_html import _chromium, _headless

    lxml_html = pytest.importorskip("lxml.html")
    binary = _chromium()
    dom = _headless(binary, tmp_path / "profile", "--dump-dom", case.artefacts["report.html"].as_uri()).stdout
    tree = lxml_html.fromstring(dom)
    assert tree.xpath("string(//section[@id='verdict']/h2)").strip() == "✓ All 4 files verified: 4 redacted"
    files = tree.xpath("string(//section[@id='files'])")
    assert all(name in files for name in FILES)
    assert len(tree.xpath("//section[@id='schedule']//tbody/tr")) > 50
