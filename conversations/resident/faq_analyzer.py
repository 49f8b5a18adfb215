"""The FAQ matcher's text analysis (conversations/resident/faq_matcher.py has the pipeline):
normalise, repair unknown words (affixes, missing spaces, typos via rapidfuzz), slang,
Javanese and English to Indonesian, stopwords, stemming (PySastrawi), and pairs of
neighbouring words. Also used by the intents (conversations/resident/intents.py). All language
knowledge is data: locales/<lang>/lexicon.toml and the campaign's FAQ file."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

MIN_FUZZY_LENGTH = 4
CACHE_LIMIT = 50_000  # stemmed and repaired words kept in memory


class FaqDataError(Exception):
    """A lexicon or topic file is missing or incomplete; the message names the file."""


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
