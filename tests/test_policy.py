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
