"""A printable QR poster (PNG): a call to action, the QR code of a link, and whose poster it is.

Pure: takes texts that are already translated and returns PNG bytes. The QR code uses error
correction level H (30 % of it may be damaged: a poster on a noticeboard gets folded, stained
and photographed at an angle). The page is A4 at 150 dpi (1240 × 1754 px): a quarter-page
QR code is about 12 cm wide on paper, which phones read from a few metres.

Text is drawn with Pillow's bundled font (`ImageFont.load_default(size=...)`, Pillow ≥ 10.1),
so no font file has to be installed on the server.
"""

from __future__ import annotations

import io

import segno
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1240, 1754  # A4 portrait at 150 dpi
MARGIN = 90
QR_WIDTH = 1000  # target; the real width is a whole number of pixels per module
INK = 0
PAPER = 255
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int) -> Font:
    return ImageFont.load_default(size=size)


def _width(draw: ImageDraw.ImageDraw, text: str, font: Font) -> float:
    return draw.textlength(text, font=font)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and _width(draw, candidate, font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _fit(
    draw: ImageDraw.ImageDraw, text: str, width: int, size: int, smallest: int, max_lines: int
) -> tuple[Font, list[str]]:
    """The largest font (down to `smallest`) at which `text` needs at most `max_lines` lines
    of `width`; at the smallest size it wraps to as many lines as it needs."""
    while True:
        font = _font(size)
        lines = _wrap(draw, text, font, width)
        fits = len(lines) <= max_lines and all(_width(draw, ln, font) <= width for ln in lines)
        if fits or size <= smallest:
            return font, lines
        size -= 4


def _block(
    draw: ImageDraw.ImageDraw, lines: list[str], font: Font, top: int, spacing: float = 1.25
) -> int:
    """Centred lines from `top`; returns the y below them."""
    size = getattr(font, "size", 12)
    y = top
    for line in lines:
        x = (WIDTH - _width(draw, line, font)) / 2
        draw.text((x, y), line, font=font, fill=INK)
        y += int(size * spacing)
    return y


def qr_image(link: str, width: int = QR_WIDTH) -> Image.Image:
    """The QR code of `link` (error correction H, quiet zone of 4 modules), about `width` px."""
    code = segno.make(link, error="h", boost_error=False, micro=False)
    modules = code.symbol_size(scale=1, border=4)[0]
    scale = max(1, width // modules)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def poster_png(link: str, call_to_action: str, name_line: str, footer: str = "") -> bytes:
    """The poster: `call_to_action` on top, the QR code of `link`, `name_line` under it
    (whose poster) and a small `footer` (the code, the site), centred on the page."""
    page = Image.new("L", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(page)
    text_width = WIDTH - 2 * MARGIN
    head_font, head = _fit(draw, call_to_action, text_width, 80, 48, 2)
    name_font, names = _fit(draw, name_line, text_width, 60, 36, 2)
    foot_font, feet = _fit(draw, footer, text_width, 36, 26, 3) if footer else (_font(36), [])

    def height(font: Font, lines: list[str]) -> int:
        return int(len(lines) * getattr(font, "size", 12) * 1.25)

    gap = 50
    texts = height(head_font, head) + height(name_font, names) + height(foot_font, feet)
    qr = qr_image(link, min(QR_WIDTH, HEIGHT - 2 * MARGIN - texts - 3 * gap))
    total = texts + qr.height + (3 if feet else 2) * gap
    y = max(MARGIN, (HEIGHT - total) // 2)
    y = _block(draw, head, head_font, y) + gap
    page.paste(qr, ((WIDTH - qr.width) // 2, y))
    y = _block(draw, names, name_font, y + qr.height + gap)
    if feet:
        _block(draw, feet, foot_font, y + gap // 2)
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True, dpi=(150, 150))
    return out.getvalue()
