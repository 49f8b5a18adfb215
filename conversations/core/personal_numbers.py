"""KK and NIK numbers (16 digits) are never stored or logged in plain text.

A resident may type a Nomor Kartu Keluarga (KK) or a NIK anywhere: in a field that asks for
it, or in a free-text question ("nik saya 3325014107900001 gk kedaftar"). Before text is
saved, `Redactor.redact` replaces every such number with a mask ("•••• 0001") and returns, per
number, a keyed digest that can be compared with other digests made with the same key, the
region code and the last four digits: enough to help a person, not enough to recover the
number. The digest is HMAC-SHA256 with a secret key because the space of plausible numbers
is small (region codes times dates times a 4-digit serial), so a plain hash could be reversed
by trying them all; without the key it cannot.

Nothing here logs, prints or puts digits into exception messages.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

LENGTH = 16

# Between digit groups a person may type one space (also a no-break space), a dot, or a dash
# (hyphen-minus, or the dashes that phone keyboards substitute).
_SEP_CHARS = " \u00a0.-\u2010\u2011\u2012\u2013"
_SEP = f"[{re.escape(_SEP_CHARS)}]"

RUN_PATTERN: re.Pattern[str] = re.compile(
    # A run of exactly 16 digits, each pair optionally split by one separator, that is not
    # part of a longer run: "3325 0123 4567 8901", "3325.0123.4567.8901", "3325-012345678901".
    # An 18-digit NIP ("19800101 200501 1 001") or a 20-digit run is not cut into a match.
    rf"(?<!\d)(?<!\d{_SEP})\d(?:{_SEP}?\d){{{LENGTH - 1}}}(?!{_SEP}?\d)"
    # Or 16 digits typed without separators, even when another group of digits follows
    # after a separator: "3325014107900001 3325014107900002", "RT 05 3325014107900001".
    # No NIP, phone or account layout has 16 digits in one block.
    rf"|(?<!\d)\d{{{LENGTH}}}(?!\d)"
)

# Any maximal run of digits joined by single separators (for numbers typed back to back).
_ANY_RUN = re.compile(rf"\d(?:{_SEP}?\d)*")
_DIGIT = re.compile(r"\d")


def _canonical(text: str) -> str:
    """The ASCII digits of `text` ("３３" and "33" are the same number)."""
    return "".join(str(int(ch)) for ch in _DIGIT.findall(text))


@dataclass(frozen=True)
class Redacted:
    """What may be kept about one KK or NIK number.

    `looks_like_nik` is a firm hint only in one direction. Digits 7–12 of a KK are the date
    it was issued (DDMMYY); digits 7–12 of a NIK are the holder's date of birth (DDMMYY), with
    40 added to the day for women. So digits 7–8 between 41 and 71 can only be a woman's NIK
    (`True`). Any other value (`False`) may be a KK or a man's NIK: it does not mean "KK".
    """

    digest: str = field(repr=False)  # hex HMAC-SHA256 of the 16 ASCII digits, keyed
    mask: str  # "•••• 8901": the last 4 digits only
    region: str  # first 4 digits: province and regency code, "3325" is Kabupaten Batang
    looks_like_nik: bool


class NumberProblemKind(StrEnum):
    EMPTY = "empty"  # nothing typed
    NOT_DIGITS = "not_digits"  # letters between the digits, or no digits at all
    TOO_SHORT = "too_short"  # fewer than 16 digits
    TOO_LONG = "too_long"  # more than 16 digits (and not several whole numbers)
    SEVERAL = "several"  # two or more 16-digit numbers where one was asked for


@dataclass(frozen=True)
class NumberProblem:
    """Why typed text is not one 16-digit number, and how many digits were found.

    Compare `kind` like an enum: `problem.kind is NumberProblem.TOO_SHORT`. `digit_count` is
    how many digits were found (the digits themselves are never kept), so a reply can say
    "Anda mengetik 15 angka; Nomor KK ada 16 angka".
    """

    kind: NumberProblemKind
    digit_count: int

    EMPTY: ClassVar[NumberProblemKind] = NumberProblemKind.EMPTY
    NOT_DIGITS: ClassVar[NumberProblemKind] = NumberProblemKind.NOT_DIGITS
    TOO_SHORT: ClassVar[NumberProblemKind] = NumberProblemKind.TOO_SHORT
    TOO_LONG: ClassVar[NumberProblemKind] = NumberProblemKind.TOO_LONG
    SEVERAL: ClassVar[NumberProblemKind] = NumberProblemKind.SEVERAL


def find_numbers(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the 16-digit numbers in `text`, in order.

    These are the `RUN_PATTERN` matches, plus numbers typed back to back: in a run of digit
    groups, what is left beside the matches is cut every 16 digits when its digit count is a
    multiple of 16 ("3325 0141 0790 0001 3325 0141 0790 0002" is two numbers).
    """
    matches = [m.span() for m in RUN_PATTERN.finditer(text)]
    spans = list(matches)
    for run in _ANY_RUN.finditer(text):
        cursor, end = run.span()
        for match_start, match_end in [m for m in matches if cursor <= m[0] < end] + [(end, end)]:
            spans += _cut(text, cursor, match_start)
            cursor = match_end
    return sorted(spans)


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    positions = [m.start() for m in _DIGIT.finditer(text, start, end)]
    if not positions or len(positions) % LENGTH:
        return []
    firsts = range(0, len(positions), LENGTH)
    return [(positions[i], positions[i + LENGTH - 1] + 1) for i in firsts]


