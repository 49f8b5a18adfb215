"""Where KK and NIK numbers are taken out of what people type, before anything is stored.

The runtime calls `protect_payload` on every raw update before it is written to the inbox:
each KK/NIK number in any string a person controls (text, captions, names and usernames,
contact cards, location titles, poll options, button data echoed back), however it is grouped
(see `personal_numbers.find_numbers`), becomes a token carrying only its keyed hash, region
code, last four digits, the NIK hint and its digit count (15 and 17: mistyped; more: a run
that may hold one, such as a KK with stray digits or an 18-digit NIP). The digits never
reach the database file (its WAL included), the logs, the state, the events or the outbox.
The engine turns tokens back into masks for display ("•••• 8901") and hands the `Redacted`
values to the step that asked for a number (`reveal`). The one exception: the NIP typed at
the step that asks for it (`Step.keeps_nip`, `Command.keeps_nip`), which the processor
stores as typed (`keep_nip`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from conversations.core.nip import LENGTH as NIP_LENGTH
from conversations.core.personal_numbers import (
    Redacted,
    Redactor,
    digit_count,
    find_numbers,
    mask,
)

# Machine identifiers are never typed by a person, and some are 16 digits (WhatsApp media ids):
# a string (or number) under one of these keys is left alone so a proof photo can still be
# downloaded. An object under such a key is not an identifier: Telegram's "from" is the
# sender, with the first name, last name and username a person chose.
IDENTIFIER_KEYS = frozenset({
    "id", "from", "wa_id", "sha256", "chat_instance", "display_phone_number", "mime_type",
})
# Objects whose "id" a person controls: WhatsApp echoes the id of the reply button or list row
# that was pressed, and a forged or old client may put anything there.
ECHOED_ID_PARENTS = frozenset({"button_reply", "list_reply"})
# The shortest run that may be a number (a mistyped KK of 15 digits): cheaper to count first.
SHORTEST = 15
TOKEN = re.compile(r"⟦nr:([0-9a-f]{64}):(\d{4}):(\d{4}):([01])(?::(\d\d))?⟧")
# A lone UTF-16 surrogate ("\ud800" in JSON) cannot be encoded as UTF-8: SQLite (and a log
# file) would fail on it. It is replaced, like an invalid byte, by U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON escape of U+0000 (after an even number of backslashes: not a typed "\\u0000").
_NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def storable_json(text: str) -> str:
    """JSON text with every U+0000 in its strings replaced by U+FFFD: PostgreSQL's jsonb
    (the inbox's and outbox's payloads) cannot hold that character; SQLite stores the same."""
    return _NUL_ESCAPE.sub(r"\1\\ufffd", text) if "\\u0000" in text else text


def protect_payload(payload: str, redactor: Redactor, *, keep_nip: bool = False) -> str:
    """The raw update (JSON) with every KK/NIK number in its strings replaced by a token,
    and every lone surrogate and U+0000 by U+FFFD (so that it can be stored).

    `keep_nip`: the person is at the step that asks for their NIP (the tutors' registration),
    so a run of exactly 18 digits in the typed message stays as typed; everywhere else (and
    in their name, or any other field) it is hidden like any other long run."""
    escaped = "\\u" in payload
    if not escaped and not _SURROGATE.search(payload) and _digits(payload) < SHORTEST:
        return payload
    data = json.loads(payload)
    protected = protect_value(data, redactor)
    if keep_nip:
        for original, copy, key in _typed_texts(data, protected):
            copy[key] = _tokenise(_SURROGATE.sub("\ufffd", original[key]), redactor, True)
    return storable_json(json.dumps(protected, ensure_ascii=False, separators=(",", ":")))


def _typed_texts(data: Any, protected: Any) -> list[tuple[dict[str, Any], dict[str, Any], str]]:
    """Where a person's typed message is, as (original object, protected copy, key): the
    console's "text", a Telegram message's "text", each WhatsApp message's "text"/"body"
    (an envelope of one message). Nothing else (a name, a caption, a poll option)."""
    pairs: list[tuple[Any, Any]] = [(data, protected)]
    if isinstance(data, dict) and isinstance(data.get("message"), dict):
        pairs.append((data["message"], protected["message"]))
    for entry, entry_copy in _pairs(data, protected, "entry"):
        for change, change_copy in _pairs(entry, entry_copy, "changes"):
            value, value_copy = change.get("value"), change_copy.get("value")
            for message, message_copy in _pairs(value, value_copy, "messages"):
                text = message.get("text")
                if isinstance(text, dict):
                    pairs.append((text, message_copy["text"]))
    key_of = {"text", "body"}
    return [(a, b, k) for a, b in pairs for k in key_of
            if isinstance(a, dict) and isinstance(a.get(k), str) and isinstance(b, dict)]


def _pairs(a: Any, b: Any, key: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    if not (isinstance(a, dict) and isinstance(b, dict) and isinstance(a.get(key), list)):
        return []
    return [(x, y) for x, y in zip(a[key], b[key], strict=True)
            if isinstance(x, dict) and isinstance(y, dict)]


def hides_nip_length_run(protected: str) -> bool:
    """Whether a stored update hides a run of exactly 18 digits: a NIP, if its sender is at
    the step that asks for one (the processor then looks, and stores it again with
    `keep_nip`)."""
    return f":{NIP_LENGTH}⟧" in protected


def protect_value(value: Any, redactor: Redactor, parent: str = "") -> Any:
    """A parsed update (or any JSON value) with its personal numbers tokenised."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            value = _SURROGATE.sub("\ufffd", value)
        return _tokenise(value, redactor) if "⟦" in value or _digits(value) >= SHORTEST else value
    if isinstance(value, dict):
        return {k: v if _is_identifier(k, v, parent) else protect_value(v, redactor, k)
                for k, v in value.items()}
    if isinstance(value, list):
        return [protect_value(v, redactor, parent) for v in value]
    return value


def _is_identifier(key: str, value: Any, parent: str) -> bool:
    if isinstance(value, dict | list) or (key == "id" and parent in ECHOED_ID_PARENTS):
        return False
    return key in IDENTIFIER_KEYS or key.endswith(("_id", "_ids"))


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _tokenise(text: str, redactor: Redactor, keep_nip: bool = False) -> str:
    text = text.replace("⟦", "[")  # nobody but us writes tokens
    parts, last = [], 0
    for start, end in find_numbers(text):
        if keep_nip and digit_count(text[start:end]) == NIP_LENGTH:
            continue
        item = redactor.hide(text[start:end])
        token = (f"⟦nr:{item.digest}:{item.region}:{item.mask[-4:]}:"
                 f"{int(item.looks_like_nik)}:{min(item.digits, 99)}⟧")
        parts += [text[last:start], token]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def reveal(text: str) -> tuple[str, list[Redacted]]:
    """Text for the conversation (tokens shown as masks) and the numbers in it, in order."""
    found: list[Redacted] = []

    def to_mask(match: re.Match[str]) -> str:
        item = Redacted(digest=match[1], mask=mask(match[3]), region=match[2],
                        looks_like_nik=match[4] == "1", digits=int(match[5] or 16))
        found.append(item)
        return item.mask

    return TOKEN.sub(to_mask, text), found

