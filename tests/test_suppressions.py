"""Suppressions: validation with clear errors, content-keyed matching, expiry, use tracking, baselines."""
from __future__ import annotations

from datetime import date

import pytest

from redactor.errors import PolicyError
from redactor.hashing import fingerprint
from redactor.models import Action, Decision, FileResult, Finding, Location, Status
from redactor.suppressions import (
    DEFAULT_NAME,
    BaselineRequest,
    Entry,
    Suppressions,
    baseline_entries,
    find_suppressions,
    load_suppressions,
    parse_suppressions,
    write_baseline,
    write_suppressions,
)

TODAY = date(2025, 6, 1)
JANE = fingerprint("PERSON", "Jane Smith")

VALID = f"""\
version: 1
suppressions:
  - fingerprint: "{JANE}"
    entity: PERSON
    file: "letters/*.pdf"
    reason: Named in the published organisation chart
    approved_by: J. Reviewer
    expires: 2025-12-31
  - fingerprint: "{fingerprint('HOSTNAME', 'www.example.gov.uk')}"
    entity: HOSTNAME
    reason: Public website
    approved_by: J. Reviewer
    expires: "2025-05-31"
"""


def sup(text=VALID):
    return parse_suppressions(text, ".redactor-suppressions.yaml")


def decision(entity="PERSON", value="Jane Smith", action=Action.REDACT, with_fp=True):
    finding = Finding(segment=0, start=0, end=len(value), entity=entity, score=0.9, rule="ner", recognizer="r", text=value)
    return Decision(finding, action, "s40(2)", "[Redacted s40(2)]", location=Location(page=1),
                    fingerprint=fingerprint(entity, value) if with_fp else "")


def result(path="letters/reply.pdf", *decisions, status=Status.FINDINGS):
    return FileResult(path=path, status=status, decisions=list(decisions))


# --- loading -------------------------------------------------------------------------------------


def test_loads_entries_with_dates_quoted_or_not(tmp_path):
    path = tmp_path / DEFAULT_NAME
    path.write_text(VALID, "utf-8")
    assert find_suppressions(tmp_path) == path
    loaded = load_suppressions(path)
    assert len(loaded) == 2
    first, second = loaded.entries
    assert (first.entity, first.file, first.expires, first.number) == ("PERSON", "letters/*.pdf", date(2025, 12, 31), 1)
    assert second.expires == date(2025, 5, 31) and second.file is None
    assert first.ref == f"{path} entry 1"


def test_an_empty_file_has_no_entries():
    assert len(sup("")) == 0


def test_a_folder_without_a_suppressions_file_has_none(tmp_path):
    assert find_suppressions(tmp_path) is None


@pytest.mark.parametrize(
    "change, message",
    [
        (("    approved_by: J. Reviewer\n    expires: 2025-12-31\n", "    expires: 2025-12-31\n"),
         "entry 1: approved_by: Field required"),
        ((f'"{JANE}"', '"Jane Smith"'), "entry 1: fingerprint: must look like fp:<32 hex digits>"),
        (("entity: PERSON", "entity: person"), "entry 1: entity: must be an UPPER_SNAKE_CASE entity name"),
        (('expires: "2025-05-31"', "expires: 31/05/2025"), "entry 2: expires: give a date as YYYY-MM-DD"),
        (('expires: "2025-05-31"', "expires: 20250531"), "entry 2: expires: give a date as YYYY-MM-DD"),
        (("    reason: Public website\n", "    reason: Public website\n    note: extra\n"),
         "entry 2: note: Extra inputs are not permitted"),
        (("reason: Public website", "reason: ok"), "entry 2: reason: String should have at least 3 characters"),
    ],
)
def test_validation_errors_name_file_entry_and_key(change, message):
    with pytest.raises(PolicyError) as err:
        sup(VALID.replace(*change))
    assert str(err.value).startswith(f".redactor-suppressions.yaml: {message}")


def test_structural_errors(tmp_path):
    with pytest.raises(PolicyError, match=r"^\.redactor-suppressions\.yaml: line \d+: is not valid YAML$"):
        sup("suppressions:\n  - [unclosed\n")
    with pytest.raises(PolicyError, match="must be a mapping"):
        sup("- just a list\n")
    with pytest.raises(PolicyError, match="entry 3 duplicates entry 1"):
        first = VALID.split("  - fingerprint")[1]
        sup(VALID + "  - fingerprint" + first)
    with pytest.raises(PolicyError, match="not found"):
        load_suppressions(tmp_path / "missing.yaml")


