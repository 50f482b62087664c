"""SecurityProductRecognizer: security vendors, products, appliance models and versions from the catalogue."""
from __future__ import annotations

from typing import Any, Optional

from presidio_analyzer import LocalRecognizer, RecognizerResult

from recognizers.base import make_result, wanted
from recognizers.catalogue import PRODUCT, VENDOR, SecurityCatalogue, load_catalogue


class SecurityProductRecognizer(LocalRecognizer):
    """Finds what the catalogue knows: 'Fortinet' (vendor), 'FortiGate' (product), '600E' (model),
    'FortiOS 7.2.5' (product + version). Generic names ('Falcon', 'Duo') need their vendor or a
    security word nearby; that logic lives in SecurityCatalogue.find_products."""

    ENTITIES = [VENDOR, PRODUCT]
    CONTEXT = ["firewall", "anti-virus", "antivirus", "endpoint", "security", "version"]
    # A catalogue name is a strong signal; a model or version is only as good as its anchor.
    SCORES = {"vendor": 0.85, "product": 0.85, "model": 0.8, "version": 0.75}

    def __init__(self, catalogue: Optional[SecurityCatalogue] = None, supported_language: str = "en"):
        self.catalogue = catalogue or load_catalogue()
        super().__init__(supported_entities=list(self.ENTITIES), name=type(self).__name__, supported_language=supported_language, context=list(self.CONTEXT))

    def load(self) -> None:  # the catalogue is loaded in __init__
        pass

    def analyze(self, text: str, entities: Optional[list[str]] = None, nlp_artifacts: Any = None) -> list[RecognizerResult]:
        return [
            make_result(self, entity, start, end, self.SCORES.get(rule, 0.75), rule)
            for start, end, entity, rule in self.catalogue.find_products(text)
            if wanted(entities, entity)
        ]
