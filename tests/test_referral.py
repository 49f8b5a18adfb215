"""Referral codes and the links that carry them; the QR poster reads back as the link."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from bot.renderers.poster import HEIGHT, WIDTH, poster_png
from conversations.tutors import referral
from conversations.tutors.referral import CodeProblem, find_typed, parse_payload

TELEGRAM_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # Telegram's rule for ?start=


def test_new_codes_are_short_typeable_and_never_plain_words() -> None:
    codes = {referral.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 6
        assert not set(code) & set("01OIL")
        assert any(ch.isdigit() for ch in code) and any(ch.isalpha() for ch in code)
        assert referral.parse_code(code) == code


@pytest.mark.parametrize("kind", referral.KINDS)
def test_deep_link_payloads_follow_telegram_rules(kind: referral.Kind) -> None:
    code = referral.new_code()
    link = referral.telegram_link("https://t.me/TutorSensusBot", kind, code)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "t.me", "/TutorSensusBot")
    payload = parse_qs(parts.query)["start"][0]
    assert TELEGRAM_PAYLOAD.match(payload)
    assert payload == f"{kind}-{code}"
    assert parse_payload(payload) == code


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("tutor-K7QM4T", "K7QM4T"),
        ("acara-K7QM4T", "K7QM4T"),
        ("TUTOR-k7qm4t", "K7QM4T"),
        ("K7QM4T", "K7QM4T"),
        ("tutor-" + "A" * 58, CodeProblem.SHAPE),  # 64 characters: allowed, but no code
        ("tutor-" + "A" * 59, CodeProblem.TOO_LONG),  # 65: more than Telegram passes on
        ("tutor-K7QM4T!", CodeProblem.BAD_CHARACTERS),
        ("tutor K7QM4T", CodeProblem.BAD_CHARACTERS),
        ("tutor-K0QM4T", CodeProblem.LOOK_ALIKE),
        ("tutor-K7QM", CodeProblem.SHAPE),
        ("", CodeProblem.EMPTY),
    ],
)
def test_payloads_are_read_or_refused(payload: str, expected: object) -> None:
    assert parse_payload(payload) == expected


@pytest.mark.parametrize(
    ("text", "code", "problem"),
    [
        ("kode tutor K7QM4T", "K7QM4T", None),
        ("Kode Tutor: k7qm4t", "K7QM4T", None),
        ("kode acara #K7QM4T", "K7QM4T", None),
        ("Halo Tutor Sensus, saya ingin dipandu mengisi sensus. Kode tutor K7QM4T",
         "K7QM4T", None),
        ("Hello Tutor Sensus, please guide me. Tutor code K7QM4T", "K7QM4T", None),
        ("kode tutor tutor-K7QM4T", "K7QM4T", None),
        ("kode tutor K7QM", None, CodeProblem.SHAPE),
        ("kode tutor saya", None, CodeProblem.SHAPE),  # nothing else typed: meant as a code
        ("kode tutor", None, CodeProblem.EMPTY),
        ("kode tutor saya hilang", None, None),  # a question, not a code
        ("apa itu kode tutor?", None, None),
        ("tutor sensus itu apa", None, None),
    ],
)
def test_codes_typed_or_prefilled_are_found(text: str, code: str | None,
                                            problem: CodeProblem | None) -> None:
    found = find_typed(text)
    if code is None and problem is None:
        assert found is None
        return
    assert found is not None
    assert (found.code, found.problem) == (code, problem)


def test_whatsapp_text_round_trips_through_url_decoding() -> None:
    text = "Halo Tutor Sensus, saya ingin dipandu mengisi sensus & 100% gratis? Kode tutor K7QM4T"
    link = referral.whatsapp_link("+62 811-2000-2020", text)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/6281120002020")
    assert " " not in link and "&" not in parts.query.removeprefix("text=")
    assert parse_qs(parts.query)["text"] == [text]
    found = find_typed(parse_qs(parts.query)["text"][0])
    assert found is not None and found.code == "K7QM4T"


def decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
            if r.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize(
    "link",
    [
        "https://t.me/TutorSensusBot?start=tutor-K7QM4T",
        referral.whatsapp_link(
            "6281120002020",
            "Halo Tutor Sensus, saya ingin dipandu mengisi sensus. Kode tutor K7QM4T"),
    ],
)
def test_the_poster_decodes_back_to_the_link(link: str) -> None:
    png = poster_png(link, "Ayo isi SP2020 Online! Pindai kode QR ini untuk dipandu.",
                     "Tutor Sensus: Siti Aminah, S.Pd.",
                     "Lewat Telegram · kode tutor K7QM4T · situs resmi hanya sensus.bps.go.id")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    assert decode(png) == [link]
    # Printed small (a quarter of the page, as a photo of the poster would be) it still reads.
    small = image.resize((WIDTH // 3, HEIGHT // 3))
    assert [r.text for r in zxingcpp.read_barcodes(small)] == [link]


def test_a_long_name_still_fits_the_poster() -> None:
    link = "https://t.me/TutorSensusBot?start=acara-K7QM4T"
    png = poster_png(link, "Ayo isi SP2020 Online! " * 6, "Pengisian Bersama " * 8, "x " * 80)
    assert decode(png) == [link]