# --- matching ------------------------------------------------------------------------------------


def test_matches_by_content_not_position_or_spelling():
    s = sup()
    for value in ("Jane Smith", "JANE  SMITH", " jane smith "):
        assert s.match("PERSON", fingerprint("PERSON", value), "letters/reply.pdf", TODAY) is s.entries[0]
    assert s.match("PERSON", fingerprint("PERSON", "John Smith"), "letters/reply.pdf", TODAY) is None
    assert s.match("EMAIL_ADDRESS", JANE, "letters/reply.pdf", TODAY) is None


def test_file_glob_limits_where_an_entry_applies():
    s = sup()
    assert s.match("PERSON", JANE, "letters/2025/reply.pdf", TODAY) is not None  # fnmatch '*' crosses folders
    assert s.match("PERSON", JANE, "contracts/reply.pdf", TODAY) is None
    assert s.match("PERSON", JANE, "letters/reply.docx", TODAY) is None
    by_name = Suppressions([Entry(JANE, "PERSON", "why", "me", date(2030, 1, 1), file="*.pdf")])
    assert by_name.match("PERSON", JANE, "deep/folder/x.pdf", TODAY) is not None


def test_expiry_day_still_suppresses_and_the_day_after_does_not():
    s = sup()
    host = fingerprint("HOSTNAME", "www.example.gov.uk")
    assert s.match("HOSTNAME", host, "any.csv", date(2025, 5, 31)) is not None
    assert s.match("HOSTNAME", host, "any.csv", date(2025, 6, 1)) is None
    assert s.expired(date(2025, 6, 1)) == [s.entries[1]]
    assert s.expired(date(2025, 5, 31)) == []


def test_unused_lists_entries_nothing_matched():
    s = sup()
    assert s.unused() == list(s.entries)
    s.match("PERSON", JANE, "letters/a.pdf", TODAY)
    assert s.unused() == [s.entries[1]]


# --- apply ---------------------------------------------------------------------------------------


def test_apply_keeps_suppressed_values_and_clears_the_file():
    s = sup()
    outcome = s.apply([result("letters/reply.pdf", decision())], None, TODAY)
    [only] = outcome.results
    assert only.status == Status.CLEAN
    assert only.decisions[0].action == Action.KEEP
    assert only.decisions[0].reason == (
        "suppressed by .redactor-suppressions.yaml entry 1: Named in the published organisation chart"
        " (approved by J. Reviewer, until 2025-12-31)"
    )
    assert outcome.suppressed == {"PERSON": 1} and outcome.suppressed_total == 1
    assert outcome.expired == [s.entries[1]]  # the HOSTNAME entry expired on 2025-05-31
    assert outcome.unused == [s.entries[1]]


def test_apply_leaves_other_findings_and_fails_the_file():
    outcome = sup().apply([result("letters/reply.pdf", decision(), decision(value="Tom Jones"))], None, TODAY)
    [only] = outcome.results
    assert only.status == Status.FINDINGS
    assert [d.action for d in only.decisions] == [Action.KEEP, Action.REDACT]


def test_expired_entries_do_not_suppress():
    text = VALID.replace("expires: 2025-12-31", "expires: 2025-01-01")
    outcome = sup(text).apply([result("letters/reply.pdf", decision())], None, TODAY)
    assert outcome.results[0].status == Status.FINDINGS and outcome.suppressed == {}
    assert len(outcome.expired) == 2
    assert outcome.unused == [outcome.expired[1]]  # the matched-but-expired entry is not "unused"


def test_apply_takes_fingerprints_from_the_mapping_when_decisions_have_none():
    d = decision(with_fp=False)
    assert sup().apply([result("letters/r.pdf", d)], None, TODAY).results[0].status == Status.FINDINGS
    outcome = sup().apply([result("letters/r.pdf", d)], {id(d): JANE}, TODAY)
    assert outcome.results[0].status == Status.CLEAN


