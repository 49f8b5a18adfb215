"""What a person wants done, read from free text before the FAQ topics.

An FAQ topic answers a question; an intent leads to an action: "saya sudah isi sensus" offers
"Lapor selesai", "tolong datang ke rumah" the visit request, "voucher saya" shows the voucher,
"makasih kak" gets a short friendly reply instead of "Maaf, saya belum paham". An intent may
also name the FAQ topic that answers it better than the matcher's pick ("sensus online itu
apa" is the purpose of the census, not the souvenir), and a variant of the answer ("kena
denda?" gets the answer that starts with the fine).

All phrases are data: `[intents.<name>]` in locales/<lang>/lexicon.toml, read through the
FAQ matcher's analyzer, so slang, Javanese and typos are normalised the same way:
  phrases  the intent when the question's terms (after [replace], stopwords and stemming)
           contain one phrase's terms in order, at most `gap` other terms between two of them;
  allow    with it, the question may hold only the phrase's terms and these: a short
           question ("sensus online itu apa", not "sensus online apa saja yang ditanya");
  alone    the intent only when the whole message is made of these words and `fillers`
           ("makasih ya kak", "ok siap"): a longer message is a question, not a closing;
  unless   phrases (read as `phrases` are) that cancel the intent ("belum isi", "gagal
           kirim" are not "finished");
  topic    the FAQ topic to answer with (replacing the matcher's);
  answer   "<topic>-<variant>": the topic's answer variant to show (faq-wajib-fine-answer);
  own_answer  true: the intent has its own reply and no FAQ topic answers it (becoming a
           census officer): the match is empty, so an FAQ set read through the intents
           counts a question it takes from a topic as a miss.
Intents are tried in the file's order; the first that matches wins. Pure: no I/O but the
package data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from conversations.resident.faq_matcher import Analyzer, FaqMatcher, Match, _read_toml

DEFAULT_GAP = 2


@dataclass(frozen=True)
class Intent:
    name: str
    phrases: tuple[tuple[str, ...], ...]
    alone: frozenset[tuple[str, ...]]
    unless: tuple[tuple[str, ...], ...]
    allow: frozenset[str] | None
    topic: str | None
    answer: str | None
    gap: int
    own: bool = False


@dataclass(frozen=True)
class Understood:
    """The intent (if any) and the FAQ match, the intent's topic already applied."""

    intent: str | None
    match: Match
    answer: str | None = None  # an answer variant's message id, when the intent names one


class IntentReader:
    def __init__(self, matcher: FaqMatcher, intents: list[Intent], fillers: frozenset[str]):
        self.matcher = matcher
        self.analyzer: Analyzer = matcher.analyzer
        self.intents = intents
        self.fillers = fillers
        self.max_alone = max((len(p) for i in intents for p in i.alone), default=1)

    @staticmethod
    def load(lang: str, messages: str, topics: list[str]) -> IntentReader:
        return _load(lang, messages, tuple(topics))

    def intent(self, text: str) -> str | None:
        found = self._intent(text)
        return found.name if found else None

    def _intent(self, text: str) -> Intent | None:
        surface = self.analyzer.words(text, repair=False)
        terms: list[str] | None = None
        for intent in self.intents:
            if intent.alone and self._made_of(surface, intent.alone):
                return intent
            if intent.phrases:
                if terms is None:
                    terms = self.analyzer.analyse(text)
                if any(_in_order(u, terms, intent.gap) for u in intent.unless):
                    continue
                for phrase in intent.phrases:
                    if not _in_order(phrase, terms, intent.gap):
                        continue
                    if intent.allow is None or set(terms) <= intent.allow | set(phrase):
                        return intent
        return None

    def _made_of(self, words: list[str], phrases: frozenset[tuple[str, ...]]) -> bool:
        """The message is only these phrases and fillers, and at least one phrase."""
        i, found = 0, False
        while i < len(words):
            for n in range(min(self.max_alone, len(words) - i), 0, -1):
                if tuple(words[i : i + n]) in phrases:
                    i, found = i + n, True
                    break
            else:
                if words[i] not in self.fillers:
                    return False
                i += 1
        return found

    def understand(self, text: str) -> Understood:
        intent = self._intent(text)
        match = self.matcher.match(text)
        if intent is None:
            return Understood(None, match)
        if intent.own:
            return Understood(intent.name, Match(None, 0.0, []))
        if intent.topic is not None and intent.topic in self.matcher.topics:
            rest = [c for c in match.candidates if c[0] != intent.topic]
            match = Match(intent.topic, max(match.score, 0.5), [(intent.topic, 1.0), *rest][:3])
        answer = f"faq-{intent.answer}-answer" if intent.answer else None
        return Understood(intent.name, match, answer)


def _in_order(phrase: tuple[str, ...], terms: list[str], gap: int) -> bool:
    """Every term of the phrase in `terms`, in order, at most `gap` terms between two."""
    for start, term in enumerate(terms):
        if term != phrase[0]:
            continue
        at, ok = start, True
        for wanted in phrase[1:]:
            window = terms[at + 1 : at + 2 + gap]
            if wanted not in window:
                ok = False
                break
            at = at + 1 + window.index(wanted)
        if ok:
            return True
    return False


def _intents(analyzer: Analyzer, data: dict[str, Any]) -> list[Intent]:
    out: list[Intent] = []
    for name, spec in data.get("intents", {}).items():
        phrases = tuple(
            t for t in (tuple(analyzer.analyse(p, repair=False)) for p in spec.get("phrases", []))
            if t
        )
        alone = frozenset(
            tuple(analyzer.words(p, repair=False)) for p in spec.get("alone", [])
        ) - {()}
        unless = tuple(
            t for t in (tuple(analyzer.analyse(u, repair=False)) for u in spec.get("unless", []))
            if t
        )
        allow = frozenset(
            term for a in spec.get("allow", []) for term in analyzer.analyse(a, repair=False)
        ) if "allow" in spec else None
        out.append(Intent(
            name, phrases, alone, unless, allow, spec.get("topic"), spec.get("answer"),
            int(spec.get("gap", DEFAULT_GAP)), bool(spec.get("own_answer", False)),
        ))
    return out


@cache
def _load(lang: str, messages: str, topics: tuple[str, ...]) -> IntentReader:
    matcher = FaqMatcher.load(lang, messages, list(topics))
    lexicon = _read_toml(lang, "lexicon.toml")
    fillers = frozenset(
        w for f in lexicon.get("intent_fillers", [])
        for w in matcher.analyzer.words(f, repair=False)
    )
    return IntentReader(matcher, _intents(matcher.analyzer, lexicon), fillers)
