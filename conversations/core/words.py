"""Words people type that the engine itself understands (greetings), per language.

They live in locales/<lang>/words.toml, beside the messages, so a new language needs no code.
Every language's words are accepted whatever language the person chose.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from conversations.core.i18n import LANGUAGES
from conversations.core.text import normalise


@dataclass(frozen=True)
class Words:
    greetings: frozenset[str]

    @classmethod
    def load(cls) -> Words:
        greetings: set[str] = set()
        for lang in LANGUAGES:
            path = resources.files("locales").joinpath(lang, "words.toml")
            if path.is_file():
                data = tomllib.loads(path.read_text(encoding="utf-8"))
                greetings.update(normalise(w) for w in data.get("greetings", []))
        return cls(frozenset(greetings))

    def is_greeting(self, text: str) -> bool:
        return normalise(text) in self.greetings
