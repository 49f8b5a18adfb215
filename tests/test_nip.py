"""The NIP of a civil servant: 18 digits, birth date, appointment, sex, serial."""

from __future__ import annotations

from datetime import date

import pytest

from conversations.core.nip import Nip, NipError, NipProblem, check, grouped, mask

TODAY = date(2020, 3, 2)


@pytest.mark.parametrize(
    ("typed", "problem", "part", "count"),
    [
        ("", NipProblem.EMPTY, "", 0),
        ("   ", NipProblem.EMPTY, "", 0),
        ("nip saya", NipProblem.NOT_DIGITS, "", 0),
        ("19800101 2005O1 1 001", NipProblem.NOT_DIGITS, "", 17),  # letter O for zero
        ("１９８００１０１２００５０１１００１", NipProblem.NOT_DIGITS, "", 18),  # full-width
        ("19800101 200501 1 00", NipProblem.LENGTH, "", 17),
        ("19800101 200501 1 0011", NipProblem.LENGTH, "", 19),
        ("1980010120050110", NipProblem.LENGTH, "", 16),
        ("19801301 200501 1 001", NipProblem.BIRTH_DATE, "19801301", 18),  # month 13
        ("19800230 200501 1 001", NipProblem.BIRTH_DATE, "19800230", 18),  # 30 February
        ("19810229 200501 1 001", NipProblem.BIRTH_DATE, "19810229", 18),  # not a leap year
        ("19350101 200501 1 001", NipProblem.BIRTH_YEAR, "19350101", 18),
        ("20250101 200501 1 001", NipProblem.BIRTH_YEAR, "20250101", 18),  # after today
        ("19800101 200500 1 001", NipProblem.APPOINTMENT, "200500", 18),
        ("19800101 200513 1 001", NipProblem.APPOINTMENT, "200513", 18),
        ("19800101 202004 1 001", NipProblem.APPOINTMENT_FUTURE, "202004", 18),
        ("19800101 199001 1 001", NipProblem.APPOINTMENT_TOO_YOUNG, "199001", 18),  # aged 10
        ("19800101 200501 3 001", NipProblem.SEX, "3", 18),
        ("19800101 200501 0 001", NipProblem.SEX, "0", 18),
        ("19800101 200501 1 000", NipProblem.SERIAL, "000", 18),
    ],
)
def test_what_is_wrong_is_named(typed: str, problem: NipProblem, part: str, count: int) -> None:
    result = check(typed, TODAY)
    assert isinstance(result, NipError), result
    assert result.problem is problem
    assert result.part == part
    assert result.digit_count == count


@pytest.mark.parametrize(
    "typed",
    [
        "198001012005011001",
        "19800101 200501 1 001",
        " 19800101.200501.1.001 ",
        "19800101-200501-1-001",
        "19920229 202003 2 999",  # born on a leap day; appointed this month; a woman
        "19970301 201403 2 010",  # appointed the month of the 17th birthday (lenient)
    ],
)
def test_valid_numbers_pass_in_any_usual_layout(typed: str) -> None:
    result = check(typed, TODAY)
    assert isinstance(result, Nip), result
    assert len(result.digits) == 18 and result.digits.isdigit()


def test_the_parts_are_read() -> None:
    result = check("19800115 200507 2 042", TODAY)
    assert isinstance(result, Nip)
    assert result.born == date(1980, 1, 15)
    assert result.appointed == (2005, 7)
    assert (result.sex, result.serial) == (2, 42)
    assert result.grouped == "19800115 200507 2 042" == grouped(result.digits)
    assert mask(result.digits) == "•••• 2042"
