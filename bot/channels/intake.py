"""Reading a webhook body that an authenticated sender posted, without trusting its content.

The secret (Telegram) or the signature (WhatsApp) says who sent a body, not that it is well
formed. Whatever it holds (invalid UTF-8, an unknown charset, `update_id: 1e400`, JSON nested
a thousand deep, a callback query without `id`, wrong types) it gets a clean answer, never a
500, and it can never fail another update stored in the same commit:

- the bytes are decoded as UTF-8 whatever charset the request claims (JSON is UTF-8, RFC
  8259), invalid bytes replaced; lone surrogates are replaced before storing
  (conversations/redaction.py);
- what cannot be read is *rejected*: recorded with its reason and its shape (no text, no ids:
  `rejected_updates`), logged as one line, and answered 200. Both platforms send again an
  update that got anything but a 2xx (Telegram for a while, Meta for up to 7 days), and
  sending it again cannot make it readable, so 200 is the answer that ends it.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.channels.base import Rejected

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

__all__ = ["Rejected", "decode", "depth", "load", "reject", "shape", "telegram_update_id"]

SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DEPTH = 32  # Telegram updates nest about 6 deep, WhatsApp bodies about 8
SHAPE_MAX = 400  # characters of a rejected update's shape that are kept
MAX_UPDATE_ID = 2**63 - 1  # SQLite's integer, and what the Bot API can ever send


def decode(raw: bytes) -> str:
    """The body as text: UTF-8 whatever the charset header says, invalid bytes replaced."""
    return raw.decode("utf-8", errors="replace")


def load(text: str) -> Any:
    """The JSON value of a body, or `Rejected` (not JSON, too deep, a number too big)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise Rejected("JSON nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, and ints of more than 4,300 digits
        raise Rejected(f"not JSON ({type(exc).__name__})") from None
    if depth(value) > MAX_DEPTH:
        raise Rejected(f"JSON nested deeper than {MAX_DEPTH}")
    if "\\ud" in text or "\\uD" in text:  # maybe a lone surrogate: it could not be stored
        value = without_surrogates(value)
    return value


def without_surrogates(value: Any) -> Any:
    """`value` with every lone UTF-16 surrogate in its strings replaced by U+FFFD (strings
    holding one cannot be encoded as UTF-8, so neither stored nor logged)."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_surrogates(v) for v in value]
    return value


def depth(value: Any) -> int:
    """How deeply `value` nests (without recursion: a hostile body cannot overflow the stack)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in item)
    return deepest


def telegram_update_id(data: Any) -> str:
    """The update id of a Telegram update, checking what `accept` and the inbox rely on."""
    if not isinstance(data, dict):
        raise Rejected("not a JSON object")
    update_id = data.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int):
        raise Rejected("update_id missing or not an integer")
    if not 0 <= update_id <= MAX_UPDATE_ID:
        raise Rejected("update_id out of range")
    query = data.get("callback_query")
    if query is not None and not (
        isinstance(query, dict) and isinstance(query.get("id"), str | int)
        and not isinstance(query.get("id"), bool)
    ):
        raise Rejected("callback_query without an id")
    for key in ("message", "edited_message", "callback_query"):
        if key in data and not isinstance(data[key], dict):
            raise Rejected(f"{key} is not an object")
    return str(update_id)


def shape(value: Any, budget: int = SHAPE_MAX) -> str:
    """The structure of a JSON value with every string and number replaced by its type (and
    a string by its length): what a rejected update looked like, without what it said (keys
    that are not plain identifiers are replaced by their length too)."""
    out: list[str] = []
    size = 0
    stack: list[Any] = [value]
    while stack and size < budget:
        item = stack.pop()
        piece: str
        if isinstance(item, _Text):
            piece = item
        elif isinstance(item, dict):
            piece = "{"
            parts: list[Any] = [_Text("}")]
            for index, (key, child) in enumerate(reversed(list(item.items()))):
                parts.append(child)
                parts.append(_Text(json.dumps(_key(key)) + ":"))
                if index < len(item) - 1:
                    parts.append(_Text(","))
            stack.extend(parts)
        elif isinstance(item, list):
            piece = "["
            stack.append(_Text("]"))
            for index, child in enumerate(reversed(item)):
                stack.append(child)
                if index < len(item) - 1:
                    stack.append(_Text(","))
        elif isinstance(item, str):
            piece = f'"<str {len(item)}>"'
        elif isinstance(item, bool) or item is None:
            piece = json.dumps(item)
        else:
            piece = f'"<{type(item).__name__}>"'
        out.append(piece)
        size += len(piece)
    text = "".join(out)
    return text if not stack else text[:budget] + "…"


_PLATFORM_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def _key(key: Any) -> str:
    """A key as the platforms write them ("message", "wa_id"), else only its length: a
    forged body's keys may hold anything, a KK too."""
    text = str(key)
    return text if _PLATFORM_KEY.fullmatch(text) else f"<key {len(text)}>"


class _Text(str):
    """A piece of `shape`'s output (a key or punctuation), not a value to describe."""


async def reject(
    app: App, channel: str, reason: str, body: str | bytes, value: Any = None
) -> None:
    """Record and log an update that cannot be read (see the module docstring)."""
    log.warning("%s: update rejected: %s", channel, reason)
    described = shape(value) if value is not None else "<not JSON>"
    size = len(body.encode("utf-8", "replace") if isinstance(body, str) else body)
    try:
        await app.store.reject_add(channel, reason, described, size, app.clock.now())
    except sqlite3.Error as exc:  # the answer does not depend on the record
        log.warning("%s: could not record a rejected update (%s)", channel, type(exc).__name__)


def rejected_response(reason: str) -> web.Response:
    return web.Response(text=f"rejected: {reason}")


def unavailable() -> web.Response:
    """The database could not take the update now: the platform should send it again."""
    return web.Response(status=503, text="try again later", headers={"Retry-After": "5"})
