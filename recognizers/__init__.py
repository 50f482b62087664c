"""Presidio recognizers for UK FOI redaction, and the data catalogues they read."""
from __future__ import annotations

from typing import Optional

from presidio_analyzer import EntityRecognizer

from recognizers.bank_account import BankAccountRecognizer
from recognizers.base import RULE_KEY, CatalogueError
from recognizers.catalogue import SecurityCatalogue, load_catalogue
from recognizers.dob import DateOfBirthRecognizer
from recognizers.email import EmailRecognizer
from recognizers.hostname import HostnameRecognizer
from recognizers.ip import Ipv4Recognizer
from recognizers.login import AccountLoginRecognizer
from recognizers.nhs import NhsRecognizer
from recognizers.nino import UkNinoRecognizer
from recognizers.phone import UkPhoneRecognizer
from recognizers.security import SecurityProductRecognizer
from recognizers.single_name import NameCueRecognizer
from recognizers.sort_code import SortCodeRecognizer
from recognizers.surnames import SurnameRecognizer
from recognizers.titled_name import TitledNameRecognizer

__all__ = [
    "RULE_KEY",
    "AccountLoginRecognizer",
    "BankAccountRecognizer",
    "CatalogueError",
    "DateOfBirthRecognizer",
    "EmailRecognizer",
    "HostnameRecognizer",
    "Ipv4Recognizer",
    "NhsRecognizer",
    "SecurityCatalogue",
    "load_catalogue",
    "NameCueRecognizer",
    "SecurityProductRecognizer",
    "SortCodeRecognizer",
    "SurnameRecognizer",
    "TitledNameRecognizer",
    "UkNinoRecognizer",
    "UkPhoneRecognizer",
    "build_recognizers",
]


def build_recognizers(catalogue: Optional[SecurityCatalogue] = None) -> list[EntityRecognizer]:
    """One instance of each of our pattern recognizers (spaCy NER is added by the engine)."""
    return [
        UkPhoneRecognizer(),
        EmailRecognizer(),
        Ipv4Recognizer(),
        HostnameRecognizer(),
        AccountLoginRecognizer(),
        UkNinoRecognizer(),
        NhsRecognizer(),
        SortCodeRecognizer(),
        BankAccountRecognizer(),
        DateOfBirthRecognizer(),
        TitledNameRecognizer(),
        NameCueRecognizer(),
        SurnameRecognizer(),
        SecurityProductRecognizer(catalogue or load_catalogue()),
    ]
