"""Free-text questions -> FAQ topic, offline and deterministic.

Pipeline: normalise (case, punctuation, web addresses, NIK numbers, "anak2", "bangettt") ->
repair unknown words (affixes, missing spaces, typos via rapidfuzz; never a word the stemmer's
dictionary knows) -> slang, Javanese and English -> Indonesian (a phrase also matches typed in
slang: "org asing" is "orang asing"; countries and other places are "abroad", "a foreigner" or
"away") -> stopwords -> stemming (PySastrawi) -> BM25 over one weighted document per topic.
Out-of-scope groups (BPJS, prices, jobs...) are indexed like topics: when one fits best, or the
best topic explains too little of the question, the answer is "not confident".
A question that does not name the census (the data's `anchors`) must be explained better, and
is not answered when it names another service (a strong out-of-scope word or pair no topic has:
"bpjs", "password facebook"); words the analyzer only guessed (typos, missing spaces) explain
less than words typed as known.

All language knowledge is data: locales/<lang>/lexicon.toml (campaign-independent) and
locales/<lang>/<messages>-faq.toml (the campaign's topics). Questions are never logged.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from conversations.resident.faq_analyzer import (
    Analyzer,
    FaqDataError,
    _read_toml,
    topic_file_name,
)

# (imported from here by the intents, the FAQ command line and tests)
__all__ = ["Analyzer", "FaqDataError", "FaqMatcher", "Match", "_read_toml", "topic_file_name"]

# BM25 constants. b is low because topic documents differ in length by how much we wrote,
# not by how broad the topic is.
K1 = 1.2
B = 0.3
# A word of the question found in no document weighs this share of the rarest known word:
# it is probably about something else ("harga beras"), but may be a filler we do not know.
UNKNOWN_WEIGHT = 0.6
# Below this share of the question explained by the best topic, the answer is "not sure".
# Calibrated on tests/data/faq_dev.tsv and faq_holdout.tsv with bench/faq_accuracy.py.
THRESHOLD = 0.25
# The same for a question that names none of the campaign's own words ("sensus", "bps"):
# "pulsa kesedot terus" or "cara daftar akun shopee" share a word or two with a topic by chance.
THRESHOLD_UNANCHORED = 0.30
# An out-of-scope keyword of at least this weight that no topic has names another service.
FOREIGN_WEIGHT = 2.5
# A word repaired by a guess (a typo or a missing space) counts this share of a typed word.
GUESS_WEIGHT = 0.5
# An out-of-scope group scoring this share of the best topic wins: "cara daftar bpjs".
OUT_OF_SCOPE_RATIO = 0.5
SKIP_PAIR_WEIGHT = 0.5


@dataclass(frozen=True)
class Match:
    topic: str | None  # None: not confident (below the threshold, or out of scope)
    score: float  # the best topic's confidence, 0..1
    candidates: list[tuple[str, float]]  # the best 3 topics, best first


class _Index:
    """BM25 over weighted documents (term -> weight), one per topic or out-of-scope group.

    By hand rather than bm25s: some 35 small documents need a few dict look-ups per query,
    bm25s would add numpy (~150 ms import, ~20 MiB) and has no weighted term frequencies.
    """

    def __init__(self, docs: list[dict[str, float]]) -> None:
        n = len(docs)
        lengths = [sum(d.values()) for d in docs]
        avg = sum(lengths) / n if n else 1.0
        df: dict[str, int] = {}
        for doc in docs:
            for term in doc:
                df[term] = df.get(term, 0) + 1
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        # Precomputed per term: (document, idf * saturated tf), so a query is a few additions.
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, doc in enumerate(docs):
            norm = K1 * (1 - B + B * lengths[i] / avg)
            for term, tf in doc.items():
                part = self.idf[term] * tf * (K1 + 1) / (tf + norm)
                self.postings.setdefault(term, []).append((i, part))
        self.size = n

    def has(self, term: str, doc: int) -> bool:
        return any(d == doc for d, _ in self.postings.get(term, ()))

    def scores(self, query: dict[str, float]) -> list[float]:
        scores = [0.0] * self.size
        for term, weight in query.items():
            for doc, part in self.postings.get(term, ()):
                scores[doc] += weight * part
        return scores

    def ceiling(self, query: dict[str, float], unigrams: Iterable[str]) -> float:
        """The most any document could score: known terms at full weight, unknown words too."""
        known = sum(w * self.idf[t] for t, w in query.items() if t in self.idf)
        unknown = sum(1 for t in unigrams if t not in self.idf)
        return (known + unknown * UNKNOWN_WEIGHT * self.max_idf) * (K1 + 1)


class FaqMatcher:
    def __init__(
        self,
        analyzer: Analyzer,
        topics: list[str],
        docs: list[dict[str, float]],
        anchors: frozenset[str] = frozenset(),
    ) -> None:
        self.analyzer = analyzer
        self.topics = topics
        self.index = _Index(docs)
        self.anchors = anchors  # terms that name the campaign itself ("sensus", "bps")
        # Words and pairs that name another service by themselves ("bpjs", "sholat", "password
        # facebook"): in an out-of-scope group with a strong weight, in no topic at all, and
        # without a weak word ("buat kk" is not foreign: "buat" says little).
        in_topics = {t for doc in docs[: len(topics)] for t in doc}
        self.foreign = frozenset(
            t
            for doc in docs[len(topics) :]
            for t, w in doc.items()
            if w >= FOREIGN_WEIGHT
            and t not in in_topics
            and not any(word in analyzer.weak for word in t.split())
        )

    @staticmethod
    def load(lang: str, messages: str, topics: list[str]) -> FaqMatcher:
        """Build (once per language, campaign and topic list) from the locale data files."""
        return _load(lang, messages, tuple(topics))

    def match(self, text: str) -> Match:
        analysed = self.analyzer.analyse_guessed(text)
        # The ceiling counts a guessed word in full, its match only in part: a guess explains
        # less of the question than a word typed as the data has it.
        full = self._query(analysed, guess_weight=1.0)
        terms = [t for t in full if " " not in t]
        full = {t: w for t, w in full.items() if t in self.index.idf or " " not in t}
        query = {t: w for t, w in self._query(analysed).items() if t in full}
        ceiling = self.index.ceiling(full, terms)
        # A question that does not name the census must be explained better to be answered,
        # and is not answered at all when it names another service ("bpjs", "sholat").
        anchored = not self.anchors or any(t in self.anchors for t, _ in analysed)
        threshold = THRESHOLD if anchored else THRESHOLD_UNANCHORED
        typed = [t if not guessed else "" for t, guessed in analysed]
        named = [*typed, *(" ".join(sorted(p)) for p in itertools.pairwise(typed) if all(p))]
        elsewhere = not anchored and any(t in self.foreign for t in named)
        if ceiling <= 0:
            return Match(None, 0.0, [])
        confidence = [min(1.0, s / ceiling) for s in self.index.scores(query)]
        n = len(self.topics)
        ranked = sorted(range(n), key=lambda i: (-confidence[i], i))
        candidates = [(self.topics[i], round(confidence[i], 4)) for i in ranked[:3]]
        candidates = [c for c in candidates if c[1] > 0]
        if not candidates:
            return Match(None, 0.0, [])
        best, score = ranked[0], confidence[ranked[0]]
        evidence = 0.99 * self.analyzer.weak_factor  # a pair of two typed weak words
        out_of_scope = max(confidence[n:], default=0.0)
        if (
            score < threshold
            or elsewhere
            or out_of_scope >= OUT_OF_SCOPE_RATIO * score
            # Only weak single words ("bagaimana", "bisa") matched, or pairs with a guessed
            # weak word ("cantik" read as "can't"): not enough to answer.
            or not any(
                w >= (evidence if " " in t else GUESS_WEIGHT) and self.index.has(t, best)
                for t, w in query.items()
            )
        ):
            return Match(None, candidates[0][1], candidates)
        return Match(candidates[0][0], candidates[0][1], candidates)

    def _query(
        self, analysed: list[tuple[str, bool]], guess_weight: float = GUESS_WEIGHT
    ) -> dict[str, float]:
        query: dict[str, float] = {}
        terms = [term for term, _ in analysed]
        for term, guessed in analysed:
            weight = self.analyzer.query_weight(term) * (guess_weight if guessed else 1.0)
            query[term] = max(query.get(term, 0.0), weight)
        # A pair weighs as its words do: "lupa password" fully, "bagaimana cara" little.
        # Pairs one word apart catch "aplikasi (di playstore) palsu", at a lower weight.
        for gap, factor in ((1, 1.0), (2, SKIP_PAIR_WEIGHT)):
            for a, b in zip(terms, terms[gap:], strict=False):
                if a != b:
                    weight = factor * math.sqrt(query[a] * query[b])
                    pair = " ".join(sorted((a, b)))
                    query[pair] = max(query.get(pair, 0.0), weight)
        return query


def _document(
    analyzer: Analyzer, weighted: Iterable[tuple[str, float]], phrase_word: float
) -> dict[str, float]:
    """A phrase's pairs get its weight; its single words `phrase_word` of it, so that
    "urus akta" (out of scope) does not make "akta" alone out of scope."""
    doc: dict[str, float] = {}
    for text, weight in weighted:
        terms = analyzer.analyse(text, repair=False)
        word_weight = weight * (phrase_word if len(terms) > 1 else 1.0)
        for term in terms:
            if word_weight > 0:  # a word at weight 0 is not in the document (nor its df)
                doc[term] = doc.get(term, 0.0) + word_weight
        for pair in analyzer.pairs(terms):
            doc[pair] = doc.get(pair, 0.0) + weight
    return doc


@cache
def _load(lang: str, messages: str, topics: tuple[str, ...]) -> FaqMatcher:
    lexicon = _read_toml(lang, "lexicon.toml")
    file_name = topic_file_name(lang, messages)
    data = _read_toml(lang, file_name)
    analyzer = Analyzer(lexicon)
    entries: list[list[tuple[str, float]]] = []
    synonym_weight = float(data.get("synonym_weight", 1.0))
    example_weight = float(data.get("example_weight", 0.4))
    for topic in topics:
        spec = data.get("topics", {}).get(topic)
        if not spec or not spec.get("keywords"):
            raise FaqDataError(f"locales/{lang}/{file_name}: no keywords for topic {topic!r}")
        entries.append(
            [
                *spec["keywords"].items(),
                *((s, synonym_weight) for s in spec.get("synonyms", [])),
                *((e, example_weight) for e in spec.get("examples", [])),
            ]
        )
    for group in lexicon.get("out_of_scope", {}).values():
        entries.append(list(group.get("keywords", {}).items()))
    analyzer.weak |= frozenset(data.get("weak", []))
    # The data's own words teach the analyzer what a "known" word is, before any indexing.
    analyzer.learn(
        (w for entry in entries for text, _ in entry for w in analyzer.words(text, repair=False)),
        (),
    )
    phrase_word = float(data.get("phrase_word_weight", 0.5))
    docs = [_document(analyzer, e, phrase_word) for e in entries[: len(topics)]]
    # Out-of-scope phrases count only as phrases: "ktp hilang" must not make "ktp" foreign.
    oos_word = float(lexicon.get("out_of_scope_phrase_word_weight", 0.0))
    docs += [_document(analyzer, e, oos_word) for e in entries[len(topics) :]]
    analyzer.learn((), (t for d in docs for t in d if " " not in t))
    anchors = frozenset(
        t for anchor in data.get("anchors", []) for t in analyzer.analyse(anchor, repair=False)
    )
    return FaqMatcher(analyzer, list(topics), docs, anchors)