class Redactor:
    """Masks and digests KK/NIK numbers with one secret key (see bot.secret_key)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the key must be at least 16 bytes (see bot.secret_key)")
        self._key = bytes(key)

    def __repr__(self) -> str:
        return "Redactor(key=<hidden>)"

    def digest(self, digits: str) -> str:
        """Hex HMAC-SHA256 of the 16 digits; separators in `digits` are ignored."""
        canonical = _canonical(digits)
        if len(canonical) != LENGTH or _DIGIT.sub("", digits).strip(_SEP_CHARS):
            raise ValueError(f"expected {LENGTH} digits and separators; {len(canonical)} digits")
        return hmac.new(self._key, canonical.encode("ascii"), hashlib.sha256).hexdigest()

    def _redacted(self, digits: str) -> Redacted:
        return Redacted(
            digest=hmac.new(self._key, digits.encode("ascii"), hashlib.sha256).hexdigest(),
            mask=mask(digits),
            region=digits[:4],
            looks_like_nik=41 <= int(digits[6:8]) <= 71,
        )

    def redact(self, text: str) -> tuple[str, list[Redacted]]:
        """`text` with every 16-digit number replaced by its mask, and the numbers in order.

        "nik saya 3325014107900001 gk kedaftar" -> "nik saya •••• 0001 gk kedaftar".
        """
        parts: list[str] = []
        found: list[Redacted] = []
        last = 0
        for start, end in find_numbers(text):
            item = self._redacted(_canonical(text[start:end]))
            parts += [text[last:start], item.mask]
            found.append(item)
            last = end
        parts.append(text[last:])
        return "".join(parts), found

    def parse_number(self, text: str) -> Redacted | NumberProblem:
        """One KK (or NIK) number typed into a field that asks for exactly one.

        See `number_problem` for what is accepted; never raises, never logs.
        """
        problem = number_problem(text)
        return problem if problem is not None else self._redacted(_canonical(text))


def number_problem(text: str) -> NumberProblem | None:
    """What is wrong with `text` as one KK (or NIK) number, or None when it is one.

    Needs no key, so it also works on text that was already redacted. Spaces, dots, dashes
    and other punctuation between the digits are fine, and so are words before or after the
    number ("No. KK: 3325 0123 4567 8901"). Letters between the digits are not ("3325O123…":
    the letter O for a zero).
    """
    if not text.strip():
        return NumberProblem(NumberProblemKind.EMPTY, 0)
    count = len(_DIGIT.findall(text))
    if len(find_numbers(text)) > 1 or (count > LENGTH and count % LENGTH == 0):
        return NumberProblem(NumberProblemKind.SEVERAL, count)
    if count == 0:
        return NumberProblem(NumberProblemKind.NOT_DIGITS, 0)
    positions = [m.start() for m in _DIGIT.finditer(text)]
    if any(ch.isalpha() for ch in text[positions[0] : positions[-1] + 1]):
        return NumberProblem(NumberProblemKind.NOT_DIGITS, count)
    if count < LENGTH:
        return NumberProblem(NumberProblemKind.TOO_SHORT, count)
    if count > LENGTH:
        return NumberProblem(NumberProblemKind.TOO_LONG, count)
    return None


def mask(digits: str) -> str:
    """"•••• 8901": what a reply may show of a number (its last four digits)."""
    return "•••• " + _canonical(digits)[-4:]
