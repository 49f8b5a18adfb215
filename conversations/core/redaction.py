"""Where KK and NIK numbers are taken out of what people type, before anything is stored.

The runtime calls `protect_payload` on every raw update before it is written to the inbox:
each 16-digit run in any string of the update (typed with or without spaces, dots or dashes)
becomes a token carrying only its keyed hash, region code, last four digits and the NIK hint.
The digits never reach the database file (its WAL included), the logs, the state, the events
or the outbox. The engine turns tokens back into masks for display ("•••• 8901") and hands
the `Redacted` values to the step that asked for a number (`reveal`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from conversations.core.personal_numbers import (
    Redacted,
    Redactor,
    find_numbers,
    mask,
)

# Machine identifiers are never typed by a person, and some are 16 digits (WhatsApp media ids):
# they are left alone so a proof photo can still be downloaded.
IDENTIFIER_KEYS = frozenset({
    "id", "from", "wa_id", "sha256", "chat_instance", "display_phone_number", "mime_type",
})
TOKEN = re.compile(r"⟦nr:([0-9a-f]{64}):(\d{4}):(\d{4}):([01])⟧")


def protect_payload(payload: str, redactor: Redactor) -> str:
    """The raw update (JSON) with every 16-digit number in its strings replaced by a token."""
    if not any(ch.isdigit() for ch in payload):
        return payload
    data = json.loads(payload)
    return json.dumps(_protect(data, redactor), ensure_ascii=False, separators=(",", ":"))


def _protect(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return _tokenise(value, redactor) if "⟦" in value or _has_long_run(value) else value
    if isinstance(value, dict):
        return {k: v if _is_identifier(k) else _protect(v, redactor) for k, v in value.items()}
    if isinstance(value, list):
        return [_protect(v, redactor) for v in value]
    return value


def _is_identifier(key: str) -> bool:
    return key in IDENTIFIER_KEYS or key.endswith(("_id", "_ids"))


def _has_long_run(text: str) -> bool:
    count = 0
    for ch in text:
        if ch.isdigit():
            count += 1
            if count >= 16:
                return True
    return False


def _tokenise(text: str, redactor: Redactor) -> str:
    text = text.replace("⟦", "[")  # nobody but us writes tokens
    _, found = redactor.redact(text)
    if not found:
        return text
    parts, last = [], 0
    for (start, end), item in zip(find_numbers(text), found, strict=True):
        token = f"⟦nr:{item.digest}:{item.region}:{item.mask[-4:]}:{int(item.looks_like_nik)}⟧"
        parts += [text[last:start], token]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def reveal(text: str) -> tuple[str, list[Redacted]]:
    """Text for the conversation (tokens shown as masks) and the numbers in it, in order."""
    found: list[Redacted] = []

    def to_mask(match: re.Match[str]) -> str:
        item = Redacted(digest=match[1], mask=mask(match[3]), region=match[2],
                        looks_like_nik=match[4] == "1")
        found.append(item)
        return item.mask

    return TOKEN.sub(to_mask, text), found

