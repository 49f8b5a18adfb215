"""Voucher codes: random enough, readable, and every typo of one character is caught."""

from __future__ import annotations

import math
import random
import re

import pytest

from conversations.core.voucher_codes import (
    ALPHABET,
    ENTROPY_BITS,
    EXCLUDED,
    RANDOM_LENGTH,
    CodeProblem,
    generate,
    parse,
)

SHAPE = re.compile(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


@pytest.fixture(scope="module")
def codes() -> list[str]:
    return [generate() for _ in range(10_000)]


def test_codes_have_the_documented_shape_and_no_look_alikes(codes: list[str]) -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set(EXCLUDED) & set(ALPHABET)
    for code in codes:
        assert SHAPE.fullmatch(code), code
    used = set("".join(codes).replace("-", ""))
    assert used == set(ALPHABET)  # every symbol occurs: the random part is not biased away


def test_codes_are_unique(codes: list[str]) -> None:
    assert len(set(codes)) == len(codes)


def test_every_generated_code_parses_back(codes: list[str]) -> None:
    for code in codes:
        assert parse(code) == code


def test_entropy_is_at_least_40_bits() -> None:
    assert RANDOM_LENGTH == 11
    assert ENTROPY_BITS == pytest.approx(11 * math.log2(31))
    assert ENTROPY_BITS >= 40


@pytest.mark.parametrize(
    "typed",
    [
        "{code}",
        "{lower}",
        "{compact}",
        "{lower_compact}",
        "  {code}\n",
        "{g1} {g2} {g3}",
        "{g1}–{g2}–{g3}",  # en dashes from a phone keyboard
        "{g1}{g2} - {g3}",
    ],
)
def test_any_case_and_separators_are_accepted(typed: str) -> None:
    code = generate()
    g1, g2, g3 = code.split("-")
    text = typed.format(
        code=code, lower=code.lower(), compact=code.replace("-", ""),
        lower_compact=code.replace("-", "").lower(), g1=g1, g2=g2, g3=g3,
    )
    assert parse(text) == code


def test_wrong_length() -> None:
    code = generate()
    for text in ["", "kode", code[:-1], code + "A", code + code, code.replace("-", "")[1:]]:
        assert parse(text) is CodeProblem.WRONG_LENGTH


def test_look_alikes_and_punctuation_are_bad_characters() -> None:
    code = generate()
    for ch in "0O1IlL#.":
        typed = ch + code[1:]
        assert parse(typed) is CodeProblem.BAD_CHARACTER, typed


def _substitutions(code: str) -> list[str]:
    compact = code.replace("-", "")
    return [
        compact[:i] + other + compact[i + 1 :]
        for i, ch in enumerate(compact)
        for other in ALPHABET
        if other != ch
    ]


def _adjacent_transpositions(code: str) -> list[str]:
    compact = code.replace("-", "")
    return [
        compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :]
        for i in range(len(compact) - 1)
        if compact[i] != compact[i + 1]
    ]


def test_every_single_wrong_character_is_caught(codes: list[str]) -> None:
    typos = [typo for code in codes[:300] for typo in _substitutions(code)]
    caught = sum(parse(typo) is CodeProblem.BAD_CHECK for typo in typos)
    assert len(typos) == 300 * 12 * 30
    assert caught / len(typos) == 1.0


def test_every_swap_of_neighbours_is_caught(codes: list[str]) -> None:
    typos = [typo for code in codes for typo in _adjacent_transpositions(code)]
    caught = sum(parse(typo) is CodeProblem.BAD_CHECK for typo in typos)
    assert len(typos) > 100_000
    assert caught / len(typos) == 1.0


def test_random_garbage_of_the_right_shape_fails_the_check_about_30_times_in_31() -> None:
    rng = random.Random(31)
    tries = 31_000
    valid = sum(
        isinstance(parse("".join(rng.choice(ALPHABET) for _ in range(12))), str)
        for _ in range(tries)
    )
    assert 700 < valid < 1300  # about 1 in 31 (1000) pass the check; the database decides
