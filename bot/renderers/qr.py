"""QR codes as PNG images (a voucher code a staff member can scan from the resident's phone)."""

from __future__ import annotations

import io

import segno

_ERROR_LEVELS = ("l", "m", "q", "h")


def qr_png(data: str, *, scale: int = 8, border: int = 4, error: str = "m") -> bytes:
    """A PNG of a (regular, not micro) QR code holding `data`.

    `scale` is pixels per module; `border` is the quiet zone in modules (4 is what the QR
    standard asks for; scanners struggle with less). `error` is the error correction level,
    l/m/q/h (7/15/25/30 % of the code may be damaged); segno raises it further when that
    fits in the same symbol size.
    """
    if error.lower() not in _ERROR_LEVELS:
        raise ValueError(f"error must be one of l, m, q, h; got {error!r}")
    if scale < 1:
        raise ValueError(f"scale must be at least 1 pixel per module; got {scale}")
    if border < 0:
        raise ValueError(f"border must not be negative; got {border}")
    code = segno.make(data, error=error.lower(), micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=border)
    return out.getvalue()
