"""Mutated sample files (bit flips, truncation, inserted and deleted bytes) never crash a run or leave an unverified output."""
from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from redactor import pipeline
from redactor.cli import app
from redactor.models import Status
from tests.conftest import REPO

SAMPLE = REPO / "samples" / "foi-2025-0142"
ORIGINALS = {name: (SAMPLE / name).read_bytes() for name in ("response-letter.pdf", "contracts-register.xlsx")}


def _mutate(draw, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[pos : pos + draw(st.integers(1, 64))]
    return bytes(data)


def _mutate_a_part(draw, package: bytes) -> bytes:
    """Damage one XML part inside an intact zip, so the XML and Office readers see it, not just zipfile."""
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    target = draw(st.sampled_from([name for name, _ in parts]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts:
            zf.writestr(name, _mutate(draw, body) if name == target else body)
    return buf.getvalue()


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(ORIGINALS)))
    if name.endswith(".xlsx") and draw(st.booleans()):
        return name, _mutate_a_part(draw, ORIGINALS[name])
    return name, _mutate(draw, ORIGINALS[name])


def _run(engine, policy, name: str, data: bytes, workers: bool):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        (src / name).write_bytes(data)
        options = pipeline.RunOptions(redact=True, out_dir=out, max_seconds=60 if workers else None)
        (result,) = pipeline.run(pipeline.walk([src]), policy, engine, options)
        output = out / name
        assert hashlib.sha256((src / name).read_bytes()).digest() == hashlib.sha256(data).digest()  # input untouched
        leftovers = [p.name for p in out.rglob("*.part")] if out.exists() else []
        return result, output.exists(), leftovers


@settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated(), workers=st.booleans())
def test_mutated_files_end_in_a_verified_output_or_a_named_error(engine, policy, case, workers):
    name, data = case
    result, has_output, leftovers = _run(engine, policy, name, data, workers)
    assert not leftovers
    assert pipeline.exit_code([result], redact=True) in (0, 1, 3)
    if result.status is Status.REDACTED:
        assert result.verified is True and has_output
    else:
        assert result.status is Status.ERROR and not has_output  # no output exists without verification
        assert result.error and "\n" not in result.error and "Traceback" not in result.error


def test_truncated_pdf_and_damaged_workbook_through_the_cli(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    pdf, xlsx = ORIGINALS["response-letter.pdf"], bytearray(ORIGINALS["contracts-register.xlsx"])
    (src / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    xlsx[len(xlsx) // 2 : len(xlsx) // 2 + 200] = bytes(200)  # zeroes over compressed data: CRC errors
    (src / "damaged.xlsx").write_bytes(bytes(xlsx))
    (src / "fine.csv").write_bytes((SAMPLE / "contracts-export.csv").read_bytes())
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["redact", str(src), "--out", str(out), "--quiet", "--jobs", "2"])
    assert res.exit_code in (1, 3), res.output
    assert "Traceback" not in res.output
    for line in res.stderr.splitlines():
        assert line.startswith("error: ") and line.count(": ") >= 2
    outputs = {p.name for p in out.iterdir()} - {"redactor-audit.jsonl"}
    assert "fine.csv" in outputs
    assert not any(name.endswith(".part") for name in outputs)
    errors = {line.split(": ")[1] for line in res.stderr.splitlines()}
    assert errors.isdisjoint(outputs)  # a file named as failed has no output
