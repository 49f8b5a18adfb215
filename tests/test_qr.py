"""QR PNGs decode back to what was put in (read with zxing-cpp, as a phone scanner would)."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from bot.renderers.qr import qr_png
from conversations.core.voucher_codes import generate


def decode(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]


def test_voucher_code_reads_back() -> None:
    code = generate()
    assert decode(qr_png(code)) == [code]


@pytest.mark.parametrize("error", ["l", "m", "q", "h", "H"])
def test_every_error_level_reads_back(error: str) -> None:
    text = "https://example.org/voucher?kode=K7QM-4TXR-9ABF&nama=Désa Pecalongan ✓"
    assert decode(qr_png(text, error=error, scale=3)) == [text]


def test_scale_and_border_set_the_image_size() -> None:
    code = generate()
    small = Image.open(io.BytesIO(qr_png(code, scale=4, border=4)))
    large = Image.open(io.BytesIO(qr_png(code, scale=8, border=4)))
    wide_border = Image.open(io.BytesIO(qr_png(code, scale=4, border=8)))
    assert large.size == (2 * small.width, 2 * small.height)
    assert wide_border.width == small.width + 2 * 4 * 4
    assert decode(qr_png(code, scale=4, border=4)) == [code]


@pytest.mark.parametrize(
    "kwargs", [{"error": "x"}, {"scale": 0}, {"border": -1}]
)
def test_wrong_arguments_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        qr_png("K7QM-4TXR-9ABF", **kwargs)  # type: ignore[arg-type]
