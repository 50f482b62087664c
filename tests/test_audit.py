"""The audit log: its records, its hash chain, appending, and detection of every kind of tampering."""
from __future__ import annotations

import hashlib
import json
import os

import pytest

from redactor.audit import GENESIS, AuditWriter, canonical, load_audit, record_hash, safe_command, verify_log
from redactor.errors import FileProcessingError
from redactor.models import FileResult, Status
from tests.reporting.sample import KEY, PLANTED, RUN_ID, TrapFinding, golden_policy, sample_results, ticking_clock, write_sample_log


def records(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def rewrite(path, lines):
    path.write_text("".join(line + "\n" for line in lines), "utf-8")


@pytest.fixture
def log(tmp_path):
    return write_sample_log(tmp_path / "redactor-audit.jsonl")


def test_a_run_is_run_start_then_decisions_and_file_records_then_run(log):
    kinds = [r["type"] for r in records(log)]
    assert kinds[0] == "run-start" and kinds[-1] == "run"
    assert kinds.count("file") == 4 and kinds.count("decision") == 9
    # Each file's decisions come just before its file record.
    assert kinds[1:6] == ["decision"] * 4 + ["file"]


def test_run_start_identifies_policy_key_reviewer_and_hides_allow_values(log):
    start = records(log)[0]
    policy = golden_policy()
    assert start["run_id"] == RUN_ID and start["tool_version"] == "0.1.0"
    assert start["policy"] == {"name": policy.name, "source": policy.source, "sha256": policy.sha256}
    assert (start["key_id"], start["key_source"]) == (KEY.key_id, "env")
    assert start["reviewer"] == "A. Officer" and start["mode"] == "redact"
    assert start["time"] == "2025-03-03T09:00:00Z"
    assert "--allow '***'" in start["command"] and PLANTED["PHONE_NUMBER"] not in start["command"]
    assert start["exemptions"]["s31(1)(a)"]["public_interest"].startswith("Transparency")


def test_decision_and_file_records_carry_the_audit_fields(log):
    decision = next(r for r in records(log) if r["type"] == "decision")
    assert decision["file"] == "letters/Response letter.pdf"
    assert decision["location"] == {"page": 1, "index": 3, "text": "page 1 #3"}
    assert (decision["entity"], decision["exemption"], decision["action"]) == ("PERSON", "s40(2)", "redact")
    assert (decision["rule"], decision["score"], decision["recognizer"]) == ("ner", 0.85, "SpacyRecognizer")
    assert decision["value_hash"] == KEY.value_hash("PERSON", PLANTED["PERSON"])
    file = next(r for r in records(log) if r["type"] == "file")
    assert file["status"] == "redacted" and file["verified"] is True and file["residue"] == 0
    assert file["input_sha256"] == "a" * 64 and file["output_sha256"] == "b" * 64
    assert file["policy"]["sha256"] == golden_policy().sha256 and file["reviewer"] == "A. Officer"
    assert file["notes"] == ["page 3 is image-only: not examined"] and file["format"] == "pdf"
    assert file["time"].endswith("Z") and file["input_root"] == "/srv/foi/case-042"


def test_closing_run_record_has_totals(log):
    run = records(log)[-1]
    assert run["complete"] is True and run["files"] == 4 and run["decisions"] == 9
    assert run["statuses"] == {"clean": 1, "error": 1, "redacted": 2}
    assert run["exemptions"] == {"s31(1)(a)": 2, "s40(2)": 3}
    assert run["actions"] == {"flag": 1, "keep": 1, "redact": 5, "remove": 2}


def test_records_are_chained_and_self_hashed(log):
    lines = log.read_text("utf-8").splitlines()
    prev = GENESIS
    for seq, line in enumerate(lines):
        record = json.loads(line)
        assert line == canonical(record)
        assert (record["seq"], record["prev"]) == (seq, prev)
        assert record["hash"] == record_hash(record)
        prev = hashlib.sha256(line.encode()).hexdigest()
    assert verify_log(log) == []


def test_no_withheld_value_is_written_and_finding_text_is_never_read(tmp_path):
    path = write_sample_log(tmp_path / "a.jsonl", TrapFinding)
    text = path.read_text("utf-8").casefold()
    assert not [v for v in PLANTED.values() if v.casefold() in text]


def test_appending_continues_the_chain_of_an_existing_log(log):
    before = log.read_text("utf-8").splitlines()
    write_sample_log(log, run_id="second-run")
    after = records(log)
    second = after[len(before)]
    assert second["type"] == "run-start" and second["seq"] == len(before)
    assert second["prev"] == hashlib.sha256(before[-1].encode()).hexdigest()
    assert verify_log(log) == []
    assert [r.run_id for r in load_audit(log).runs] == [RUN_ID, "second-run"]


def test_each_file_is_flushed_and_fsynced(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    writer = AuditWriter(tmp_path / "a.jsonl", hash_key=KEY, policy=golden_policy(), tool_version="0.1.0",
                         reviewer="r", command="redactor check in", clock=ticking_clock())
    before = len(synced)
    writer.write_file(sample_results("check")[0])
    assert len(synced) == before + 1
    assert "file" in (tmp_path / "a.jsonl").read_text("utf-8")  # on disk before close
    writer.close()


def test_an_exception_during_the_run_marks_it_incomplete(tmp_path):
    path = tmp_path / "a.jsonl"
    with pytest.raises(RuntimeError):
        with AuditWriter(path, hash_key=KEY, policy=golden_policy(), tool_version="0.1.0", reviewer="r",
                         command="redactor redact in --out out", clock=ticking_clock()) as writer:
            writer.write_file(sample_results("redact")[0])
            raise RuntimeError("disk full")
    assert records(path)[-1]["complete"] is False
    assert load_audit(path).runs[0].complete is False


def test_a_second_writer_cannot_interleave_with_an_open_one(tmp_path):
    path = tmp_path / "a.jsonl"
    kwargs = dict(hash_key=KEY, policy=golden_policy(), tool_version="0.1.0", reviewer="r", command="redactor check x")
    first = AuditWriter(path, **kwargs)
    with pytest.raises(FileProcessingError, match="in use"):
        AuditWriter(path, **kwargs)
    first.close()
    AuditWriter(path, **kwargs).close()
    assert verify_log(path) == []


def test_refuses_to_append_after_a_cut_short_write(log):
    with log.open("a", encoding="utf-8") as fh:
        fh.write('{"type":"decision","seq":')
    with pytest.raises(FileProcessingError, match="not a complete audit record"):
        write_sample_log(log, run_id="again")
    assert any("cut short" in p for p in verify_log(log))


# --- tampering ----------------------------------------------------------------------------------


def test_an_edited_record_is_named_by_line_and_seq(log):
    lines = log.read_text("utf-8").splitlines()
    lines[1] = lines[1].replace('"action":"redact"', '"action":"keep"')
    rewrite(log, lines)
    assert verify_log(log) == ["line 2 (seq 1): record was edited (its hash does not match its content)",
                               "line 3 (seq 2): does not follow line 2 (a record before it was edited, removed, inserted or moved)"]


def test_an_edited_and_rehashed_record_still_breaks_the_chain(log):
    lines = log.read_text("utf-8").splitlines()
    record = json.loads(lines[1])
    record["action"] = "keep"
    record["hash"] = record_hash(record)
    lines[1] = canonical(record)
    rewrite(log, lines)
    problems = verify_log(log)
    assert problems == ["line 3 (seq 2): does not follow line 2 (a record before it was edited, removed, inserted or moved)"]


def test_a_removed_record_is_detected(log):
    lines = log.read_text("utf-8").splitlines()
    del lines[4]
    rewrite(log, lines)
    problems = verify_log(log)
    assert any(p.startswith("line 5 (seq 5): expected seq 4") for p in problems)
    assert any("file record counts 4 decisions but 3 precede it" in p for p in problems)


def test_an_inserted_record_is_detected(log):
    lines = log.read_text("utf-8").splitlines()
    lines.insert(3, lines[2])
    rewrite(log, lines)
    assert any(p.startswith("line 4 (seq 2): expected seq 3") for p in verify_log(log))


def test_reordered_records_are_detected(log):
    lines = log.read_text("utf-8").splitlines()
    lines[1], lines[2] = lines[2], lines[1]
    rewrite(log, lines)
    problems = verify_log(log)
    assert any(p.startswith("line 2 (seq 2)") for p in problems)
    assert any(p.startswith("line 3 (seq 1)") for p in problems)


def test_records_removed_from_the_end_are_detected(log):
    lines = log.read_text("utf-8").splitlines()
    rewrite(log, lines[:-2])
    assert verify_log(log) == [
        f"line {len(lines) - 2}: the log ends inside run {RUN_ID} (from line 1): "
        "the run was interrupted or records were removed from the end"
    ]


def test_records_removed_from_the_start_are_detected(log):
    lines = log.read_text("utf-8").splitlines()
    rewrite(log, lines[1:])
    problems = verify_log(log)
    assert problems[0] == "line 1 (seq 1): is not the start of a chain (records before it were removed)"


def test_empty_and_garbled_logs(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert verify_log(empty) == ["the audit log is empty: it holds no records"]
    garbled = tmp_path / "garbled.jsonl"
    garbled.write_text("not json\n")
    assert verify_log(garbled)[0] == "line 1: not a JSON audit record"
    with pytest.raises(FileProcessingError):
        verify_log(tmp_path / "missing.jsonl")


# --- helpers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["redactor", "check", "in", "--allow", "0300 123 4567"], "redactor check in --allow '***'"),
        (["redactor", "check", "in", "--allow=jane@x.gov.uk"], "redactor check in '--allow=***'"),
        (["redactor", "redact", "in", "-a", "secret", "--password", "pw", "--out", "o"],
         "redactor redact in -a '***' --password '***' --out o"),
        ("redactor check 'my folder' --allow 'Jane Doe'", "redactor check 'my folder' --allow '***'"),
    ],
)
def test_safe_command_masks_allow_and_password_values(argv, expected):
    assert safe_command(argv) == expected


def test_load_audit_groups_runs_files_and_decisions(log):
    report = load_audit(log)
    assert report.integrity_problems == [] and len(report.head_hash) == 64
    run = report.runs[0]
    assert run.complete and run.mode == "redact" and run.reviewer == "A. Officer"
    assert [f.path for f in run.files] == [r.path for r in sample_results("redact")]
    assert [len(f.decisions) for f in run.files] == [4, 5, 0, 0]
    assert run.files[1].decisions[0].where == "Contracts!C4"


def test_an_error_result_is_logged_without_decisions(tmp_path):
    result = FileResult(path="x.pdf", status=Status.ERROR, error="cannot open: damaged file")
    path = write_sample_log(tmp_path / "a.jsonl", results=[result])
    file = [r for r in records(path) if r["type"] == "file"][0]
    assert (file["status"], file["error"], file["decisions"]) == ("error", "cannot open: damaged file", 0)


def test_worker_threads_can_share_one_writer(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "a.jsonl"
    results = sample_results("redact") * 25
    with AuditWriter(path, hash_key=KEY, policy=golden_policy(), tool_version="0.1.0", reviewer="r",
                     command="redactor redact in --out out --jobs 8") as writer:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(writer.write_file, results))
    assert verify_log(path) == []
    assert records(path)[-1]["files"] == len(results)
