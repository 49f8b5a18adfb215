"""What one `Reply` becomes on WhatsApp: `plan` cuts it into Cloud API messages (text, reply
buttons, a list, a media part), each within WhatsApp's limits. Pure; sent by
`WhatsAppChannel.send` (bot/channels/whatsapp.py)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field

from conversations.core.models import Choice, Reply

# --- Cloud API limits ------------------------------------------------------------------------
TEXT_MAX = 4096
BODY_MAX = 1024  # the body of an interactive message, and a media caption
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
# The list's opening button and its one section's title. A Reply carries no language, so these
# are in the campaign's default language (Indonesian).
LIST_BUTTON = "Pilih"
LIST_SECTION = "Pilihan"
EMPTY_BODY = "👇"  # an interactive message needs a body


# --- outgoing: what one Reply becomes ---------------------------------------------------------
@dataclass(frozen=True)
class TextPart:
    text: str


@dataclass(frozen=True)
class ButtonsPart:
    text: str
    buttons: tuple[tuple[str, str], ...]  # (id, title)


@dataclass(frozen=True)
class ListPart:
    text: str
    rows: tuple[tuple[str, str, str | None], ...]  # (id, title, description)


@dataclass(frozen=True)
class MediaPart:
    kind: str  # "image" or "document"
    content: bytes = field(repr=False)
    mime_type: str
    file_name: str
    caption: str | None


Part = TextPart | ButtonsPart | ListPart | MediaPart


def _squash(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where that keeps most of it, with "…"."""
    text = _squash(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-/(") + "…"


def titles(labels: list[str], limit: int, numbers: list[int] | None = None) -> list[str]:
    """Short titles that still tell the choices apart: numbered when shortening merges two
    (with the numbers the engine reads when typed: `numbers`, else positions)."""
    numbers = numbers or list(range(1, len(labels) + 1))
    short = [shorten(label, limit) or str(n) for n, label in zip(numbers, labels, strict=True)]
    if len({s.casefold() for s in short}) == len(short):
        return short
    return [shorten(f"{n}. {label}", limit) for n, label in zip(numbers, labels, strict=True)]


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, a line or a space if possible."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        end, start = limit, limit
        for separator in ("\n\n", "\n", " "):
            at = rest.rfind(separator, 0, limit + 1)
            if at >= limit // 2:
                end, start = at, at + len(separator)
                break
        pieces.append(rest[:end].rstrip())
        rest = rest[start:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def image_mime(content: bytes) -> tuple[str, str]:
    if content.startswith(b"\x89PNG"):
        return "image/png", "gambar.png"
    return "image/jpeg", "gambar.jpg"


def _choices_part(text: str, choices: list[Choice]) -> Part:
    labels = [_squash(c.label) for c in choices]
    fits_buttons = (
        len(choices) <= BUTTONS_MAX
        and all(0 < len(label) <= BUTTON_TITLE_MAX for label in labels)
        and len({label.casefold() for label in labels}) == len(labels)
    )
    body = text or EMPTY_BODY
    if fits_buttons:
        return ButtonsPart(body, tuple((c.id, label) for c, label in zip(choices, labels,
                                                                          strict=True)))
    rows = []
    numbers = [c.number or n for n, c in enumerate(choices, start=1)]
    for choice, label, title in zip(choices, labels, titles(labels, ROW_TITLE_MAX, numbers),
                                    strict=True):
        description = choice.description or (label if title != label else None)
        rows.append((choice.id, title,
                     shorten(description, ROW_DESCRIPTION_MAX) if description else None))
    return ListPart(body, tuple(rows))


def plan(reply: Reply) -> list[Part]:
    """The Cloud API messages one reply becomes, in order, each within WhatsApp's limits."""
    parts: list[Part] = []
    text = reply.text.strip()
    choices = list(reply.choices)
    attachment: tuple[str, bytes, str, str] | None = None
    if reply.image is not None:
        attachment = ("image", reply.image, *image_mime(reply.image))
    elif reply.document is not None:
        doc = reply.document
        mime = doc.mime_type
        if mime == "application/octet-stream":  # the Cloud API takes only known types
            mime = mimetypes.guess_type(doc.file_name)[0] or "text/plain"
        attachment = ("document", doc.content, mime, doc.file_name)
    if attachment is not None:
        caption = text if text and not choices and len(text) <= BODY_MAX else None
        parts.append(MediaPart(*attachment, caption=caption))
        if caption is not None:
            return parts
    if choices and len(choices) > ROWS_MAX:
        # More than a list holds (the engine pages its screens, so only other callers get
        # here): numbered options; the engine understands a typed number.
        numbered = "\n".join(f"{c.number or n}. {_squash(c.label)}"
                             for n, c in enumerate(choices, 1))
        text = f"{text}\n\n{numbered}" if text else numbered
        choices = []
    if not choices:
        parts.extend(TextPart(piece) for piece in split_text(text, TEXT_MAX))
        return parts
    pieces = split_text(text, TEXT_MAX)
    last = pieces.pop() if pieces else ""
    *head, body = split_text(last, BODY_MAX) or [""]
    parts.extend(TextPart(piece) for piece in [*pieces, *head])
    parts.append(_choices_part(body, choices))
    return parts
