"""The CLI contract CI relies on: exit codes, JSON shape, no plaintext, inputs untouched."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redactor.cli import app

LETTER = (
    "Dear Applicant,\n\nThe firewall contract is held with Computacenter at an annual cost of £59,070. "
    "The responsible officer is Mr Callum Carrick-Jones ((0113) 496 0431, callum.carrick-jones@example.gov.uk).\n\n"
    "Please contact the Digital Services Team (digital@example.gov.uk, telephone 0113 496 0000).\n\n"
    "Yours sincerely,\nNadia Fairbairn\nFOI Officer\n"
)
SECRETS = ["Carrick-Jones", "0431", "callum.carrick-jones@", "Computacenter", "59,070", "Nadia Fairbairn"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "response"
    src.mkdir()
    (src / "letter.txt").write_text(LETTER, "utf-8")
    return src


def invoke(*args: str):
    return CliRunner().invoke(app, [*args, "--quiet"])


def test_check_exits_1_and_lists_findings_without_values(folder):
    res = invoke("check", str(folder), "--format", "json", "--allow", "0113 496 0000")
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    (entry,) = data["files"]
    assert entry["path"] == "letter.txt" and entry["status"] == "findings" and entry["error"] is None
    entities = {f["entity"] for f in entry["findings"]}
    assert {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "SECURITY_DETAIL"} <= entities
    for f in entry["findings"]:
        assert {"entity", "exemption", "action", "rule", "score", "location"} <= set(f)
    for secret in SECRETS:
        assert secret not in res.stdout


def test_redact_then_check_output_is_clean(folder, tmp_path):
    before = (folder / "letter.txt").read_bytes()
    out = tmp_path / "release"
    res = invoke("redact", str(folder), "--out", str(out), "--allow", "0113 496 0000")
    assert res.exit_code == 0, res.output
    assert (folder / "letter.txt").read_bytes() == before  # input untouched
    text = (out / "letter.txt").read_text("utf-8")
    for secret in SECRETS:
        assert secret not in text
    assert "digital@example.gov.uk" in text and "0113 496 0000" in text and "[Redacted s40(2)]" in text
    # Keyed hashes are random hex: a short digit run such as "0431" can occur in them by chance.
    log = re.sub(r"[0-9a-f]{16,}", "<hex>", (out / "redactor-audit.jsonl").read_text("utf-8"))
    for secret in SECRETS:
        assert secret not in log
    assert invoke("check", str(out), "--allow", "0113 496 0000").exit_code == 0
    assert not [p for p in out.rglob("*.part")]


def test_unreadable_file_exits_3_names_it_and_others_still_processed(folder, tmp_path):
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "release"
    res = invoke("redact", str(folder), "--out", str(out))
    assert res.exit_code == 3
    assert "broken.pdf" in res.stderr and "photo.png" in res.stderr
    assert "Traceback" not in res.output + res.stderr
    assert (out / "letter.txt").is_file()
    assert not (out / "broken.pdf").exists()


def test_clean_folder_exits_0(tmp_path):
    src = tmp_path / "clean"
    src.mkdir()
    (src / "note.txt").write_text("The Council publishes its spending over £500 every month.\n", "utf-8")
    assert invoke("check", str(src)).exit_code == 0


def test_invalid_policy_exits_2(folder, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nentities: {PERSON: {exemption: 's40(2)', action: shred}}\n", "utf-8")
    res = invoke("check", str(folder), "--policy", str(bad))
    assert res.exit_code == 2 and "entities.PERSON.action" in res.stderr


def test_missing_path_exits_2(tmp_path):
    assert invoke("check", str(tmp_path / "nope")).exit_code == 2


def test_help_lists_commands():
    res = CliRunner().invoke(app, ["--help"])
    assert res.exit_code == 0
    for word in ("check", "redact", "report", "audit"):
        assert word in res.stdout


def _scanned_pdf(path: Path) -> Path:
    import pymupdf  # the fixture writer; the assertions below read only exit codes and the output folder

    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    doc.save(path)
    return path


def test_redact_fails_closed_on_an_image_only_page_it_could_not_examine(folder, tmp_path):
    _scanned_pdf(folder / "scan.pdf")
    out = tmp_path / "release"
    res = invoke("redact", str(folder), "--out", str(out), "--allow", "0113 496 0000")
    assert res.exit_code == 3, res.output
    assert "scan.pdf" in res.stderr and "image-only" in res.stderr and "Traceback" not in res.output + res.stderr
    assert not (out / "scan.pdf").exists() and (out / "letter.txt").is_file()


def test_an_image_only_page_is_released_only_when_the_policy_says_keep(folder, tmp_path):
    _scanned_pdf(folder / "scan.pdf")
    policy = tmp_path / "keep-scans.yaml"
    policy.write_text("extends: foi\nhidden_data:\n  IMAGE_ONLY_PAGE: keep\n", "utf-8")
    out = tmp_path / "release"
    res = invoke("redact", str(folder), "--out", str(out), "--policy", str(policy), "--allow", "0113 496 0000")
    assert res.exit_code == 0, res.output
    assert (out / "scan.pdf").is_file()
