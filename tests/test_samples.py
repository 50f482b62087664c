"""The invented sample case opens with independent readers, holds its planted values, and regenerates stably."""
from __future__ import annotations

import csv
import importlib.util
import io
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "samples" / "make_samples.py"
COMMITTED = REPO / "samples" / "foi-2025-0142"
FILES = ("response-letter.pdf", "contracts-register.xlsx", "contracts-export.csv", "briefing-note.docx")
# Ofcom numbers reserved for drama, as national significant numbers (no leading 0).
DRAMA_PREFIXES = ("1632960", "1134960", "2079460", "7700900")


def _load_script():
    spec = importlib.util.spec_from_file_location("make_samples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


def _generate(out: Path) -> Path:
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory.mktemp("first"))


@pytest.fixture(scope="module")
def labels() -> dict:
    return _load_script().build_labels()


# ---------------------------------------------------------------- independent readers

def _pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    pages = [page.extract_text() for page in reader.pages]
    meta = [str(v) for v in (reader.metadata or {}).values()]
    return "\n".join(pages + meta)


def _ooxml_parts(path: Path) -> dict[str, ElementTree.Element]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        return {name: ElementTree.fromstring(zf.read(name))
                for name in zf.namelist() if name.endswith((".xml", ".rels", ".vml"))}


def _ooxml_text(path: Path) -> str:
    """Text of every XML part: runs of a paragraph or string item joined, plus every attribute value."""
    pieces = []
    for root in _ooxml_parts(path).values():
        for el in root.iter():
            local = el.tag.rsplit("}", 1)[-1]
            if local in ("p", "si", "is", "text"):
                pieces.append("".join(el.itertext()))
            if el.text and el.text.strip():
                pieces.append(el.text)
            pieces.extend(el.attrib.values())
    return "\n".join(pieces)


def _csv_text(path: Path) -> str:
    with path.open(newline="", encoding="utf-8") as fh:
        return "\n".join(cell for row in csv.reader(fh) for cell in row)


def _read(path: Path) -> str:
    if path.suffix == ".pdf":
        return _pdf_text(path)
    if path.suffix in (".xlsx", ".docx"):
        return _ooxml_text(path)
    return _csv_text(path)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2013", "-")
    return re.sub(r"\s+", " ", text).casefold()


def _nsn(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    digits = re.sub(r"^(0044|44)", "", digits) if phone.strip().startswith(("+", "00")) else digits
    return digits.removeprefix("0")


def _present(label: dict, haystack: str) -> bool:
    if label.get("kind") == "phone":
        runs = re.findall(r"\d[\d \-.()/+]*\d", haystack)
        return any(_nsn(label["text"]) in re.sub(r"\D", "", run) for run in runs)
    needle = re.escape(_norm(label["text"]))
    left = "" if label.get("kind") in ("email", "mailbox") else r"(?<![\w])"
    return re.search(left + needle + r"(?![\w])", _norm(haystack)) is not None


# ---------------------------------------------------------------- tests

def test_generated_files_open_with_independent_readers(sample):
    assert sorted(p.name for p in sample.iterdir()) == sorted(FILES)
    assert len(PdfReader(sample / "response-letter.pdf").pages) >= 1
    for name in ("contracts-register.xlsx", "briefing-note.docx"):
        parts = _ooxml_parts(sample / name)
        assert "[Content_Types].xml" in parts
    with (sample / "contracts-export.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "Category" and len({len(r) for r in rows}) == 1 and len(rows) == 7


@pytest.mark.parametrize("name", FILES)
def test_every_withheld_and_kept_value_is_planted(sample, labels, name):
    haystack = _read(sample / name)
    spec = labels["files"][name]
    missing = [lab["text"] for lab in spec["must_remove"] + spec["must_keep"] if not _present(lab, haystack)]
    assert missing == []
    assert len(spec["must_remove"]) >= 10


def test_staff_names_hide_in_metadata_comments_hidden_sheet_and_headers(sample):
    assert PdfReader(sample / "response-letter.pdf").metadata.author == "Rachel Underwood"

    xlsx = _ooxml_parts(sample / "contracts-register.xlsx")
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    states = {s.get("name"): s.get("state") for s in xlsx["xl/workbook.xml"].iterfind(".//m:sheet", ns)}
    assert states == {"Register": "visible", "Contacts": "hidden"}
    assert "Daniel Kowalczyk" in "".join(xlsx["xl/worksheets/sheet2.xml"].itertext())
    assert "Gareth Pembridge" in "".join(xlsx["xl/comments/comment1.xml"].itertext())
    core = "".join(xlsx["docProps/core.xml"].itertext())
    assert "Priya Ramanathan" in core and "Rachel Underwood" in core

    docx = _ooxml_parts(sample / "briefing-note.docx")
    assert "helen.marchetti@nettlecombe.gov.uk" in "".join(docx["word/header1.xml"].itertext())
    assert "r.underwood@nettlecombe.gov.uk" in "".join(docx["word/footer1.xml"].itertext())
    assert "Helen Marchetti" in "".join(docx["docProps/core.xml"].itertext())


def test_register_stores_real_numbers_and_dates(sample):
    sheet = _ooxml_parts(sample / "contracts-register.xlsx")["xl/worksheets/sheet1.xml"]
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    cells = {c.get("r"): c for c in sheet.iterfind(".//m:c", ns)}
    for ref, value in (("E2", "62340"), ("F2", "44652"), ("G2", "46112")):
        assert cells[ref].get("t") in (None, "n")
        assert cells[ref].find("m:v", ns).text == value


def test_phone_numbers_come_only_from_drama_ranges(labels):
    phones = [lab["text"] for spec in labels["files"].values()
              for lab in spec["must_remove"] + spec["must_keep"] if lab["kind"] == "phone"]
    numbers = [p for p in phones if not p.startswith("ext.")]
    assert numbers and all(_nsn(p).startswith(DRAMA_PREFIXES) for p in numbers)


def test_regeneration_is_byte_identical(sample, tmp_path):
    again = _generate(tmp_path / "again")
    assert (again / "contracts-export.csv").read_bytes() == (sample / "contracts-export.csv").read_bytes()
    with zipfile.ZipFile(sample / "contracts-register.xlsx") as a, \
            zipfile.ZipFile(again / "contracts-register.xlsx") as b:
        assert a.read("xl/worksheets/sheet1.xml") == b.read("xl/worksheets/sheet1.xml")
    for name in FILES:
        assert (again / name).read_bytes() == (sample / name).read_bytes(), name


def _package_contents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.skipif(not COMMITTED.is_dir(), reason="committed sample output not present")
def test_committed_samples_match_the_script(sample):
    # Compare decompressed package members, not zip bytes: deflate output may vary with the zlib build.
    for name in FILES:
        new, old = sample / name, COMMITTED / name
        if name.endswith((".xlsx", ".docx")):
            assert _package_contents(new) == _package_contents(old), name
        else:
            assert new.read_bytes() == old.read_bytes(), name
