"""KK/NIK numbers: found in free text, masked, digested with a key, parsed in a KK field."""

from __future__ import annotations

import hashlib
import hmac
import random
import re

import pytest

from conversations.core.personal_numbers import (
    NumberProblem,
    Redacted,
    Redactor,
    find_numbers,
    number_problem,
)

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
WOMAN_NIK = "3325014107900001"  # Batang, born 01-07-1990, day 01 + 40 = 41: a woman
KK = "3325012345678901"  # digits 7-8 are "23": a KK or a man's NIK


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(KEY)


def reference_digest(digits: str, key: bytes = KEY) -> str:
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def test_number_in_a_sentence_is_replaced_by_its_mask(redactor: Redactor) -> None:
    text, found = redactor.redact("nik saya 3325014107900001 gk kedaftar")
    assert text == "nik saya •••• 0001 gk kedaftar"
    assert found == [
        Redacted(
            digest=reference_digest(WOMAN_NIK), mask="•••• 0001", region="3325",
            looks_like_nik=True,
        )
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "3325 0123 4567 8901",
        "3325.0123.4567.8901",
        "3325-012345678901",
        "3325-0123-4567-8901",
        "332501 234567 8901",
        "3325\u00a00123\u00a04567\u00a08901",  # no-break spaces from a copied text
        "3325–0123–4567–8901",  # en dashes a phone keyboard put in
        "３３２５０１２３４５６７８９０１",  # full-width digits
    ],
)
def test_grouped_numbers_are_found_and_digest_like_the_plain_digits(
    redactor: Redactor, typed: str
) -> None:
    text, found = redactor.redact(f"KK: {typed}, tolong dicek")
    assert text == "KK: •••• 8901, tolong dicek"
    assert [item.digest for item in found] == [reference_digest(KK)]
    assert redactor.digest(typed) == reference_digest(KK)


@pytest.mark.parametrize(
    "text",
    [
        "hubungi +62 812-3456-7890 atau 0285 391234",  # phone numbers
        "HP 0812 3456 7890 atau 0856 1234 5678",  # two phone numbers
        "tanggal 02/03/2020 jam 10.15, RT 05 RW 03",  # dates, times, RT/RW
    ],
)
def test_other_digit_runs_are_left_alone(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text) == (text, [])
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("typed", "hidden"),
    [
        ("NIP saya 19800101 200501 1 001", 18),  # a NIP outside the step asking for one
        ("NIP 198001012005011001", 18),  # typed in one block
        ("kk 332501234567890123", 18),  # a KK with two stray digits
        ("3325 0123 4567 8901 12", 18),  # the same in groups
        ("99 3325 0123 4567 8901 1", 19),
        ("3325/0123/4567/8901/12", 18),  # slashes: no piece alone is a number
        ("12/3325_0123_4567_8901", 18),
        ("1234 5678 9012 3456 7890", 20),  # 20 digits in groups of four
        ("0333250123456789012345678", 25),
        ("HP 0812 3456 7890 / 0856 1234 5678", 24),  # (two phone numbers: hidden together)
    ],
)
def test_longer_runs_that_may_hold_a_number_are_hidden_whole(
    redactor: Redactor, typed: str, hidden: int
) -> None:
    text, found = redactor.redact(typed)
    assert not re.search(r"\d", re.sub("•••• [0-9]{4}", "", text))  # only the mask's four
    assert [item.digits for item in found] == [hidden]


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("nomor 33250141079000012", 17),  # one digit too many: still someone's number
        ("KK 3325 0123 4567 890", 15),  # one too few
        ("KK 3325/0123/4567/89012", 17),
    ],
)
def test_mistyped_numbers_are_hidden_too_with_their_digit_count(
    redactor: Redactor, typed: str, digits: int
) -> None:
    text, found = redactor.redact(typed)
    assert "0123" not in text and "4567" not in text and "07900" not in text
    assert [item.digits for item in found] == [digits]
    assert text.endswith("•••• " + _canonical_tail(typed))


def _canonical_tail(typed: str) -> str:
    return re.sub(r"\D", "", typed)[-4:]


