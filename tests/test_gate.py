"""`redactor check` as a CI gate: machine formats, exit codes, suppressions and baselines, and a tamper-evident audit log."""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from typer.testing import CliRunner

from redactor.audit import record_hash
from redactor.cli import app
from redactor.formats import SUPPORTED_SUFFIXES
from redactor.suppressions import parse_suppressions
from tests.conftest import REPO, shared_path

SAMPLES = REPO / "samples"
DEMO_POLICY = SAMPLES / "nettlecombe-policy.yaml"
SAMPLE_FILES = {"response-letter.pdf", "contracts-register.xlsx", "contracts-export.csv", "briefing-note.docx"}
SUPPRESSIONS = ".redactor-suppressions.yaml"

LETTER = (
    "Dear Applicant,\n\n"
    "Your request was handled by Mr Callum Carrick-Jones ((0113) 496 0431, callum.carrick-jones@example.gov.uk).\n\n"
    "Yours faithfully,\nInformation Governance Team\n"
)
# What the findings above are, for checking nothing of them reaches a committed suppressions file.
SECRETS = ("carrick", "callum", "0431", "496")
CONTACTS = [["Role", "Contact", "Phone"], ["Records Manager", "Callum Carrick-Jones", "0113 496 0431"]]


@pytest.fixture(autouse=True)
def shared_engine(engine, monkeypatch):
    # Each CLI run would load the language model again; the session's engine is the same object it builds.
    monkeypatch.setattr("redactor.engine.build_engine", lambda security_catalogue=None: engine)


