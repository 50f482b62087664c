"""TitledNameRecognizer: the name after Mr/Mrs/Ms/Miss/Mx/Dr (title excluded); never councillors or streets."""
from __future__ import annotations

import pytest

from recognizers.titled_name import TitledNameRecognizer
from tests.recognizers.helpers import found, rules

P = "PERSON"


@pytest.fixture(scope="module")
def titled():
    return TitledNameRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr G. Trevelyan", [(P, "G. Trevelyan")]),
        ("Dr Tomasz Mensah", [(P, "Tomasz Mensah")]),
        ("Miss Niamh Clarke-Bennett, Procurement", [(P, "Niamh Clarke-Bennett")]),
        ("Ms Rahman has confirmed", [(P, "Rahman")]),
        ("Mrs Fairbairn has confirmed the figures above.", [(P, "Fairbairn")]),
        ("Ms Eleanor O'Neill", [(P, "Eleanor O'Neill")]),
        ("Mrs H. D'Souza", [(P, "H. D'Souza")]),
        ("Mx McAllister", [(P, "McAllister")]),
        ("Mr. J R Smith", [(P, "J R Smith")]),
        ("Mrs B.\nClarke-Bennett", [(P, "B.\nClarke-Bennett")]),
        # names in other alphabets and with accents
        ("Mr. Szőke is a new starter", [(P, "Szőke")]),
        ("Mrs Đorđević", [(P, "Đorđević")]),
        ("Mrs Łukasiewicz-Öztürk said", [(P, "Łukasiewicz-Öztürk")]),
        ("Dr Ελένη Παπαδοπούλου", [(P, "Ελένη Παπαδοπούλου")]),
        ("Ms Š. Dvořák", [(P, "Š. Dvořák")]),
        # trailing job-title words and the next table cell are not part of the name
        ("Dr Tomasz Mensah\nCyber Security Analyst", [(P, "Tomasz Mensah")]),
        ("Mr Pritchard\nInformation Governance Officer", [(P, "Pritchard")]),
        ("Ms Rahman\nGareth Mensah", [(P, "Rahman")]),
        # negatives
        ("Cllr Patricia Lowther (Cabinet Member for Finance and Digital)", []),
        ("Councillor Patricia Lowther", []),
        ("Cllr Dr Helen Ashby", []),
        ("12 Station Dr Harbourne", []),
        ("Mr Speaker", []),
        ("the Ms Word template", []),
        ("Dear Sir or Madam", []),
        ("MRS SMITH", []),
        ("Mr G.", []),
        ("Mr É.", []),
        ("Cllr Dr Ágnes Kovács", []),
    ],
)
def test_titled_names(titled, text, expected):
    assert found(titled, text) == expected


def test_rule_is_title(titled):
    assert rules(titled, "Mrs Fairbairn") == [("Fairbairn", "title")]
