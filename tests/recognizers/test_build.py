"""build_recognizers: the set the engine registers, its entity names, and results the engine can use."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml
from presidio_analyzer import EntityRecognizer

import recognizers
from recognizers.base import RULE_KEY

POLICY = Path(__file__).resolve().parents[2] / "policies" / "foi.yaml"

SAMPLE = (
    "Mr G. Trevelyan (0141) 496 0451, ext. 2315, garethtrevelyan@harbourne.gov.uk or foi@harbourne.gov.uk. "
    "Fortinet FortiGate 1000D (FortiOS 7.0.12) at fw01.harbourne.internal 10.12.1.1. "
    "NI number AB 12 34 56 C, NHS number 943 476 5919, sort code 12-34-56, account number 12345678, DOB 12/03/1985."
)


@pytest.fixture(scope="module")
def built():
    return recognizers.build_recognizers()


def test_builds_one_of_each(built):
    names = {r.name for r in built}
    assert names == {
        "UkPhoneRecognizer", "EmailRecognizer", "Ipv4Recognizer", "HostnameRecognizer", "UkNinoRecognizer",
        "NhsRecognizer", "SortCodeRecognizer", "BankAccountRecognizer", "DateOfBirthRecognizer",
        "TitledNameRecognizer", "NameCueRecognizer", "SurnameRecognizer", "SecurityProductRecognizer", "AccountLoginRecognizer",
    }
    assert all(isinstance(r, EntityRecognizer) for r in built)


def test_entities_are_policy_entities(built):
    policy_entities = set(yaml.safe_load(POLICY.read_text("utf-8"))["entities"])
    produced = {e for r in built for e in r.supported_entities}
    assert produced <= policy_entities


def test_results_carry_rule_recognizer_and_explanation(built):
    results = [res for r in built for res in r.analyze(SAMPLE, None, nlp_artifacts=None)]
    entities = {res.entity_type for res in results}
    assert {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "ROLE_MAILBOX", "SECURITY_VENDOR", "SECURITY_PRODUCT", "HOSTNAME",
            "IP_ADDRESS", "UK_NINO", "UK_NHS", "UK_SORT_CODE", "UK_BANK_ACCOUNT", "DATE_OF_BIRTH"} <= entities
    for res in results:
        # Presidio's context enhancer writes into analysis_explanation; the engine reads the metadata.
        assert res.analysis_explanation is not None
        assert res.recognition_metadata["recognizer_name"]
        assert res.recognition_metadata[RULE_KEY]
        assert 0 < res.score <= 1


def test_a_given_catalogue_is_used(tmp_path: Path):
    extra = tmp_path / "site.yaml"
    extra.write_text("vendors:\n  - name: Acme Shield\n", encoding="utf-8")
    built = recognizers.build_recognizers(recognizers.load_catalogue(extra))
    security = next(r for r in built if r.name == "SecurityProductRecognizer")
    assert [res.entity_type for res in security.analyze("Acme Shield", None)] == ["SECURITY_VENDOR"]


def test_nothing_touches_the_network(built, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for r in built:
        r.analyze(SAMPLE, None, nlp_artifacts=None)


def test_empty_text(built):
    assert all(r.analyze("", None, nlp_artifacts=None) == [] for r in built)
