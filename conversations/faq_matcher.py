"""Free-text questions -> FAQ topic, offline and deterministic.

Pipeline: normalise (case, punctuation, web addresses, NIK numbers, "anak2", "bangettt") ->
repair unknown words (affixes, missing spaces, typos via rapidfuzz) -> slang, Javanese and
English -> Indonesian -> stopwords -> stemming (PySastrawi) -> BM25 over one weighted document
per topic. Out-of-scope groups (BPJS, prices, jobs...) are indexed like topics: when one fits
best, or the best topic explains too little of the question, the answer is "not confident".

All language knowledge is data: locales/<lang>/lexicon.toml (campaign-independent) and
locales/<lang>/<messages>-faq.toml (the campaign's topics). Questions are never logged.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

# BM25 constants. b is low because topic documents differ in length by how much we wrote,
# not by how broad the topic is.
K1 = 1.2
B = 0.3
# A word of the question found in no document weighs this share of the rarest known word:
# it is probably about something else ("harga beras"), but may be a filler we do not know.
UNKNOWN_WEIGHT = 0.6
# Below this share of the question explained by the best topic, the answer is "not sure".
# Calibrated on tests/data/faq_dev.tsv with bench/faq_accuracy.py.
THRESHOLD = 0.25
# An out-of-scope group scoring this share of the best topic wins: "cara daftar bpjs".
OUT_OF_SCOPE_RATIO = 0.6
SKIP_PAIR_WEIGHT = 0.5
MIN_FUZZY_LENGTH = 4
CACHE_LIMIT = 50_000  # stemmed and repaired words kept in memory


class FaqDataError(Exception):
    """A lexicon or topic file is missing or incomplete; the message names the file."""


@dataclass(frozen=True)
class Match:
    topic: str | None  # None: not confident (below the threshold, or out of scope)
    score: float  # the best topic's confidence, 0..1
    candidates: list[tuple[str, float]]  # the best 3 topics, best first


def _read_toml(lang: str, file_name: str) -> dict[str, Any]:
    path = resources.files("locales").joinpath(lang, file_name)
    if not path.is_file():
        raise FaqDataError(f"locales/{lang}/{file_name}: file not found")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FaqDataError(f"locales/{lang}/{file_name}: not valid TOML: {exc}") from exc


def topic_file_name(lang: str, messages: str) -> str:
    """The campaign's own file (<messages>-faq.toml) if there is one, else faq.toml."""
    own = f"{messages}-faq.toml"
    return own if resources.files("locales").joinpath(lang, own).is_file() else "faq.toml"


class _Stemmer:
    """The stemmer named in the lexicon; `is_root` says a word is a known root word."""

    def __init__(self, kind: str, suffixes: list[str]) -> None:
        self.suffixes = suffixes
        self._roots: Callable[[str], bool] = lambda word: False
        self.stem: Callable[[str], str] = lambda word: word
        if kind == "sastrawi":
            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

            stemmer = StemmerFactory().create_stemmer()
            self.stem = stemmer.stem
            self._roots = stemmer.delegatedStemmer.dictionary.contains
        elif kind == "suffixes":
            # For languages without a dictionary stemmer (English plurals, -ing).
            self.stem = self._strip

    def _strip(self, word: str) -> str:
        for suffix in self.suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word

    def is_root(self, word: str) -> bool:
        return bool(self._roots(word))