@pytest.mark.parametrize(
    "separator",
    ["/", "  ", "_", ",", "\n", "\t", "\u200b", "\u202f", "\u2002", "\u2212", "\u00ad",
     " / ", ".\u200b", "\r\n"],
)
def test_every_kind_of_separator_is_understood(redactor: Redactor, separator: str) -> None:
    typed = separator.join(["3325", "0123", "4567", "8901"])
    text, found = redactor.redact(f"kk saya {typed} ya")
    assert text == "kk saya •••• 8901 ya"
    assert [item.digest for item in found] == [reference_digest(KK)]


def test_arabic_indic_digits_with_odd_separators_are_hidden(redactor: Redactor) -> None:
    arabic = "".join(chr(0x0660 + int(d)) for d in KK)
    typed = "\u200b".join(arabic[i:i + 4] for i in range(0, 16, 4))
    _, found = redactor.redact(typed)
    assert [item.digest for item in found] == [reference_digest(KK)]


def test_a_phone_then_a_kk_after_a_comma_hides_only_the_kk(redactor: Redactor) -> None:
    text, found = redactor.redact("0812 3456 7890, 3325 0123 4567 8901")
    assert text == "0812 3456 7890, •••• 8901"
    assert [item.digest for item in found] == [reference_digest(KK)]


def test_numbers_typed_back_to_back_are_each_masked(redactor: Redactor) -> None:
    cases = {
        "3325014107900001 3325012345678901": "•••• 0001 •••• 8901",
        "3325 0141 0790 0001 3325 0123 4567 8901": "•••• 0001 •••• 8901",
        "3325014107900001 3325 0123 4567 8901": "•••• 0001 •••• 8901",
        "KK 3325012345678901\nNIK 3325014107900001": "KK •••• 8901\nNIK •••• 0001",
        "RT 05 3325014107900001": "RT 05 •••• 0001",
    }
    for typed, expected in cases.items():
        text, found = redactor.redact(typed)
        assert text == expected
        assert [item.mask for item in found] == re.findall("•••• [0-9]{4}", expected)


def test_a_number_typed_onto_stray_digits_is_hidden_with_its_rest(redactor: Redactor) -> None:
    # Found by the property test: six stray digits, then a mistyped 17-digit number cut by one
    # space. The block typed together holds only its first nine digits; the rest, after the
    # space, must not stay readable (8 of the number's digits in plain text).
    for zero, one in (("0", "1"), ("\u0660", "\u0661")):
        typed = "000000000100020 00300010".replace("0", zero).replace("1", one)
        text, found = redactor.redact(typed)
        assert len(found) == 2
        assert not re.search(r"\d", re.sub(r"•••• \d{4}", "", text)), text


def test_the_rest_of_a_number_after_a_wider_gap_is_hidden_but_a_spaced_phone_stays(
    redactor: Redactor,
) -> None:
    # Found by the property test: five stray digits, then an 18-digit number cut by two
    # spaces: the first piece is 15 digits (hidden), the rest "02000300" was left readable.
    for zero, one, two, three in (("0", "1", "2", "3"), ("\u0660", "\u0661", "\u0662", "\u0663")):
        typed = "000000001000100  02000300"
        for ascii_digit, digit in (("0", zero), ("1", one), ("2", two), ("3", three)):
            typed = typed.replace(ascii_digit, digit)
        text, found = redactor.redact(typed)
        assert len(found) == 2
        assert not re.search(r"\d", re.sub(r"•••• \d{4}", "", text)), text
    # A phone grouped as people write one, beside a KK, is still readable (to call back).
    text, _ = redactor.redact("3325 0123 4567 8901, 0812 3456 7890")
    assert text.endswith(", 0812 3456 7890")


def test_no_digit_sequence_of_a_number_survives_redaction(redactor: Redactor) -> None:
    rng = random.Random(2020)
    separators = ["", " ", ".", "-"]
    for _ in range(500):
        digits = "".join(rng.choice("0123456789") for _ in range(16))
        sep = rng.choice(separators)
        typed = sep.join(digits[i : i + 4] for i in range(0, 16, 4))
        before = rng.choice(["", "nik ", "No. KK: ", "(", "kk saya\n"])
        after = rng.choice(["", " ya", ".", ")", " tapi gagal terus"])
        text, found = redactor.redact(before + typed + after)
        assert text == f"{before}•••• {digits[-4:]}{after}"
        assert [item.digest for item in found] == [reference_digest(digits)]


def test_digest_depends_on_the_key() -> None:
    one, other = Redactor(KEY), Redactor(OTHER_KEY)
    assert one.digest(KK) != other.digest(KK)
    assert one.digest(KK) == Redactor(KEY).digest(KK)


