"""The NIP (Nomor Induk Pegawai) of a civil servant (ASN): 18 digits with a structure.

    19800101 200501 1 001
    │        │      │ └── serial number (3 digits, 001–999)
    │        │      └──── sex: 1 man, 2 woman
    │        └─────────── appointment (TMT CPNS): year and month, YYYYMM
    └──────────────────── date of birth: YYYYMMDD

`check` validates the structure and says what is wrong, so the reply can explain it kindly
("the month of birth 13 does not exist"). A NIP that passes can still be someone else's: this
is a check against typos, not a proof of identity (the registration code does that job).

Pure: no I/O. The digits are not secret the way a KK is (they appear on official letters),
but they are personal data; callers keep them only where an admin needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

LENGTH = 18
OLDEST_BIRTH_YEAR = 1940  # nobody born earlier is still in service
MIN_AGE_AT_APPOINTMENT = 17  # lenient: CPNS are appointed at 18 or older, by year and month

# Spaces, dots and dashes between groups are allowed (as printed: "19800101 200501 1 001").
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2013]+")


class NipProblem(StrEnum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"  # letters or other characters between the digits
    LENGTH = "length"  # not 18 digits (`digit_count` says how many)
    BIRTH_DATE = "birth_date"  # digits 1-8 are not a real date (`part`)
    BIRTH_YEAR = "birth_year"  # a real date, but too long ago or too recent (`part`)
    APPOINTMENT = "appointment"  # digits 9-14: month 00 or over 12 (`part`)
    APPOINTMENT_FUTURE = "appointment_future"  # after today (`part`)
    APPOINTMENT_TOO_YOUNG = "appointment_too_young"  # before the age of 17 (`part`)
    SEX = "sex"  # digit 15 is not 1 or 2 (`part`)
    SERIAL = "serial"  # digits 16-18 are 000


@dataclass(frozen=True)
class Nip:
    digits: str  # the 18 digits, no separators
    born: date
    appointed: tuple[int, int]  # (year, month)
    sex: int  # 1 man, 2 woman
    serial: int

    @property
    def grouped(self) -> str:
        """As printed on letters: 19800101 200501 1 001."""
        return grouped(self.digits)


def grouped(digits: str) -> str:
    """18 digits as printed on letters ("19800101 200501 1 001"); spreadsheets keep this as
    text, where a bare 18-digit number would lose its last digits."""
    d = digits
    return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}" if len(d) == LENGTH else d


@dataclass(frozen=True)
class NipError:
    problem: NipProblem
    digit_count: int = 0
    part: str = ""  # the digits that are wrong (for the reply), e.g. "19801301"


def digits_of(text: str) -> str:
    return _SEPARATORS.sub("", text.strip())


def check(text: str, today: date) -> Nip | NipError:
    """The NIP in `text`, or what is wrong with it (the first problem, left to right)."""
    raw = digits_of(text)
    if not raw:
        return NipError(NipProblem.EMPTY)
    if not raw.isascii() or not raw.isdigit():
        count = sum(ch.isdigit() for ch in raw)
        return NipError(NipProblem.NOT_DIGITS, digit_count=count)
    if len(raw) != LENGTH:
        return NipError(NipProblem.LENGTH, digit_count=len(raw))
    birth, appointment, sex, serial = raw[:8], raw[8:14], raw[14], raw[15:]
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        return NipError(NipProblem.BIRTH_DATE, LENGTH, birth)
    # Born in the future, before 1940, or too young to have been appointed yet: "20150315"
    # is a real date, but no civil servant was born in 2015.
    if born.year < OLDEST_BIRTH_YEAR or born.year > today.year - MIN_AGE_AT_APPOINTMENT:
        return NipError(NipProblem.BIRTH_YEAR, LENGTH, birth)
    year, month = int(appointment[:4]), int(appointment[4:])
    if not 1 <= month <= 12:
        return NipError(NipProblem.APPOINTMENT, LENGTH, appointment)
    if (year, month) > (today.year, today.month):
        return NipError(NipProblem.APPOINTMENT_FUTURE, LENGTH, appointment)
    if (year - MIN_AGE_AT_APPOINTMENT, month) < (born.year, born.month):
        return NipError(NipProblem.APPOINTMENT_TOO_YOUNG, LENGTH, appointment)
    if sex not in "12":
        return NipError(NipProblem.SEX, LENGTH, sex)
    if serial == "000":
        return NipError(NipProblem.SERIAL, LENGTH, serial)
    return Nip(raw, born, (year, month), int(sex), int(serial))


def mask(digits: str) -> str:
    """For places that need to tell NIPs apart without showing them: "•••• 1001"."""
    return f"•••• {digits[-4:]}"
