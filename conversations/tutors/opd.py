"""An OPD (work unit) typed instead of picked: abbreviations from the campaign file
("disdukcapil"), typos ("dinas kesehtan") and a word of the name ("kependudukan"), as long as
one OPD only fits. Pure."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from conversations.core.text import normalise


def typed_opd(text: str, opds: list[str], aliases: dict[str, list[str]]) -> str | None:
    typed = normalise(text)
    if len(typed) < 2:
        return None
    names = {normalise(o): o for o in opds}
    names.update((normalise(a), o) for o, forms in aliases.items() for a in forms)
    if typed in names:
        return names[typed]
    close = {names[n] for n, score, _ in process.extract(
        typed, list(names), scorer=fuzz.ratio, score_cutoff=85, limit=None)}
    if len(close) == 1:
        return close.pop()
    # Every typed word in one OPD's name ("kependudukan", "dinas pertanian"), if just one.
    if len(typed) >= 4:
        words = {names[n] for n in names if fuzz.token_set_ratio(typed, n) >= 95
                 and all(w in n.split() for w in typed.split())}
        if len(words) == 1:
            return words.pop()
    return None