def test_digest_refuses_anything_but_one_number(redactor: Redactor) -> None:
    for wrong in ["332501234567890", "33250123456789012", "KK 3325012345678901"]:
        with pytest.raises(ValueError) as info:
            redactor.digest(wrong)
        assert not re.search(r"\d{5}", str(info.value))  # never the digits themselves


@pytest.mark.parametrize(
    ("number", "looks_like_nik"),
    [
        ("3325014107900001", True),  # day 41: born on the 1st, a woman
        ("3325017112900001", True),  # day 71: born on the 31st, a woman
        ("3325014007900001", False),  # day 40 does not exist either way
        ("3325017212900001", False),
        ("3325010107900001", False),  # day 01: a man's NIK or a KK issued on the 1st
        ("3325013112190001", False),
    ],
)
def test_only_a_womans_birth_day_marks_a_nik(
    redactor: Redactor, number: str, looks_like_nik: bool
) -> None:
    result = redactor.parse_number(number)
    assert isinstance(result, Redacted)
    assert result.looks_like_nik is looks_like_nik
    assert result.region == "3325"


@pytest.mark.parametrize(
    "typed",
    [
        "3325012345678901",
        " 3325 0123 4567 8901 ",
        "No. KK: 3325-0123-4567-8901.",
        "3325/0123/4567/8901",
        "kk saya 3325 0123 4567 8901 pak",
    ],
)
def test_kk_field_accepts_the_number_however_it_is_typed(
    redactor: Redactor, typed: str
) -> None:
    result = redactor.parse_number(typed)
    assert result == Redacted(
        digest=reference_digest(KK), mask="•••• 8901", region="3325", looks_like_nik=False
    )
    assert number_problem(typed) is None


@pytest.mark.parametrize(
    ("typed", "kind", "digit_count"),
    [
        ("", NumberProblem.EMPTY, 0),
        ("   \n", NumberProblem.EMPTY, 0),
        ("gak tau", NumberProblem.NOT_DIGITS, 0),
        ("3325O12345678901", NumberProblem.NOT_DIGITS, 15),  # the letter O for a zero
        ("3325 0123 4567 89o1", NumberProblem.NOT_DIGITS, 15),
        ("3325 0123 4567 890", NumberProblem.TOO_SHORT, 15),
        ("0812-3456-7890", NumberProblem.TOO_SHORT, 12),
        ("33250123456789012", NumberProblem.TOO_LONG, 17),
        ("19800101 200501 1 001", NumberProblem.TOO_LONG, 18),
        ("3325012345678901 3325014107900001", NumberProblem.SEVERAL, 32),
        ("KK 3325012345678901 NIK 3325014107900001", NumberProblem.SEVERAL, 32),
    ],
)
def test_kk_field_says_what_is_wrong(
    redactor: Redactor, typed: str, kind: str, digit_count: int
) -> None:
    result = redactor.parse_number(typed)
    assert result == NumberProblem(kind, digit_count)  # type: ignore[arg-type]
    assert number_problem(typed) == result


def test_redacted_text_parses_as_a_problem_not_a_number(redactor: Redactor) -> None:
    text, _ = redactor.redact("3325012345678901")
    problem = number_problem(text)
    assert problem is not None and problem.kind is NumberProblem.TOO_SHORT


def test_nothing_printable_shows_the_number(redactor: Redactor) -> None:
    shown = [
        repr(redactor),
        repr(redactor.parse_number(WOMAN_NIK)),
        repr(redactor.parse_number(WOMAN_NIK + "9")),
        repr(redactor.redact(f"nik {WOMAN_NIK}")),
    ]
    for text in shown:
        assert WOMAN_NIK[:12] not in text
        assert KEY.decode() not in text


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError):
        Redactor(b"")
    with pytest.raises(ValueError):
        Redactor(b"short")


def test_find_numbers_gives_the_spans_redact_masks_in_the_same_order(
    redactor: Redactor,
) -> None:
    text = "KK 3325 0123 4567 8901, NIK 3325014107900001 3325-0141-0790-0002, HP 0812 3456 7890"
    spans = find_numbers(text)
    _, found = redactor.redact(text)
    assert [text[start:end][-4:] for start, end in spans] == ["8901", "0001", "0002"]
    assert [item.digest for item in found] == [
        redactor.digest(text[start:end]) for start, end in spans
    ]
