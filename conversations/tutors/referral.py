"""Referral codes of tutors and events, and the links that carry them. Pure: no I/O.

A code is 6 characters from the voucher alphabet (no 0/O, 1/I/L look-alikes), with at least
one digit and one letter, e.g. `K7QM4T`: short enough to read aloud and type after "kode tutor".
Tutors' and events' codes share one namespace (the store checks both tables).

Links:
- Telegram deep link `https://t.me/<bot>?start=<payload>`; Telegram passes the payload as
  "/start <payload>" and allows only `A-Z a-z 0-9 _ -`, at most 64 characters. The payload is
  "<kind>-<code>" ("tutor-K7QM4T", "acara-K7QM4T"), 12 characters.
- WhatsApp click-to-chat `https://wa.me/<number>?text=<prefilled text>`: the person sends the
  prefilled text ("... kode tutor K7QM4T") as their first message; `find_typed` reads it back,
  as it reads a code typed later by hand.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal
from urllib.parse import quote

from conversations.core.voucher_codes import ALPHABET

Kind = Literal["tutor", "acara"]
KINDS: tuple[Kind, ...] = ("tutor", "acara")
CODE_LENGTH = 6
PAYLOAD_MAX = 64  # Telegram's limit for a deep-link parameter
# The channels by name, in what a person reads (posters, the accounts of one tutor).
CHANNEL_NAMES = {"telegram": "Telegram", "whatsapp": "WhatsApp", "console": "konsol"}
PAYLOAD_ALPHABET = re.compile(r"^[A-Za-z0-9_-]+$")
_LETTERS = frozenset(ch for ch in ALPHABET if ch.isalpha())
_DIGITS = frozenset(ch for ch in ALPHABET if ch.isdigit())

# "kode tutor K7QM4T", "Kode acara: K7QM4T", "tutor code K7QM4T", "event code #K7QM4T".
_TYPED = re.compile(
    r"\b(?:kode\s+(?:tutor|acara)|(?:tutor|event)\s+code)\b[\s:#=-]*([^\s.,;!?()\"']*)",
    re.IGNORECASE,
)


class CodeProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"  # a payload over 64 characters (Telegram would not pass it)
    BAD_CHARACTERS = "bad_characters"  # outside A-Z a-z 0-9 _ - (a broken or forged link)
    LOOK_ALIKE = "look_alike"  # 0, O, 1, I or L: codes never contain them
    SHAPE = "shape"  # not 6 letters and digits


@dataclass(frozen=True)
class Typed:
    """A code found in what a person typed: `code` or `problem` (and the raw `text`)."""

    text: str
    code: str | None = None
    problem: CodeProblem | None = None


def new_code() -> str:
    """A fresh random code with at least one digit and one letter (never a plain word)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if _LETTERS & set(code) and _DIGITS & set(code):
            return code


def parse_code(text: str) -> str | CodeProblem:
    """A typed code in canonical form (upper case), or what is wrong with it."""
    code = text.strip().upper()
    if not code:
        return CodeProblem.EMPTY
    if len(code) > PAYLOAD_MAX or not PAYLOAD_ALPHABET.match(code):
        return CodeProblem.BAD_CHARACTERS if len(code) <= PAYLOAD_MAX else CodeProblem.TOO_LONG
    if len(code) == CODE_LENGTH and set(code) <= set(ALPHABET):
        return code
    if any(ch in "0O1IL" for ch in code) and len(code) == CODE_LENGTH:
        return CodeProblem.LOOK_ALIKE
    return CodeProblem.SHAPE


def payload(kind: Kind, code: str) -> str:
    value = f"{kind}-{code}"
    assert len(value) <= PAYLOAD_MAX and PAYLOAD_ALPHABET.match(value), value
    return value


def parse_payload(value: str) -> str | CodeProblem:
    """The code in a deep-link payload ("tutor-K7QM4T", or a bare code)."""
    value = value.strip()
    if not value:
        return CodeProblem.EMPTY
    if len(value) > PAYLOAD_MAX:
        return CodeProblem.TOO_LONG
    if not PAYLOAD_ALPHABET.match(value):
        return CodeProblem.BAD_CHARACTERS
    prefix, sep, rest = value.partition("-")
    if sep and prefix.lower() in KINDS:
        value = rest
    return parse_code(value)


def find_typed(text: str) -> Typed | None:
    """A code in typed text ("kode tutor K7QM4T"), or None when the text names none.

    "kode tutor saya hilang" is a question, not a code: after the words, a token counts as a
    code when it has a digit, is typed in capitals, or is all that follows.
    """
    match = _TYPED.search(text)
    if match is None:
        return None
    token = match.group(1)
    rest = (text[: match.start()] + text[match.end():]).strip(" \t\n.,;:!?")
    looks_like_code = any(ch.isdigit() for ch in token) or (token.isupper() and len(token) > 1)
    if not token or not (looks_like_code or not rest):
        return None if rest else Typed(text, problem=CodeProblem.EMPTY)
    result = parse_payload(token) if "-" in token else parse_code(token)
    if isinstance(result, CodeProblem):
        return Typed(token, problem=result)
    return Typed(token, code=result)


def telegram_link(bot_link: str, kind: Kind, code: str) -> str:
    """`bot_link` is the bot's own https://t.me/<username>."""
    return f"{bot_link.rstrip('/')}?start={payload(kind, code)}"


def whatsapp_link(number: str, text: str) -> str:
    """Click-to-chat: `number` in international form, digits only (no "+", no leading 0)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"https://wa.me/{digits}?text={quote(text, safe='')}"
