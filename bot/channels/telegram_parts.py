"""Telegram's shapes of a reply and a message: inline keyboards (as PTB objects and as the Bot
API's JSON for the direct calls) and the media a message carries. Pure; used by
`TelegramChannel` (bot/channels/telegram.py)."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from conversations.core.models import Choice, Media, MediaKind

PAIR_LABEL_MAX = 14  # two short buttons share a row; longer ones get a row of their own


def keyboard_rows(choices: list[Choice]) -> list[list[Choice]]:
    """Two short buttons share a row; a long one gets a row of its own."""
    rows: list[list[Choice]] = []
    pending: list[Choice] = []
    for choice in choices:
        if len(choice.label) > PAIR_LABEL_MAX:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([choice])
            continue
        pending.append(choice)
        if len(pending) == 2:
            rows.append(pending)
            pending = []
    if pending:
        rows.append(pending)
    return rows


def keyboard(choices: list[Choice]) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(c.label, callback_data=c.id) for c in row]
        for row in keyboard_rows(choices)
    ])


def keyboard_json(choices: list[Choice]) -> dict[str, Any] | None:
    """`keyboard` as the Bot API's JSON, without building PTB objects (the direct calls)."""
    if not choices:
        return None
    return {"inline_keyboard": [[{"text": c.label, "callback_data": c.id} for c in row]
                                for row in keyboard_rows(choices)]}


def media_of(message: Message) -> Media | None:
    if message.photo:
        largest = message.photo[-1]
        return Media(kind="photo", file_id=largest.file_id, size=largest.file_size,
                     mime_type="image/jpeg")
    if message.document:
        doc = message.document
        return Media(kind="document", file_id=doc.file_id, size=doc.file_size,
                     mime_type=doc.mime_type, file_name=doc.file_name)
    kinds: dict[str, MediaKind] = {
        "sticker": "sticker", "voice": "voice", "audio": "audio", "video": "video",
        "video_note": "video", "animation": "video", "location": "location", "venue": "location",
    }
    for attribute, kind in kinds.items():
        if getattr(message, attribute, None):
            return Media(kind=kind)
    if message.text is None:
        return Media(kind="other")
    return None