def invoke(*args: object):
    argv = [str(a) for a in args]
    if argv[0] in ("check", "redact"):
        argv += ["--quiet", "--jobs", "1"]
    result = CliRunner().invoke(app, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "response"
    src.mkdir()
    (src / "letter.txt").write_text(LETTER, "utf-8")
    return src


def baseline(folder: Path, target: Path | None = None, expires: date = date(2099, 12, 31), *extra: object):
    target = target or folder / SUPPRESSIONS
    return invoke("check", folder, "--baseline", target, "--approved-by", "J. Reviewer",
                  "--reason", "Published in the council's staff directory", "--expires", expires.isoformat(), *extra)


def check_json(*args: object) -> tuple[int, dict]:
    result = invoke("check", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


# --- machine formats -----------------------------------------------------------------------------


def test_sarif_of_the_samples_validates_against_the_official_schema(tmp_path):
    schema_path = shared_path("schemas", "sarif-schema-2.1.0.json")
    jsonschema = pytest.importorskip("jsonschema")
    out = tmp_path / "check.sarif"
    result = invoke("check", SAMPLES, "--policy", DEMO_POLICY, "--format", "sarif", "--output", out)
    assert result.exit_code == 1
    assert result.stdout == ""  # the report went to --output only
    schema = json.loads(schema_path.read_text("utf-8"))
    log = json.loads(out.read_text("utf-8"))
    validator = jsonschema.validators.validator_for(schema)  # the schema says which draft it is written in
    validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    results = log["runs"][0]["results"]
    assert {r["level"] for r in results} >= {"error"}
    files = {loc["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1] for r in results for loc in r["locations"]}
    assert files == SAMPLE_FILES


def test_junit_of_the_samples_has_one_failing_test_case_per_file():
    result = invoke("check", SAMPLES, "--policy", DEMO_POLICY, "--format", "junit")
    assert result.exit_code == 1
    root = ElementTree.fromstring(result.stdout.encode("utf-8"))
    cases = list(root.iter("testcase"))
    assert sorted(c.get("name").rsplit("/", 1)[-1] for c in cases) == sorted(SAMPLE_FILES)
    assert all(c.find("failure") is not None for c in cases)
    assert root.get("tests") == "4" and root.get("failures") == "4"


def test_json_on_stdout_parses_even_with_progress_on(folder):
    # A real process, no --quiet: the model-loading message and any progress must stay on stderr.
    done = subprocess.run([sys.executable, "-m", "redactor", "check", str(folder), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["findings"] == 1
    assert "loading language model" in done.stderr


def test_output_file_receives_the_report_and_stdout_stays_empty(folder, tmp_path):
    out = tmp_path / "reports" / "check.xml"
    result = invoke("check", folder, "--format", "junit", "--output", out)
    assert result.exit_code == 1 and result.stdout == ""
    assert [c.get("name") for c in ElementTree.parse(out).getroot().iter("testcase")] == ["letter.txt"]


# --- exit codes ----------------------------------------------------------------------------------


def test_findings_exit_1(folder):
    assert invoke("check", folder).exit_code == 1


def test_clean_folder_exits_0(tmp_path):
    (tmp_path / "note.txt").write_text("The Council publishes its spending over £500 every month.\n", "utf-8")
    assert invoke("check", tmp_path).exit_code == 0


def test_unreadable_file_exits_3_and_is_named(folder):
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    result = invoke("check", folder, "--format", "json")
    assert result.exit_code == 3
    assert "scan.pdf" in result.stderr and "Traceback" not in result.stderr
    statuses = {f["path"]: f["status"] for f in json.loads(result.stdout)["files"]}
    assert statuses == {"letter.txt": "findings", "scan.pdf": "error"}


def test_an_unreadable_file_is_not_hidden_by_suppressions(folder):
    assert baseline(folder).exit_code == 0
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    assert invoke("check", folder).exit_code == 3


# --- suppressions and baselines ------------------------------------------------------------------


def test_baseline_accepts_current_findings_and_the_folder_then_passes(folder):
    made = baseline(folder)
    assert made.exit_code == 0, made.stderr
    assert "added 3 suppression(s)" in made.stderr
    text = (folder / SUPPRESSIONS).read_text("utf-8")
    assert not any(secret in text.casefold() for secret in SECRETS)
    entries = yaml.safe_load(text)["suppressions"]
    assert {e["entity"] for e in entries} == {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"}
    for entry in entries:
        assert entry["fingerprint"].startswith("fp:") and entry["file"] == "letter.txt"
        assert entry["reason"] and entry["approved_by"] == "J. Reviewer" and entry["expires"] == date(2099, 12, 31)

    code, report = check_json(folder)  # the file in the checked folder applies without any option
    assert code == 0
    assert report["summary"]["suppressed"] == 3 and report["suppressions"]["unused"] == []
    assert all(f["action"] == "keep" and f["reason"].startswith("suppressed by") for f in report["files"][0]["findings"])


def test_a_new_finding_is_not_covered_by_the_baseline(folder):
    assert baseline(folder).exit_code == 0
    (folder / "letter.txt").write_text(LETTER + "Copied to Ms Harriet Okonkwo-Lyle.\n", "utf-8")
    code, report = check_json(folder)
    assert code == 1
    open_items = [f for f in report["files"][0]["findings"] if f["action"] != "keep"]
    assert [f["entity"] for f in open_items] == ["PERSON"]


def test_suppressions_survive_reflow_to_other_lines_cells_and_spellings(folder):
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(CONTACTS)
    assert baseline(folder).exit_code == 0
    _, before = check_json(folder)

    # The same values, moved: the letter gains paragraphs and reformats the number; the CSV moves rows and columns.
    moved = LETTER.replace("Dear Applicant,\n\n", "Dear Applicant,\n\nThank you for your request.\n\nWe hold:\n\n")
    (folder / "letter.txt").write_text(moved.replace("(0113) 496 0431", "0113 4960431"), "utf-8")
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["Phone", "Role", "Contact"], ["", "Caretaker", ""], ["0113 496 0431", "Records Manager", "Callum Carrick-Jones"]])
    code, after = check_json(folder)

    assert code == 0, after["files"]
    assert after["summary"]["suppressed"] == before["summary"]["suppressed"] > 0
    assert _locations(before).isdisjoint(_locations(after))  # every finding really moved


def _locations(report: dict) -> set[tuple[str, str, str]]:
    return {(f["path"], d["entity"], d["location"]["text"]) for f in report["files"] for d in f["findings"]}


def test_expired_suppression_fails_the_check_and_is_named(folder):
    assert baseline(folder).exit_code == 0
    path = folder / SUPPRESSIONS
    data = yaml.safe_load(path.read_text("utf-8"))
    data["suppressions"][0]["expires"] = date.today() - timedelta(days=1)
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")

    code, report = check_json(folder)
    assert code == 1
    (expired,) = report["suppressions"]["expired"]
    assert expired["ref"].endswith(f"{SUPPRESSIONS} entry 1") and expired["entity"] == data["suppressions"][0]["entity"]
    text = invoke("check", folder)
    assert text.exit_code == 1 and "Expired suppressions" in text.stdout and "entry 1" in text.stdout


def test_unused_suppression_is_reported_but_does_not_fail(folder):
    assert baseline(folder).exit_code == 0
    (folder / "letter.txt").write_text(LETTER.replace(", callum.carrick-jones@example.gov.uk", ""), "utf-8")
    code, report = check_json(folder)
    assert code == 0
    assert [u["entity"] for u in report["suppressions"]["unused"]] == ["EMAIL_ADDRESS"]
    assert "Unused suppressions" in invoke("check", folder).stdout


def test_suppressions_file_given_with_an_option(folder, tmp_path):
    elsewhere = tmp_path / "accepted.yaml"
    assert baseline(folder, elsewhere).exit_code == 0
    assert not (folder / SUPPRESSIONS).exists()
    assert invoke("check", folder).exit_code == 1
    assert invoke("check", folder, "--suppressions", elsewhere).exit_code == 0


def test_baseline_keeps_existing_entries_and_adds_only_new_findings(folder):
    assert baseline(folder).exit_code == 0
    (folder / "letter.txt").write_text(LETTER + "Copied to Ms Harriet Okonkwo-Lyle.\n", "utf-8")
    again = baseline(folder)
    assert again.exit_code == 0 and "added 1 suppression(s)" in again.stderr
    assert len(yaml.safe_load((folder / SUPPRESSIONS).read_text("utf-8"))["suppressions"]) == 4


@pytest.mark.parametrize(
    "args, message",
    [
        (["--baseline", "B", "--reason", "Published", "--expires", "2099-01-01"], "--approved-by"),
        (["--baseline", "B", "--approved-by", "J. Reviewer", "--expires", "2099-01-01"], "--reason"),
        (["--baseline", "B", "--approved-by", "J. Reviewer", "--reason", "Published"], "--expires"),
        (["--baseline", "B", "--approved-by", "J", "--reason", "Published", "--expires", "2001-01-01"], "in the past"),
        (["--approved-by", "J. Reviewer"], "only used with --baseline"),
    ],
)
def test_baseline_needs_who_why_and_until_when(folder, tmp_path, args, message):
    args = [str(tmp_path / "b.yaml") if a == "B" else a for a in args]
    result = invoke("check", folder, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "b.yaml").exists()


# --- the audit log -------------------------------------------------------------------------------


@pytest.fixture
def audit_log(folder, tmp_path) -> Path:
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(CONTACTS)
    result = invoke("redact", folder, "--out", tmp_path / "release")
    assert result.exit_code == 0, result.stderr
    log = tmp_path / "release" / "redactor-audit.jsonl"
    assert invoke("audit", "verify", log).exit_code == 0
    assert len(log.read_text("utf-8").splitlines()) >= 6
    return log


def _edit(lines: list[str]) -> str:
    record = json.loads(lines[2])
    record["action"] = "keep"  # a reviewer quietly un-redacting a decision
    lines[2] = json.dumps(record, separators=(",", ":"), sort_keys=True)
    return "line 3"


def _edit_and_rehash(lines: list[str]) -> str:
    record = json.loads(lines[2])
    record["exemption"] = "s31(1)(a)"
    record["hash"] = record_hash(record)  # the record itself looks consistent; the next link breaks
    lines[2] = json.dumps(record, separators=(",", ":"), sort_keys=True)
    return "line 4"


def _delete(lines: list[str]) -> str:
    del lines[2]
    return "line 3"


def _swap(lines: list[str]) -> str:
    lines[2], lines[3] = lines[3], lines[2]
    return "line 3"


@pytest.mark.parametrize("tamper", [_edit, _edit_and_rehash, _delete, _swap], ids=lambda f: f.__name__.strip("_"))
def test_tampered_audit_log_fails_verification_and_names_the_record(audit_log, tamper):
    lines = audit_log.read_text("utf-8").splitlines()
    named = tamper(lines)
    audit_log.write_text("\n".join(lines) + "\n", "utf-8")
    result = invoke("audit", "verify", audit_log)
    assert result.exit_code == 1
    assert f"{audit_log}: {named} (seq " in result.stderr
    assert "chain intact" not in result.stdout


# --- pre-commit and the documented CI examples ---------------------------------------------------


def test_pre_commit_hook_passes_supported_files_to_the_gate(folder, tmp_path):
    (hook,) = [h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8")) if h["id"] == "redactor-check"]
    assert hook["language"] == "python" and hook["entry"] == "redactor check"
    assert 'redactor = "redactor.cli:main"' in (REPO / "pyproject.toml").read_text("utf-8")
    files = re.compile(hook["files"])  # pre-commit searches it in each path relative to the repository
    for suffix in SUPPORTED_SUFFIXES:
        assert files.search(f"responses/case 1/letter{suffix}") and files.search(f"LETTER{suffix.upper()}")
    assert not any(files.search(p) for p in ("README.md", "scan.png", "policy.yaml", "letter.pdf.orig"))

    clean = tmp_path / "note.txt"
    clean.write_text("The Council publishes its spending over £500 every month.\n", "utf-8")
    argv = hook["entry"].split()[1:] + hook.get("args", [])
    assert invoke(*argv, clean).exit_code == 0
    assert invoke(*argv, clean, folder / "letter.txt").exit_code == 1


def _readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (REPO / "README.md").read_text("utf-8"), re.S)


def test_readme_ci_examples_are_valid():
    readme = (REPO / "README.md").read_text("utf-8")
    assert "## Using redactor as a CI gate" in readme
    workflows = [yaml.safe_load(block) for block in _readme_blocks("yaml")]
    (action,) = [w for w in workflows if isinstance(w, dict) and "jobs" in w]
    steps = " ".join(str(step.get("run", "")) for step in action["jobs"]["redactor"]["steps"])
    assert "redactor check" in steps and "--format sarif --output" in steps
    (example,) = [w for w in workflows if isinstance(w, dict) and "suppressions" in w]
    assert len(parse_suppressions(yaml.safe_dump(example), "README.md")) == 1
    (script,) = _readme_blocks("sh")
    assert "--format junit --output" in script
    if shutil.which("sh"):
        assert subprocess.run(["sh", "-n"], input=script, text=True).returncode == 0


def test_readme_quick_start_is_still_two_commands():
    readme = (REPO / "README.md").read_text("utf-8")
    quick = readme[readme.index("## Quick start"):readme.index("## Using it")]
    (block,) = re.findall(r"```\n(.*?)```", quick, re.S)
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]
