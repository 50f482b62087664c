"""x-ray's bad redactions: `check` names each fake box, `redact` turns it into a true redaction.

The covered text is found with pdfminer (not the library that writes), and after `redact` it
must be readable by neither pypdf nor pdfminer. Skipped where ../shared is absent.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine
from pypdf import PdfReader
from typer.testing import CliRunner

from redactor.cli import app
from redactor.formats import pdf
from redactor.formats.base import ReadOptions
from tests.conftest import shared_path

BAD = ["rectangles_yes.pdf", "rectangles_yes_2.pdf", "bad_cross_hatched_redactions.pdf", "hidden_text_on_visible_text.pdf"]


def _chars(path: Path):
    for page_no, layout in enumerate(extract_pages(str(path)), start=1):
        height = layout.height
        for box in layout:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                if isinstance(line, LTTextLine):
                    for ch in line:
                        if isinstance(ch, LTChar):
                            x0, y0, x1, y1 = ch.bbox  # pdfminer: origin bottom-left
                            yield page_no, ch.get_text(), ((x0 + x1) / 2, height - (y0 + y1) / 2)


def covered_words(path: Path, rects: dict[int, list[tuple]]) -> set[str]:
    """Words (2+ letters or digits) whose characters all sit under a fake box and appear nowhere else."""
    inside, outside = [], []
    for page, text, (cx, cy) in _chars(path):
        hit = any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects.get(page, []))
        inside.append(text if hit else " ")
        outside.append(" " if hit else text)
    under = {w for w in re.findall(r"[A-Za-z0-9]{2,}", "".join(inside))}
    elsewhere = set(re.findall(r"[A-Za-z0-9]{2,}", "".join(outside)))
    return under - elsewhere


def fake_rects(path: Path) -> dict[int, list[tuple]]:
    doc = pdf.HANDLER.extract(path, ReadOptions())
    rects: dict[int, list[tuple]] = {}
    for item in doc.hidden:
        if item.entity == "FAKE_REDACTION" and getattr(item.ref, "rect", None):
            rects.setdefault(item.location.page, []).append(tuple(item.ref.rect))
    return rects


def run(*args: str):
    return CliRunner().invoke(app, [*args, "--quiet", "--jobs", "1"])


@pytest.fixture(scope="module")
def xray_copy(tmp_path_factory) -> Path:
    src = shared_path("corpus", "external", "x-ray")
    dst = tmp_path_factory.mktemp("xray") / "bad"
    dst.mkdir()
    for name in BAD:
        shutil.copy(src / name, dst / name)
    return dst


def test_check_reports_a_fake_redaction_in_each_bad_file(xray_copy):
    res = run("check", str(xray_copy), "--format", "json")
    assert res.exit_code == 1
    files = {f["path"]: f for f in json.loads(res.stdout)["files"]}
    for name in BAD:
        assert any(x["entity"] == "FAKE_REDACTION" for x in files[name]["findings"]), name


def test_redact_leaves_no_fake_redaction_and_covered_text_unreadable(xray_copy, tmp_path):
    out = tmp_path / "out"
    res = run("redact", str(xray_copy), "--out", str(out))
    assert res.exit_code == 0, res.output
    recheck = run("check", str(out), "--format", "json")
    for entry in json.loads(recheck.stdout)["files"]:
        assert not [f for f in entry["findings"] if f["entity"] == "FAKE_REDACTION"], entry["path"]
    for name in BAD:
        words = covered_words(xray_copy / name, fake_rects(xray_copy / name))
        assert words, f"{name}: expected some text under the fake boxes"
        after_pdfminer = extract_text(str(out / name))
        after_pypdf = " ".join(p.extract_text() or "" for p in PdfReader(str(out / name)).pages)
        for word in words:
            assert not re.search(rf"\b{word}\b", after_pdfminer), (name, "pdfminer")
            assert not re.search(rf"\b{word}\b", after_pypdf), (name, "pypdf")
