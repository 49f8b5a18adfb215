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

# Between digit groups a person (or their phone's keyboard, or a copied text) may put any
# short run of characters that are neither letters nor digits: spaces of every kind, tabs,
# newlines, slashes, underscores, commas, dots, dashes and minus signs, zero-width spaces,
# soft hyphens. `[^\w]|_` is exactly "not a letter or digit of any script".
SEPARATOR_RUN_MAX = 6
_SEP = r"(?:[^\w]|_)"
# The separators people used before phones got creative: one of these alone between two
# groups binds them more tightly than anything else (see `find_numbers`).
_LIGHT = frozenset(" \u00a0.-\u2010\u2011\u2012\u2013")

# Any maximal run of digit groups joined by short separator runs.
_ANY_RUN = re.compile(rf"\d(?:{_SEP}{{0,{SEPARATOR_RUN_MAX}}}\d)*")
# A separator run between two digits.
_GAP = re.compile(rf"(?<=\d){_SEP}+(?=\d)")
# One block of 15 or more digits typed without separators (a KK, maybe with stray digits).
# The fewest digits of a number that must never be left in plain text beside a hidden one.
_LEAK = 8
_BLOCK = re.compile(rf"(?<!\d)\d{{{LENGTH - 1},}}(?!\d)")
_DIGIT = re.compile(r"\d")
_SOLID = re.compile(rf"\d{{{_LEAK},}}")  # digits typed together, no separator


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
    # 16, or 15 / 17 for a number typed with a digit too few or too many, or more for a
    # longer run that may hold one (all hidden alike; a step says how many it got).
    digits: int = LENGTH


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
    """Spans (start, end) of the KK/NIK numbers in `text`: 16 digits, a mistyped 15 or 17, or
    a longer run that may hold one (a KK with stray digits around it, an 18-digit NIP).

    A run of digit groups joined by short separator runs (`_ANY_RUN`) is one number when it
    has 15 to 17 digits, however it is grouped ("3325/0123/4567/8901", "3325 0123\t4567_8901",
    Arabic-Indic or full-width digits). A longer run is several numbers typed back to back
    when its digit count is a multiple of 16. Otherwise it is split where something other
    than one space, dot or dash stands between two groups, so that a phone number beside a
    KK stays readable ("0812 3456 7890, 3325 0123 4567 8901": only the KK is hidden); pieces
    that hold no number on their own but 15 digits or more together are hidden together
    ("3325/0123/4567/8901/12"). Without such separators, a block of 15 digits or more typed
    without any is hidden wherever it is ("RT 05 3325014107900001"), with 8 digits or more
    beside it (they may be the rest of a number typed onto stray digits), and a run that has
    none is hidden whole ("3325 0123 4567 8901 12", an 18-digit NIP "19800101 200501 1
    001"). Nothing of 15 digits or more typed together is ever left: only the step that
    asks for a NIP sees one (`redaction.protect_payload`, `keep_nip`).
    """
    spans: list[tuple[int, int]] = []
    for run in _ANY_RUN.finditer(text):
        spans += _numbers_in(text, run.start(), run.end())
    return sorted(spans)


def digit_count(text: str) -> int:
    return len(_DIGIT.findall(text))


def _numbers_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The numbers in text[start:end], which begins and ends with a digit."""
    positions = [m.start() for m in _DIGIT.finditer(text, start, end)]
    count = len(positions)
    if count < LENGTH - 1:
        return []
    if count <= LENGTH + 1:
        return [(start, end)]
    if count % LENGTH == 0:
        firsts = range(0, count, LENGTH)
        return [(positions[i], positions[i + LENGTH - 1] + 1) for i in firsts]
    heavy = [gap.span() for gap in _GAP.finditer(text, start, end)
             if not (gap.end() - gap.start() == 1 and text[gap.start()] in _LIGHT)]
    if heavy:
        return _pieces(text, start, end, heavy)
    blocks = [m.span() for m in _BLOCK.finditer(text, start, end)]
    if not blocks:
        return [(start, end)]  # 18 digits or more in light groups: nothing to tell apart
    found = [span for a, b in blocks
             for span in ([(a, b)] if (b - a) % LENGTH else _numbers_in(text, a, b))]
    cursor = start
    for block_start, block_end in [*blocks, (end, end)]:
        rest = [m.start() for m in _DIGIT.finditer(text, cursor, block_start)]
        if len(rest) >= LENGTH - 1:
            found += _numbers_in(text, rest[0], rest[-1] + 1)
        elif len(rest) >= _LEAK:
            # Beside a block, with only a space, dot or dash between: it may be the rest of a
            # number whose first digits were typed onto stray ones ("000000" + "000100020"
            # " 00300010"), so it is hidden too; a short one ("RT 05") stays readable.
            found.append((rest[0], rest[-1] + 1))
        cursor = block_end
    return found


def _pieces(
    text: str, start: int, end: int, gaps: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The numbers of the pieces between `gaps`; neighbouring pieces that hold none but
    together have 15 digits or more are one hidden span (a KK cut up by slashes, with a
    stray digit group: no piece alone looks like a number)."""
    found: list[tuple[int, int]] = []
    loose: list[tuple[int, int]] = []  # neighbouring pieces without a number, so far

    def close_loose(before_number: bool) -> None:
        # (Loose runs end only at a number or at the end, so `found` holds something exactly
        # when these loose pieces follow a piece that held a number.)
        if loose and sum(digit_count(text[a:b]) for a, b in loose) >= LENGTH - 1:
            found.append((loose[0][0], loose[-1][1]))
        elif found or before_number:
            # A solid block of 8 digits or more beside a number may be its rest, cut off
            # after stray digits ("00000" + "0001000100", "  ", "02000300"): hidden too. A
            # phone grouped by spaces ("0812 3456 7890") beside a KK stays readable.
            found.extend((a, b) for a, b in loose if _SOLID.fullmatch(text, a, b))
        loose.clear()

    cursor = start
    for gap_start, gap_end in [*gaps, (end, end)]:
        numbers = _numbers_in(text, cursor, gap_start)
        if numbers:
            close_loose(before_number=True)
            found += numbers
        else:
            loose.append((cursor, gap_start))
        cursor = gap_end
    close_loose(before_number=False)
    return found


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
        if len(canonical) != LENGTH or re.search(r"[^\W\d_]", digits):
            raise ValueError(f"expected {LENGTH} digits and separators; {len(canonical)} digits")
        return hmac.new(self._key, canonical.encode("ascii"), hashlib.sha256).hexdigest()

    def hide(self, text: str) -> Redacted:
        """What may be kept of the number in `text` (a span `find_numbers` found)."""
        return self._redacted(_canonical(text))

    def _redacted(self, digits: str) -> Redacted:
        return Redacted(
            digest=hmac.new(self._key, digits.encode("ascii"), hashlib.sha256).hexdigest(),
            mask=mask(digits),
            region=digits[:4],
            looks_like_nik=41 <= int(digits[6:8]) <= 71,
            digits=len(digits),
        )

    def redact(self, text: str) -> tuple[str, list[Redacted]]:
        """`text` with every KK/NIK number replaced by its mask, and the numbers in order
        (a mistyped one of 15 or 17 digits, or a longer run, too, with its `digits` count).

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
