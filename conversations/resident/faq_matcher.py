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

    def knows(self, word: str) -> bool:
        """A dictionary word, or a word the stemmer takes down to one ("mengatur" -> "atur")."""
        return self.is_root(word) or self.is_root(self.stem(word))


class Analyzer:
    """Turns text into terms: stemmed content words plus unordered pairs of neighbours."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        self.replace: dict[str, list[str]] = {
            k: v.split() for k, v in lexicon.get("replace", {}).items()
        }
        self._add_places(lexicon)
        self.max_phrase = max((len(k.split()) for k in self.replace), default=1)
        # One word for one word ("org" -> "orang"): a phrase also matches when its words are
        # typed this way, so "org asing" is "orang asing" and "durung wni" is "belum wni".
        self.single: dict[str, str] = {
            k: v[0] for k, v in self.replace.items() if " " not in k and len(v) == 1
        }
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
        self._repairs: dict[str, tuple[list[str], bool]] = {}
        # Filled by the index: every word the data knows, and every stemmed term it holds.
        self.surface: set[str] = set(self.stopwords | self.protect | self.weak)
        for key, value in self.replace.items():
            self.surface.update(key.split())
            self.surface.update(value)
        self.terms: set[str] = set()
        self._by_letter: dict[str, list[str]] = {}

    def _add_places(self, lexicon: dict[str, Any]) -> None:
        """A country named is abroad ("kerja di taiwan" -> "kerja di luar negeri"), one of its
        people a foreigner ("wong malaysia" -> "wna"); a place in the country but outside the
        region is away ("kerja di bekasi" -> "kerja di luar kota"). The name itself says no
        more than that. Explicit [replace] entries win."""
        abroad = str(lexicon.get("abroad_word", "")).split()
        foreigner = str(lexicon.get("foreigner_word", "")).split()
        citizens = lexicon.get("citizen_of", [])
        people = lexicon.get("people_of", [])
        ancestry = set(lexicon.get("ancestry", []))
        # "bahasa inggris", "drama korea": the country names a kind of thing, not a place.
        kinds = lexicon.get("kind_of", [])
        for country, forms in lexicon.get("countries", {}).items():
            for form in forms:
                self.replace.setdefault(form, abroad)
                for before in [*citizens, *(people if country not in ancestry else [])]:
                    self.replace.setdefault(f"{before} {form}", foreigner)
                for kind in kinds:
                    self.replace.setdefault(f"{kind} {form}", kind.split())
        away = str(lexicon.get("away_word", "")).split()
        for forms in lexicon.get("places", {}).values():
            for form in forms:
                self.replace.setdefault(form, away)

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
        return self._repair(word)[0]

    def _repair(self, word: str) -> tuple[list[str], bool]:
        """The repaired words, and whether they are a guess (a missing space or a typo: the
        person may have meant another word altogether, "langka" is not "langkah")."""
        if word in self._repairs:
            return self._repairs[word]
        result, guessed = [word], False
        if not word.isdigit() and not self.known(word):
            fixed = next((v for v in self._affix_variants(word) if self.known(v)), None)
            if fixed is not None:
                result = [fixed]
            elif self._stemmer.knows(word):
                pass  # a real word the data does not have ("mengatur"), not a typo of one
            elif (split := self._split(word)) is not None:
                result, guessed = split, True
            elif (typo := self._typo(word)) is not None:
                result, guessed = [typo], True
        if len(self._repairs) >= CACHE_LIMIT:
            self._repairs.clear()
        self._repairs[word] = (result, guessed)
        return result, guessed

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
        return [word for word, _ in self._words(text, repair)]

    def _words(self, text: str, repair: bool) -> list[tuple[str, bool]]:
        tokens = self._characters(text)
        if not repair:
            return [(token, False) for token in tokens]
        out: list[tuple[str, bool]] = []
        for token in tokens:
            repaired, guessed = self._repair(token)
            out.extend((word, guessed) for word in repaired)
        return out

    def analyse(self, text: str, *, repair: bool = True) -> list[str]:
        """Content terms in order: replaced, without stopwords, stemmed."""
        return [term for term, _ in self.analyse_guessed(text, repair=repair)]

    def analyse_guessed(self, text: str, *, repair: bool = True) -> list[tuple[str, bool]]:
        """Content terms, each with whether it comes from a guessed repair (see `_repair`)."""
        tokens = self._words(text, repair)
        out: list[tuple[str, bool]] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_phrase, len(tokens) - i), 0, -1):
                key = " ".join(word for word, _ in tokens[i : i + n])
                if n > 1 and key not in self.replace:
                    key = " ".join(self.single.get(word, word) for word, _ in tokens[i : i + n])
                if key in self.replace:
                    replaced = self.replace[key]
                    guessed = any(g for _, g in tokens[i : i + n])
                    i += n
                    break
            else:
                replaced, guessed = self._replaced_clitic(tokens[i][0]), tokens[i][1]
                i += 1
            for word in replaced:
                if word in self.stopwords:
                    continue
                if repair and word.isdigit() and word not in self.terms:
                    continue  # a number the data does not name ("2020", a house number)
                out.append((self.stem(word), guessed))
        return out

    def _replaced_clitic(self, word: str) -> list[str]:
        """ "ngisinya" is "ngisi" (-> "isi") with "-nya": replaced like the word without it.
        A word known as it is stays ("sekolah" is not "seko" + "-lah")."""
        if word in self.surface or self._stemmer.knows(word):
            return [word]
        for clitic in self.clitics:
            if word.endswith(clitic) and word[: -len(clitic)] in self.replace:
                return self.replace[word[: -len(clitic)]]
        return [word]

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
