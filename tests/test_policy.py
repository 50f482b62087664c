"""Policy files are validated into compiled objects, with errors naming the file, key and problem."""
from __future__ import annotations

from pathlib import Path

import pytest

from redactor.errors import PolicyError
from redactor.policy import load_policy, normalise_value


def test_builtin_foi_policy_loads_with_both_exemptions():
    pol = load_policy("foi")
    assert pol.rule_for("PERSON").exemption == "s40(2)"
    assert pol.rule_for("SECURITY_PRODUCT").exemption == "s31(1)(a)"
    assert pol.rule_for("ROLE_MAILBOX").action == "keep"
    assert pol.label_for("PHONE_NUMBER") == "[Redacted s40(2)]"
    assert len(pol.sha256) == 64 and pol.exemptions["s31(1)(a)"].qualified


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "policy.yaml"
    p.write_text(text, "utf-8")
    return p


@pytest.mark.parametrize(
    "body, expected",
    [
        ("name: x\nentities: {PERSON: {exemption: 's40(2)', action: shred}}\n", "entities.PERSON.action"),
        ("name: x\nentities: {person: {exemption: 's40(2)'}}\n", "UPPER_SNAKE_CASE"),
        ("name: x\nentities: {}\nallow: [{value: '0300 123 4567'}]\n", "allow.0.description"),
        ("name: x\nentities: {}\nallow: [{pattern: '(', description: 'bad regex'}]\n", "invalid regular expression"),
        ("name: x\nentities: {}\nallow: [{value: a, pattern: b, description: 'both given'}]\n", "exactly one"),
        ("name: x\nentities: {}\nsurprise: 1\n", "surprise"),
        ("entities: {}\n", "name"),
        ("name: x\nentities: [\n", "not valid YAML"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("name: x\nentities: {}\nhidden_data: {COMMENT: shred}\n", "hidden_data"),
    ],
)
def test_invalid_policy_is_rejected_with_a_clear_error(tmp_path, body, expected):
    path = _write(tmp_path, body)
    with pytest.raises(PolicyError) as err:
        load_policy(str(path))
    message = str(err.value)
    assert str(path) in message and expected in message
    assert "\n" not in message and "Traceback" not in message


def test_unknown_policy_name_is_a_usage_error():
    with pytest.raises(PolicyError, match="neither a built-in"):
        load_policy("no-such-policy")


def test_allow_values_match_phone_numbers_in_any_formatting():
    pol = load_policy("foi").with_allow(["01632 960000"])
    allow = pol.allow[-1]
    for variant in ["(01632) 960000", "+44 1632 960000", "+44 (0)1632 960 000", "01632-960-000"]:
        assert allow.matches(variant, "PHONE_NUMBER"), variant
    assert not allow.matches("01632 960001", "PHONE_NUMBER")


@pytest.mark.parametrize("text, entity, expected", [
    ("Foo@Example.gov.uk ", "EMAIL_ADDRESS", "foo@example.gov.uk"),
    ("0044 113 496 0000", "PHONE_NUMBER", "1134960000"),
])
def test_normalise_value(text, entity, expected):
    assert normalise_value(text, entity) == expected


def test_policy_can_extend_the_builtin_and_add_allow_rules(tmp_path):
    path = _write(tmp_path, "extends: foi\nname: council\nallow:\n  - value: '01632 960000'\n    description: Switchboard.\n")
    pol = load_policy(str(path))
    assert pol.name == "council" and pol.rule_for("PERSON").exemption == "s40(2)"
    assert any(a.value == "01632 960000" for a in pol.allow)
    assert pol.sha256 != load_policy("foi").sha256


def test_extending_a_missing_policy_is_an_error(tmp_path):
    path = _write(tmp_path, "extends: nowhere.yaml\nname: council\n")
    with pytest.raises(PolicyError, match="extends"):
        load_policy(str(path))


EXAMPLES = Path(__file__).resolve().parents[1] / "policies" / "examples"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith("-catalogue.yaml")))
def test_every_example_policy_loads(name):
    pol = load_policy(str(EXAMPLES / name))
    assert pol.name and pol.entities and all(a.description for a in pol.allow)


def test_a_site_catalogue_widens_s31_and_is_pinned_by_the_policy_hash(tmp_path):
    from redactor import pipeline
    from redactor.engine import build_engine

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "register.csv").write_text(
        "Contract,Supplier,Product,Annual cost,Expiry\n"
        "Backup and recovery,Softcat,Veeam Data Platform,\"£18,400\",31/03/2027\n"
        "Microsoft Enterprise Agreement,Bytes,Microsoft 365 E3,\"£310,000\",30/06/2027\n", "utf-8")
    pol = load_policy(str(EXAMPLES / "backup-in-scope.yaml"))
    assert pol.security_catalogue == (EXAMPLES / "backup-catalogue.yaml").resolve()
    (result,) = pipeline.run(pipeline.walk([src]), pol, build_engine(pol.security_catalogue), pipeline.RunOptions(redact=True, out_dir=out))
    assert result.status.value == "redacted", result.error
    text = (out / "register.csv").read_text("utf-8")
    for gone in ("Softcat", "Veeam", "£18,400", "31/03/2027"):
        assert gone not in text
    for kept in ("Backup and recovery", "Bytes", "Microsoft 365 E3", "£310,000"):
        assert kept in text
    # The same policy with a different catalogue is a different policy in the audit log.
    (tmp_path / "backup-catalogue.yaml").write_text("security_keywords: [backup]\n", "utf-8")
    (tmp_path / "p.yaml").write_text("extends: foi\nname: foi-backup-in-scope\nsecurity_catalogue: backup-catalogue.yaml\n", "utf-8")
    assert load_policy(str(tmp_path / "p.yaml")).sha256 != pol.sha256


def test_the_builtin_policy_releases_a_backup_row(engine, policy, tmp_path):
    from redactor import pipeline

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "register.csv").write_text("Contract,Supplier,Product\nBackup and recovery,Softcat,Veeam Data Platform\n", "utf-8")
    (result,) = pipeline.run(pipeline.walk([src]), policy, engine, pipeline.RunOptions(redact=True, out_dir=out))
    assert "Softcat" in (out / "register.csv").read_text("utf-8") and "Veeam" in (out / "register.csv").read_text("utf-8")


@pytest.mark.parametrize("catalogue, expected", [
    (None, "cannot read"),
    ("vendors: [Veeam]\n", "each vendor needs a 'name'"),
])
def test_a_bad_site_catalogue_is_a_policy_error(tmp_path, catalogue, expected):
    if catalogue is not None:
        (tmp_path / "site.yaml").write_text(catalogue, "utf-8")
    (tmp_path / "p.yaml").write_text("extends: foi\nname: x\nsecurity_catalogue: site.yaml\n", "utf-8")
    with pytest.raises(PolicyError, match=expected):
        load_policy(str(tmp_path / "p.yaml"))


def test_the_cli_builds_its_engine_with_the_policys_site_catalogue(tmp_path):
    from typer.testing import CliRunner

    from redactor.cli import app

    (tmp_path / "register.csv").write_text("Contract,Supplier,Product\nBackup and recovery,Softcat,Veeam Data Platform\n", "utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(tmp_path), "--quiet"]).exit_code == 0
    widened = runner.invoke(app, ["check", str(tmp_path), "--quiet", "--policy", str(EXAMPLES / "backup-in-scope.yaml")])
    assert widened.exit_code == 1, widened.output
