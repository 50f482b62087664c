"""pdf.js and Apache POI test files (malformed, encrypted, bombs, XXE): every file is processed or named with a reason.

`check` and `redact` run over both folders with the passwords their SOURCE.md gives; nothing
raises, nothing hangs, the inputs are untouched, and a file without a verified output is named.
Skipped where ../shared is absent.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from redactor import pipeline
from redactor.formats.base import ReadOptions
from redactor.models import Status
from tests.conftest import shared_path

# Passwords as SOURCE.md states them. saslprep-r6.pdf is given raw: it opens only after SASLprep.
PASSWORDS = {
    "pr6531_1.pdf": "asdfasdf",
    "pr6531_2.pdf": "asdfasdf",
    "issue6010_1.pdf": "abc",
    "issue6010_2.pdf": "æøå",
    "saslprep-r6.pdf": "S\u00aaSL\u00adprep",
    "issue3371.pdf": "ELXRTQWS",
    "encrypted-attachment.pdf": "000000",
    "protected_passtika.xlsx": "tika",
    "protect.xlsx": "VelvetSweatshop",
    "protected_sha512.xlsx": "this is a test",
    "bug53475-password-is-pass.docx": "pass",
    "protected_agile.docx": "VelvetSweatshop",
}
# msoffcrypto-tool cannot decrypt it (SOURCE.md): the error must say so, not ask for a password.
UNDECRYPTABLE = {"bug53475-password-is-pass.docx"}
# Hostile files that must be refused, and a word the one-line reason must hold.
REFUSED = {
    "poc-xmlbomb.xlsx": ("bomb", "dtd"),
    "54764.xlsx": ("dtd", "bomb"),
    "xxe_in_schema.xlsx": ("external",),
    "ExternalEntityInText.docx": ("dtd", "entit"),
    "duplicate-filename.xlsx": ("duplicate",),
    "invalid.xlsx": ("content_types", "package", "zip"),
    "truncated62886.docx": ("zip",),
    "poc-shared-strings.xlsx": ("crafted", "limit", "bomb"),
    "sample.strict.xlsx": ("strict",),
    "bug1020226.pdf": ("pdf", "pages"),
    "Pages-tree-refs.pdf": ("pdf",),
}
PER_FILE_SECONDS = 60


def _corpus() -> list[pipeline.InputFile]:
    folders = [shared_path("corpus", "external", "pdfjs"), shared_path("corpus", "external", "poi")]
    return [f for f in pipeline.walk(folders) if f.path.name != "SOURCE.md"]


def _digests(files: list[pipeline.InputFile]) -> dict[str, str]:
    return {f.path.name: hashlib.sha256(f.path.read_bytes()).hexdigest() for f in files}


def _assert_named(results, files) -> None:
    assert [r.path for r in results] == [f.rel.as_posix() for f in files]
    for r in results:
        assert r.status in (Status.CLEAN, Status.FINDINGS, Status.REDACTED, Status.ERROR)
        if r.status is Status.ERROR:
            assert r.error and "\n" not in r.error and "Traceback" not in r.error, r
    by_name = {r.path: r for r in results}
    for name, words in REFUSED.items():
        r = by_name[name]
        assert r.status is Status.ERROR and any(w in r.error.lower() for w in words), (name, r.error)


@pytest.fixture(scope="module")
def corpus():
    files = _corpus()
    return files, _digests(files)


def _options(**kw) -> pipeline.RunOptions:
    return pipeline.RunOptions(jobs=2, max_seconds=PER_FILE_SECONDS, read=ReadOptions(passwords=list(PASSWORDS.values())), **kw)


def test_check_names_every_file_and_opens_the_encrypted_ones(corpus, engine, policy):
    files, before = corpus
    started = time.monotonic()
    results = pipeline.run(files, policy, engine, _options())
    assert time.monotonic() - started < 60
    _assert_named(results, files)
    by_name = {r.path: r for r in results}
    for name in PASSWORDS:
        r = by_name[name]
        if name in UNDECRYPTABLE:
            assert r.status is Status.ERROR and "could not be decrypted" in r.error, (name, r.error)
        else:
            assert r.status is not Status.ERROR or "password" not in r.error, (name, r.error)
    assert pipeline.exit_code(results, redact=False) == 3
    assert _digests(files) == before


def test_encrypted_files_without_a_password_ask_for_one(corpus, engine, policy):
    files, _ = corpus
    encrypted = [f for f in files if f.path.name in PASSWORDS and f.path.name != "issue9972-3.pdf"]
    results = pipeline.run(encrypted, policy, engine, pipeline.RunOptions(jobs=2, max_seconds=PER_FILE_SECONDS))
    for r in results:
        assert r.status is Status.ERROR and "encrypted" in r.error and "\n" not in r.error, (r.path, r.error)


def test_redact_writes_only_verified_outputs_and_names_the_rest(corpus, engine, policy, tmp_path):
    files, before = corpus
    out = tmp_path / "out"
    started = time.monotonic()
    results = pipeline.run(files, policy, engine, _options(redact=True, out_dir=out))
    assert time.monotonic() - started < 60
    _assert_named(results, files)
    for f, r in zip(files, results):
        target = out / f.rel
        if r.status is Status.REDACTED:
            assert r.verified is True and target.is_file(), r.path
            assert hashlib.sha256(target.read_bytes()).hexdigest() == r.output_sha256
        else:
            assert r.status is Status.ERROR and not target.exists(), (r.path, r.status)
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    assert sum(r.status is Status.REDACTED for r in results) >= len(files) // 2
    assert _digests(files) == before


def test_password_file_opens_encrypted_pdf_xlsx_and_docx_from_the_cli(tmp_path):
    from typer.testing import CliRunner

    from redactor.cli import app

    names = ["pr6531_2.pdf", "protected_passtika.xlsx", "protected_agile.docx"]
    paths = [str(shared_path("corpus", "external", "pdfjs" if n.endswith(".pdf") else "poi", n)) for n in names]
    secrets = tmp_path / "passwords.txt"
    secrets.write_text("\n".join(PASSWORDS[n] for n in names) + "\n", "utf-8")
    res = CliRunner().invoke(app, ["check", *paths, "--password-file", str(secrets), "--quiet", "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    assert "encrypted" not in res.stderr
    without = CliRunner().invoke(app, ["check", *paths, "--quiet", "--format", "json"])
    assert without.exit_code == 3
    assert sorted(line.split(": ")[1] for line in without.stderr.splitlines()) == sorted(names)
    assert all(line.endswith("encrypted: give --password") for line in without.stderr.splitlines())