class Analyzer:
    """Turns text into terms: stemmed content words plus unordered pairs of neighbours."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        self.replace: dict[str, list[str]] = {
            k: v.split() for k, v in lexicon.get("replace", {}).items()
        }
        self.max_phrase = max((len(k.split()) for k in self.replace), default=1)
        self.stopwords = frozenset(lexicon.get("stopwords", []))
        self.protect = frozenset(lexicon.get("protect", []))
        self.weak = frozenset(lexicon.get("weak", []))
        self.weak_factor = float(lexicon.get("weak_factor", 0.35))
        self.suffixes: list[str] = lexicon.get("suffixes", [])
        self.prefixes: list[tuple[str, str]] = [tuple(p) for p in lexicon.get("prefixes", [])]
        self.sixteen = str(lexicon.get("sixteen_digits", ""))
        self.url_word = str(lexicon.get("url_word", ""))
        mark = re.escape(str(lexicon.get("reduplication_mark", "")))
        # "anak2" -> "anak", "kenang2an" -> "kenang kenangan", "ciri2nya" -> "ciri cirinya".
        self.redup = re.compile(rf"\b([^\W\d_]{{2,}}){mark}([^\W\d_]*)\b") if mark else None
        self.clitics: list[str] = lexicon.get("clitics", [])
        self._stemmer = _Stemmer(
            str(lexicon.get("stemmer", "none")), lexicon.get("stem_suffixes", [])
        )
        self._stems: dict[str, str] = {}
        self._repairs: dict[str, list[str]] = {}
        # Filled by the index: every word the data knows, and every stemmed term it holds.
        self.surface: set[str] = set(self.stopwords | self.protect | self.weak)
        for key, value in self.replace.items():
            self.surface.update(key.split())
            self.surface.update(value)
        self.terms: set[str] = set()
        self._by_letter: dict[str, list[str]] = {}

    # -- characters -------------------------------------------------------------------------
    _URL = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?")
    _BOUNDARY = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
    _REPEAT = re.compile(r"([^\W\d_])\1{2,}")

    def _characters(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = self._URL.sub(f" {self.url_word} ", text)
        text = re.sub(r"\d{16}", f" {self.sixteen} ", text)
        text = re.sub(r"\d{8,}", " ", text)  # phone and account numbers say nothing
        text = text.replace("'", "").replace("’", "")  # don't -> dont
        text = "".join(ch if ch.isalnum() else " " for ch in text)
        if self.redup:
            text = self.redup.sub(lambda m: f"{m[1]} {m[1]}{m[2]}" if m[2] else m[1], text)
        text = self._BOUNDARY.sub(" ", text)
        text = self._REPEAT.sub(r"\1", text)  # bangettt -> banget
        return text.split()

    # -- words ------------------------------------------------------------------------------
    def stem(self, word: str) -> str:
        found = self._stems.get(word)
        if found is None:
            found = self._stem(word)
            if len(self._stems) >= CACHE_LIMIT:
                self._stems.clear()  # a long-running bot sees endless new words
            self._stems[word] = found
        return found

    def _stem(self, word: str) -> str:
        if word in self.protect or not word.isalpha():
            return word
        for clitic in self.clitics:
            if word.endswith(clitic) and word[: -len(clitic)] in self.protect:
                return word[: -len(clitic)]  # "meninggalnya" -> "meninggal"
        found = self._stemmer.stem(word) or word
        if found == word and not self._stemmer.is_root(word):
            # The stemmer leaves words it does not know alone: "captchanya", "passwordku".
            for clitic in self.clitics:
                if word.endswith(clitic) and len(word) - len(clitic) >= 3:
                    return self._stemmer.stem(word[: -len(clitic)]) or word
        return found

    def known(self, word: str) -> bool:
        return word in self.surface or self.stem(word) in self.terms

    def _affix_variants(self, word: str) -> Iterable[str]:
        # Least stripping first, so "kodenya" becomes "kode" and not "kod".
        variants: list[str] = []
        for suffix in ["", *self.suffixes]:
            if suffix and not word.endswith(suffix):
                continue
            stem = word[: len(word) - len(suffix)]
            for typed, replaced in [("", ""), *self.prefixes]:
                if typed and not stem.startswith(typed):
                    continue
                variant = replaced + stem[len(typed) :]
                if len(variant) >= 2 and variant != word:
                    variants.append(variant)
        variants.sort(key=lambda v: abs(len(word) - len(v)))
        yield from variants
        yield re.sub(r"([^\W\d_])\1", r"\1", word)  # "tolongg", "kakk"

    def repair(self, word: str) -> list[str]:
        """An unknown word -> known words: affixes, missing space, then typo; else itself."""
        if word in self._repairs:
            return self._repairs[word]
        result = [word]
        if not word.isdigit() and not self.known(word):
            fixed = next((v for v in self._affix_variants(word) if self.known(v)), None)
            if fixed is not None:
                result = [fixed]
            elif (split := self._split(word)) is not None:
                result = split
            elif (typo := self._typo(word)) is not None:
                result = [typo]
        if len(self._repairs) >= CACHE_LIMIT:
            self._repairs.clear()
        self._repairs[word] = result
        return result

    def _split(self, word: str) -> list[str] | None:
        if len(word) < 6:
            return None
        best: tuple[int, list[str]] | None = None
        for i in range(3, len(word) - 2):
            left, right = word[:i], word[i:]
            if self.known(left) and self.known(right):
                size = min(len(left), len(right))
                if best is None or size > best[0]:
                    best = (size, [left, right])
        return best[1] if best else None

    def _typo(self, word: str) -> str | None:
        if len(word) < MIN_FUZZY_LENGTH or not word.isalpha():
            return None
        choices = self._by_letter.get(word[0], [])
        cutoff = 80 if len(word) >= 6 else 85
        found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return found[0] if found else None

    def learn(self, words: Iterable[str], terms: Iterable[str]) -> None:
        """Words and terms of the indexed data, so questions can be repaired towards them."""
        self.surface.update(words)
        self.terms.update(terms)
        self._by_letter = {}
        for word in sorted(self.surface):
            if len(word) >= MIN_FUZZY_LENGTH and word.isalpha():
                self._by_letter.setdefault(word[0], []).append(word)
        self._repairs.clear()

    # -- text -------------------------------------------------------------------------------
    def words(self, text: str, *, repair: bool = True) -> list[str]:
        """Normalised words before slang replacement (what the data "knows" as surface)."""
        tokens = self._characters(text)
        if repair:
            tokens = [w for token in tokens for w in self.repair(token)]
        return tokens

    def analyse(self, text: str, *, repair: bool = True) -> list[str]:
        """Content terms in order: replaced, without stopwords, stemmed."""
        tokens = self.words(text, repair=repair)
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_phrase, len(tokens) - i), 0, -1):
                key = " ".join(tokens[i : i + n])
                if key in self.replace:
                    replaced, i = self.replace[key], i + n
                    break
            else:
                replaced, i = [tokens[i]], i + 1
            for word in replaced:
                if word in self.stopwords:
                    continue
                if repair and word.isdigit() and word not in self.terms:
                    continue  # a number the data does not name ("2020", a house number)
                out.append(self.stem(word))
        return out

    @staticmethod
    def pairs(terms: list[str], gap: int = 1) -> list[str]:
        """Unordered pairs of terms `gap` apart: "lupa password" = "password lupa"."""
        return [
            " ".join(sorted((a, b))) for a, b in zip(terms, terms[gap:], strict=False) if a != b
        ]

    def query_weight(self, term: str) -> float:
        return self.weak_factor if term in self.weak else 1.0


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
        self, analyzer: Analyzer, topics: list[str], docs: list[dict[str, float]]
    ) -> None:
        self.analyzer = analyzer
        self.topics = topics
        self.index = _Index(docs)

    @staticmethod
    def load(lang: str, messages: str, topics: list[str]) -> FaqMatcher:
        """Build (once per language, campaign and topic list) from the locale data files."""
        return _load(lang, messages, tuple(topics))

    def match(self, text: str) -> Match:
        query = self._query(self.analyzer.analyse(text))
        terms = [t for t in query if " " not in t]
        query = {t: w for t, w in query.items() if t in self.index.idf or " " not in t}
        ceiling = self.index.ceiling(query, terms)
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
        out_of_scope = max(confidence[n:], default=0.0)
        if (
            score < THRESHOLD
            or out_of_scope >= OUT_OF_SCOPE_RATIO * score
            # Only weak single words ("bagaimana", "bisa") matched: not enough to answer.
            or not any(
                (w >= 1.0 or " " in t) and self.index.has(t, best) for t, w in query.items()
            )
        ):
            return Match(None, candidates[0][1], candidates)
        return Match(candidates[0][0], candidates[0][1], candidates)

    def _query(self, terms: list[str]) -> dict[str, float]:
        query: dict[str, float] = {}
        for term in terms:
            query[term] = max(query.get(term, 0.0), self.analyzer.query_weight(term))
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
    return FaqMatcher(analyzer, list(topics), docs)
