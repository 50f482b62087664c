"""A hostile or broken file never stops the folder: time limit, crashes, size limit, Ctrl-C, --jobs, untouched inputs."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from redactor import pipeline
from redactor.cli import app
from redactor.formats.text import TextHandler
from redactor.hashing import HashKey
from redactor.models import Status
from tests.conftest import REPO

SAMPLE = REPO / "samples" / "foi-2025-0142"
DEMO_POLICY = REPO / "samples" / "nettlecombe-policy.yaml"
LETTER = "Please contact Nadia Fairbairn on 0113 496 0431 about the firewall renewal.\n"


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftover_temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-letter.txt").write_text(LETTER, "utf-8")
    (src / "b-hangs.txt").write_text("hangs\n", "utf-8")
    (src / "c-crashes.txt").write_text("crashes\n", "utf-8")
    (src / "d-note.txt").write_text("Ms Fairbairn will reply.\n", "utf-8")
    return src


@pytest.fixture
def hostile_reader(monkeypatch):
    """The text reader hangs on b-hangs.txt and dies with SIGSEGV on c-crashes.txt (as a C library might)."""
    real = TextHandler.extract

    def extract(self, path, options):
        if path.name == "b-hangs.txt":
            time.sleep(600)
        if path.name == "c-crashes.txt":
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(self, path, options)

    monkeypatch.setattr(TextHandler, "extract", extract)  # workers are forks: they inherit it


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_that_hangs_or_crashes_is_named_and_the_rest_still_run(folder, tmp_path, engine, policy, hostile_reader, jobs):
    before = _digests(folder)
    out = tmp_path / "out"
    options = pipeline.RunOptions(redact=True, out_dir=out, jobs=jobs, max_seconds=1.5)
    started = time.monotonic()
    results = pipeline.run(pipeline.walk([folder]), policy, engine, options)
    assert time.monotonic() - started < 30
    by_name = {r.path: r for r in results}
    assert by_name["b-hangs.txt"].status is Status.ERROR and by_name["b-hangs.txt"].error == "timed out after 1.5 s"
    assert by_name["c-crashes.txt"].status is Status.ERROR and "crashed with SIGSEGV" in by_name["c-crashes.txt"].error
    assert by_name["a-letter.txt"].status is Status.REDACTED and by_name["d-note.txt"].status is Status.REDACTED
    # The name learnt from a-letter.txt still reaches d-note.txt: pass 2 ran on the folder's knowledge.
    assert "Fairbairn" not in (out / "d-note.txt").read_text("utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["a-letter.txt", "d-note.txt"]
    assert not _leftover_temp_files(out)
    assert pipeline.exit_code(results, redact=True) == 3
    assert _digests(folder) == before


def test_time_limit_and_size_limit_from_the_command_line(tmp_path, hostile_reader):
    src = tmp_path / "in"
    src.mkdir()
    (src / "b-hangs.txt").write_text("hangs\n", "utf-8")
    (src / "big.txt").write_text(LETTER * 20_000, "utf-8")  # about 1.5 MB
    (src / "small.txt").write_text(LETTER, "utf-8")
    res = CliRunner().invoke(app, ["check", str(src), "--max-seconds", "1", "--max-mb", "1", "--jobs", "1", "--quiet", "--format", "json"])
    assert res.exit_code == 3, res.output
    assert "Traceback" not in res.output
    assert "error: b-hangs.txt: timed out after 1 s" in res.stderr
    assert "error: big.txt: " in res.stderr and "1 MB" in res.stderr
    assert "small.txt" in res.stdout and "error: small.txt" not in res.stderr


def test_jobs_2_gives_the_same_decisions_and_outputs_as_jobs_1(tmp_path, engine):
    from redactor.policy import load_policy

    policy = load_policy(str(DEMO_POLICY))
    files = pipeline.walk([SAMPLE])
    key = HashKey.from_env({"REDACTOR_AUDIT_KEY": "fixed for comparison"})
    runs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        results = pipeline.run(files, policy, engine, pipeline.RunOptions(redact=True, out_dir=out, jobs=jobs, key=key))
        runs[jobs] = (
            [(r.path, r.status, r.error, [(str(d.location), d.finding.entity, d.finding.start, d.finding.end, d.action, d.value_hash) for d in r.decisions]) for r in results],
            {p.name: p.read_bytes() for p in out.iterdir() if p.suffix != ".pdf"},  # a PDF's /ID differs per save
        )
    assert runs[1] == runs[2]
    assert all(status is Status.REDACTED for _, status, _, _ in runs[1][0])


def test_serial_and_worker_runs_agree(tmp_path, engine, policy):
    files = pipeline.walk([SAMPLE])
    serial = pipeline.run(files, policy, engine, pipeline.RunOptions())
    workers = pipeline.run(files, policy, engine, pipeline.RunOptions(max_seconds=120))
    assert [(r.status, len(r.decisions), r.notes) for r in serial] == [(r.status, len(r.decisions), r.notes) for r in workers]


def _complete(path: Path) -> bool:
    """An output someone could open: a whole PDF, a whole zip package, decodable text."""
    if path.suffix == ".pdf":
        return len(PdfReader(path).pages) >= 1
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None
    path.read_text("utf-8")
    return True


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and marker in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                found.append(int(pid))
        except OSError:
            continue
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_ctrl_c_mid_run_leaves_no_partial_outputs_and_inputs_untouched(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(12):
        for f in SAMPLE.iterdir():
            shutil.copy(f, src / f"{i:02d}-{f.name}")
    before = _digests(src)
    out = tmp_path / "out"
    cmd = [str(Path(sys.executable).parent / "redactor"), "redact", str(src), "--out", str(out), "--quiet", "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        written = [p for p in out.glob("*") if p.suffix != ".jsonl" and not p.name.startswith(".")] if out.exists() else []
        if written:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr + stdout
    assert b"interrupted: " in stderr and b"no partial outputs" in stderr
    assert not _leftover_temp_files(out)
    outputs = [p for p in out.iterdir() if p.name != "redactor-audit.jsonl"]
    assert 0 < len(outputs) < 48
    assert all(_complete(p) for p in outputs)
    assert '"complete":false' in (out / "redactor-audit.jsonl").read_text("utf-8").splitlines()[-1].replace(" ", "")
    assert _digests(src) == before
    time.sleep(0.5)
    assert not _processes_mentioning(str(out)), "worker processes outlived the run"
