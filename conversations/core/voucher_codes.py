"""Souvenir voucher codes: short, easy to read aloud and type, and typos are caught.

Shape: three groups of four characters, `K7QM-4TXR-9ABF`. The first 11 characters are random
(from `secrets`), the last one is a check character.

Alphabet: the 31 characters `23456789ABCDEFGHJKMNPQRSTUVWXYZ`. The digits 0 and 1 and the
letters O, I and L are left out because they are mistaken for one another on screens, on
paper and when read aloud ("nol" or "O"?). U and V stay: they are rarely confused in print,
and 31 is a prime number, which is what makes the check character below catch every single
wrong character and every swap of neighbours.

Entropy: 11 random characters from 31 symbols, 11 × log2(31) ≈ 54.5 bits (31^11 ≈ 2.5·10^16
codes). With a million codes issued, a guess is valid once in about 2.5·10^10 tries.

Check character: with values v0…v10 for the random characters (their positions in the
alphabet) and weights 2…12, the check character's value c makes
    1·c + Σ (i + 2)·v_i ≡ 0 (mod 31).
The weights 1…12 are different and none is a multiple of 31, and 31 is prime, so
- one wrong character changes the sum by w·d with w, d ≢ 0, which is never ≡ 0: caught;
- swapping two different neighbours a, b changes it by (w_i − w_j)·(a − b) ≢ 0: caught
  (the same holds for any two swapped positions, not only neighbours).
A typed character outside the alphabet (0, O, 1, I, L, punctuation) is never mapped to a
guess: 0 could be meant as D or Q, 1 as 7 or T. It is reported as `BAD_CHARACTER`, so the
reply can say which characters codes never contain.
"""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from enum import Enum

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = (4, 4, 4)
LENGTH = sum(GROUPS)  # characters without separators
RANDOM_LENGTH = LENGTH - 1
ENTROPY_BITS = RANDOM_LENGTH * math.log2(len(ALPHABET))
EXCLUDED = "0O1IL"  # look-alikes that never appear in a code

_BASE = len(ALPHABET)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_CHECK_WEIGHT = 1
_WEIGHTS = tuple(range(2, 2 + RANDOM_LENGTH))
# Spaces, hyphens and the dashes phone keyboards substitute may separate the groups.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_]+")


class CodeProblem(Enum):
    """Not a `str`, so `isinstance(result, str)` tells a code from a problem."""

    WRONG_LENGTH = "wrong_length"  # not 12 characters once separators are removed
    BAD_CHARACTER = "bad_character"  # a character codes never contain (0, O, 1, I, L, …)
    BAD_CHECK = "bad_check"  # "kode salah": a typo; a code not issued is the caller's check


def _check_character(body: str) -> str:
    total = sum(w * _VALUE[ch] for w, ch in zip(_WEIGHTS, body, strict=True))
    # c such that _CHECK_WEIGHT * c + total ≡ 0; with weight 1 that is -total.
    value = (-total * pow(_CHECK_WEIGHT, -1, _BASE)) % _BASE
    return ALPHABET[value]


def _format(compact: str) -> str:
    groups, start = [], 0
    for size in GROUPS:
        groups.append(compact[start : start + size])
        start += size
    return "-".join(groups)


def generate() -> str:
    """A new random code in canonical form, e.g. "K7QM-4TXR-9ABF"."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return _format(body + _check_character(body))


def parse(text: str) -> str | CodeProblem:
    """The canonical code ("K7QM-4TXR-9ABF") for what a person typed, or what is wrong.

    Any case, spaces or hyphens between (or inside) the groups, or none at all.
    """
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if len(compact) != LENGTH:
        return CodeProblem.WRONG_LENGTH
    if any(ch not in _VALUE for ch in compact):
        return CodeProblem.BAD_CHARACTER
    if _check_character(compact[:-1]) != compact[-1]:
        return CodeProblem.BAD_CHECK
    return _format(compact)