def test_apply_does_not_touch_its_input():
    original = result("letters/reply.pdf", decision())
    sup().apply([original], None, TODAY)
    assert original.status == Status.FINDINGS and original.decisions[0].action == Action.REDACT


# --- baseline ------------------------------------------------------------------------------------


def test_baseline_round_trip_suppresses_exactly_what_was_found(tmp_path):
    found = [
        result("letters/a[1].pdf", decision(), decision(), decision(value="Tom Jones")),
        result("letters/b.pdf", decision(), decision("PHONE_NUMBER", "0300 123 4567", Action.KEEP)),
    ]
    entries = baseline_entries(found, approved_by="J. Reviewer", reason="baseline of the 2025 release",
                               expires=date(2025, 12, 31))
    assert len(entries) == 3  # duplicates merged, KEEP decisions skipped
    path = tmp_path / DEFAULT_NAME
    added = write_suppressions(path, entries)
    assert added == entries
    text = path.read_text("utf-8")
    assert "Jane" not in text and "Tom" not in text and "0300" not in text
    loaded = load_suppressions(path)
    outcome = loaded.apply(found, None, TODAY)
    assert [r.status for r in outcome.results] == [Status.CLEAN, Status.CLEAN]
    # The glob-escaped file name matches that file only.
    assert loaded.match("PERSON", JANE, "letters/a1.pdf", TODAY) is None


def test_rebaselining_keeps_existing_entries_and_adds_only_new_ones(tmp_path):
    path = tmp_path / DEFAULT_NAME
    path.write_text(VALID, "utf-8")
    existing = load_suppressions(path)
    new = baseline_entries([result("x.pdf", decision(value="Tom Jones"))], approved_by="me", reason="accepted",
                           expires=date(2026, 1, 1), per_file=False)
    again = baseline_entries([result("letters/y.pdf", decision())], approved_by="me", reason="accepted",
                             expires=date(2026, 1, 1), per_file=False)
    assert write_suppressions(path, new + again, existing=existing) == new + again
    reloaded = load_suppressions(path)
    assert len(reloaded) == 4 and reloaded.entries[0].reason == "Named in the published organisation chart"
    assert write_suppressions(path, new, existing=reloaded) == []


def test_written_file_is_plain_yaml_without_anchors(tmp_path):
    # Entries share one expiry date object; a reviewer editing the file must not meet &id001/*id001.
    entries = baseline_entries([result("a.pdf", decision(), decision(value="Tom Jones"))], approved_by="me",
                               reason="accepted", expires=date(2026, 1, 1))
    path = tmp_path / DEFAULT_NAME
    write_suppressions(path, entries)
    text = path.read_text("utf-8")
    assert "&" not in text and "*" not in text and text.count("expires: 2026-01-01") == 2


def test_baseline_request_is_checked_before_anything_runs(tmp_path):
    path = tmp_path / DEFAULT_NAME
    with pytest.raises(PolicyError, match="--approved-by, --expires"):
        BaselineRequest.parse(path, None, "accepted", None, TODAY)
    with pytest.raises(PolicyError, match="--reason"):
        BaselineRequest.parse(path, "me", "ok", date(2026, 1, 1), TODAY)  # too short to be a reason
    with pytest.raises(PolicyError, match="in the past"):
        BaselineRequest.parse(path, "me", "accepted", date(2025, 5, 31), TODAY)
    assert BaselineRequest.parse(path, " me ", "accepted", TODAY, TODAY).approved_by == "me"


def test_baseline_into_another_file_still_applies_the_active_entries(tmp_path):
    active = sup()  # suppresses Jane Smith in letters/*.pdf
    found = [result("letters/a.pdf", decision(), decision(value="Tom Jones"))]
    accepted = active.apply(found, None, TODAY).results
    request = BaselineRequest(tmp_path / "new.yaml", "me", "accepted", date(2026, 1, 1))
    outcome = write_baseline(request, accepted, active)
    assert [e.entity for e in outcome.added] == ["PERSON"] and len(load_suppressions(request.path)) == 1
    assert outcome.not_accepted == 0
    applied = outcome.suppressions.apply(found, None, TODAY)
    assert applied.results[0].status == Status.CLEAN and applied.suppressed == {"PERSON": 2}
