"""Words people type that the engine itself understands (greetings), per language.

They live in locales/<lang>/words.toml, beside the messages, so a new language needs no code.
Every language's words are accepted whatever language the person chose.

A greeting is a message made only of greeting words and the words people add to them
("assalamualaikum kak", "pagi min", "selamat siang bapak ibu"). Religious greetings and the
greetings of a time of day are answered in kind ("Wa'alaikumsalam", "Selamat pagi") before
the menu: a bare menu after "assalamualaikum" reads as rude.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

from conversations.core.i18n import LANGUAGES
from conversations.core.text import normalise

GreetingKind = Literal["religious", "time", "plain"]


@dataclass(frozen=True)
class Words:
    greetings: frozenset[str]
    religious: frozenset[str] = frozenset()
    time_of_day: frozenset[str] = frozenset()
    fillers: frozenset[str] = frozenset()
    # Typed language names -> language code ("inggris" -> "en"), for the /bahasa screen.
    languages: dict[str, str] = field(default_factory=dict)
    # Short answers ("iya", "nggih", "gak") and the first words of the labels they pick
    # ("Ya, terima kasih", "Belum"): see `answer_kind`.
    yes: frozenset[str] = frozenset()
    no: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> Words:
        found: dict[str, set[str]] = {"greetings": set(), "religious": set(), "time": set(),
                                      "fillers": set(), "yes": set(), "no": set()}
        languages: dict[str, str] = {}
        for lang in LANGUAGES:
            path = resources.files("locales").joinpath(lang, "words.toml")
            if path.is_file():
                data = tomllib.loads(path.read_text(encoding="utf-8"))
                found["greetings"].update(normalise(w) for w in data.get("greetings", []))
                found["religious"].update(normalise(w) for w in data.get("religious", []))
                found["time"].update(normalise(w) for w in data.get("time_of_day", []))
                for key in ("fillers", "yes", "no"):
                    found[key].update(normalise(w) for w in data.get(key, []))
                for code, names in data.get("languages", {}).items():
                    languages.update((normalise(n), code) for n in names if code in LANGUAGES)
        return cls(
            frozenset(found["greetings"] | found["religious"] | found["time"]),
            frozenset(found["religious"]),
            frozenset(found["time"]),
            frozenset(found["fillers"]),
            languages,
            frozenset(found["yes"]),
            frozenset(found["no"]),
        )

    def answer_kind(self, text: str) -> Literal["yes", "no"] | None:
        """"yes" or "no" for a short answer typed alone ("iya kak", "gak") or a label's first
        word ("Ya, hapus", "Tidak"), so that "iya" picks the one "Ya, …" on a yes/no screen."""
        words = [w for w in normalise(text).split() if w not in self.fillers or w in self.yes]
        if len(words) != 1:
            return None
        return "yes" if words[0] in self.yes else "no" if words[0] in self.no else None

    def label_kind(self, label: str) -> Literal["yes", "no"] | None:
        words = normalise(label).split()
        return self.answer_kind(words[0]) if words else None

    def language(self, text: str) -> str | None:
        """The language a typed name means ("bahasa inggris" -> "en"), or None."""
        return self.languages.get(normalise(text))

    def is_greeting(self, text: str) -> bool:
        return self.greeting_kind(text) is not None

    def greeting_kind(self, text: str) -> GreetingKind | None:
        """None when the text is not only a greeting; else the kind to answer in."""
        words = normalise(text).split()
        longest = max((len(g.split()) for g in self.greetings), default=1)
        kinds: list[GreetingKind] = []
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                phrase = " ".join(words[i : i + n])
                if phrase in self.greetings:
                    kinds.append(
                        "religious" if phrase in self.religious
                        else "time" if phrase in self.time_of_day else "plain"
                    )
                    i += n
                    break
            else:
                if words[i] not in self.fillers:
                    return None
                i += 1
        if not kinds:
            return None
        # "assalamualaikum, selamat pagi": the religious greeting is answered first.
        for kind in ("religious", "time"):
            if kind in kinds:
                return kind  # type: ignore[return-value]
        return "plain"
