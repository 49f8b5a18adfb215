"""Telegram through python-telegram-bot: long polling or webhook in, Bot API calls out.

Polling is our own loop around `getUpdates` rather than PTB's Updater: the Updater confirms an
offset before the update has been handled, so a crash could lose it. Here each batch is in the
inbox (committed) before the next call confirms it.

The two calls made for nearly every update, a text message (sendMessage) and the answer to a
button press (answerCallbackQuery), go straight to the Bot API through aiohttp once the
channel is started: through PTB they cost several times the CPU (httpx, then a `Message`
built from the answer that nobody reads; see bench/README.md). Their errors are mapped to
the same outcomes as PTB's (429, 403, 400, network). Photos, documents and everything else
go through PTB.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import sys
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from telegram import Bot, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import (
    Blocked,
    Permanent,
    Rejected,
    RetryLater,
    SendError,
    TokenRejected,
    Transient,
)
from bot.channels.telegram_parts import keyboard, keyboard_json, media_of
from bot.services.health import Health
from bot.services.processor import Processor
from conversations.core.models import Incoming, Reply

log = logging.getLogger(__name__)

# httpcore (under PTB's httpx client) runs `import sniffio` several times per Bot API call;
# when sniffio is not installed, each failed import searches every sys.path entry again
# (about a third of the CPU a call costs). A None entry makes the import fail at once, the
# same way; nothing changes when sniffio is installed.
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]

ALLOWED_UPDATES = ["message", "callback_query"]
POLL_TIMEOUT = 25  # seconds a getUpdates call may wait for news
CAPTION_MAX = 1024
CALLS_AT_ONCE = 32
# A token rejected after a good start (revoked at @BotFather): the bot stops with this, as
# at start (bot/runner.py), whether polling or sending found out.
TOKEN_REJECTED = ("Telegram rejected TELEGRAM_BOT_TOKEN (wrong or revoked); stopped. Set a"
                  " valid token and start again: unsent replies wait in the outbox")
DIRECT_TIMEOUT = 30.0  # seconds for one direct call (PTB: 5 s each to connect, write, read)


def file_url_for(base_url: str) -> str:
    """https://api.telegram.org/bot -> https://api.telegram.org/file/bot (same for local)."""
    head, sep, _ = base_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if sep else base_url.rstrip("/") + "/file/bot"


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asks us to wait. PTB 22 gives an int and warns that it will be a
    timedelta (PTB_TIMEDELTA=1 gives the timedelta now); both are read, without the warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class TelegramChannel:
    name = "telegram"

    def __init__(
        self,
        token: str,
        base_url: str,
        *,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
    ) -> None:
        self.application = (
            Application.builder()
            .token(token)
            .base_url(base_url)
            .base_file_url(file_url_for(base_url))
            .updater(None)
            .build()
        )
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.processor: Processor | None = None
        self.username: str | None = None
        # Tasks answering button presses: referenced until done (the event loop keeps only a
        # weak reference to a task, so an unreferenced one may be collected mid-call).
        self._answering: set[asyncio.Task[None]] = set()
        # Bot API calls in flight at once (sends and answers): enough for Telegram's ~30
        # messages/s and the answers to presses at a round trip of a few hundred ms, and a
        # bound (httpx's pool, used for files, costs more CPU per call the more wait in it).
        self._calls = asyncio.Semaphore(CALLS_AT_ONCE)
        self._http: aiohttp.ClientSession | None = None  # the direct calls, once started

    @property
    def bot(self) -> Bot:
        return self.application.bot

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self, processor: Processor) -> None:
        """Log in (getMe) and register the webhook, or get ready to poll."""
        self.processor = processor
        await self.application.initialize()
        self.username = self.bot.username
        if self._http is None:  # (start is tried again when the Bot API was unreachable)
            self._http = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=DIRECT_TIMEOUT, connect=5, sock_read=10)
            )
        if self.webhook_url:
            url = self.webhook_url.rstrip("/")
            if not url.endswith("/telegram"):
                url += "/telegram"  # our server takes Telegram's updates at /telegram
            await self.bot.set_webhook(
                url,
                secret_token=self.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await self.bot.delete_webhook()

    async def stop(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None
        await self.application.shutdown()

    @property
    def private_link(self) -> str:
        return f"https://t.me/{self.username}" if self.username else ""

    # --- incoming --------------------------------------------------------------------------
    async def accept(self, data: dict[str, Any], raw: str | None = None) -> bool:
        """Store one update in the inbox; answer a button press at once (stops the spinner)."""
        assert self.processor is not None
        added = await self.processor.receive(
            self.name, str(data["update_id"]), raw or json.dumps(data)
        )
        query = data.get("callback_query")
        if added and query:
            task = asyncio.create_task(self._answer(query["id"]))
            self._answering.add(task)
            task.add_done_callback(self._answering.discard)
        return added

    async def _answer(self, query_id: str) -> None:
        try:
            async with self._calls:
                if self._http is not None:
                    await self._direct("answerCallbackQuery", {"callback_query_id": query_id})
                else:
                    await self.bot.answer_callback_query(query_id)
        except (TelegramError, SendError) as exc:
            log.debug("answerCallbackQuery failed: %s", exc)

    async def poll(self, health: Health | None = None) -> None:
        """Long polling: fetch, store in the inbox, then confirm with the next offset.

        `health` hears whether the Bot API answers (/healthz), and that the token was
        rejected (the bot then stops with that message)."""
        offset: int | None = None
        backoff = 1.0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES,
                    read_timeout=POLL_TIMEOUT + 10,
                )
                backoff = 1.0
                if health is not None:
                    health.connected(self.name)
            except InvalidToken:  # (its message holds the token: not logged)
                if health is None:
                    raise
                health.fail(TOKEN_REJECTED)
                return
            except (Conflict, NetworkError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.0fs", type(exc).__name__,
                            backoff)
                if health is not None and isinstance(exc, NetworkError):
                    health.unreachable(self.name, datetime.now(UTC))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 60)
                continue
            for update in updates:
                try:
                    await self.accept(update.to_dict(), update.to_json())
                except Rejected as exc:  # cannot be stored as it is: skipped, not retried
                    log.warning("telegram: update %s rejected: %s", update.update_id, exc)
            if updates:
                offset = updates[-1].update_id + 1

    def parse(self, payload: dict[str, Any]) -> Incoming | None:
        query_json = payload.get("callback_query")
        if isinstance(query_json, dict) and "from" in query_json:
            # A button press (half of all updates): read from the JSON directly, building
            # PTB's objects for it (the message it came with, ...) costs more than the rest.
            who = query_json["from"]
            chat_json = (query_json.get("message") or {}).get("chat")
            return Incoming(
                channel="telegram", user=str(who["id"]), update_id=str(payload["update_id"]),
                chat_type=("private" if chat_json is None or chat_json.get("type") == "private"
                           else "group"),
                chat_id=str(chat_json["id"]) if chat_json else None,
                choice=query_json.get("data") or "", language_code=who.get("language_code"),
                sender_name=" ".join(str(who[k]) for k in ("first_name", "last_name")
                                     if who.get(k)) or None,
            )
        update = Update.de_json(payload, self.bot)
        if update is None:
            return None
        if (query := update.callback_query) is not None:
            chat = query.message.chat if query.message else None
            return Incoming(
                channel="telegram", user=str(query.from_user.id), update_id=str(update.update_id),
                chat_type="private" if chat is None or chat.type == "private" else "group",
                chat_id=str(chat.id) if chat else None, choice=query.data or "",
                language_code=query.from_user.language_code,
                sender_name=query.from_user.full_name or None,
            )
        message = update.message
        if message is None or message.from_user is None:
            return None  # edits, channel posts, membership changes: nothing to answer
        text = message.text or message.caption
        referral = None
        if text and text.startswith("/start "):
            referral = text.split(" ", 1)[1].strip() or None
        replied = message.reply_to_message
        to_bot = (replied is not None and replied.from_user is not None
                  and replied.from_user.is_bot and replied.from_user.username == self.username)
        return Incoming(
            channel="telegram",
            user=str(message.from_user.id),
            update_id=str(update.update_id),
            chat_type="private" if message.chat.type == "private" else "group",
            chat_id=str(message.chat.id),
            text=text,
            media=media_of(message),
            referral=referral,
            language_code=message.from_user.language_code,
            sender_name=message.from_user.full_name or None,
            received_at=message.date,
            reply_to_text=(replied.text or replied.caption) if replied and to_bot else None,
        )

    # --- outgoing --------------------------------------------------------------------------
    async def download(self, file_id: str, max_bytes: int) -> tuple[bytes, str]:
        """A file a person sent (the proof): getFile, then the file download."""
        file = await self.bot.get_file(file_id)
        if file.file_size is not None and file.file_size > max_bytes:
            raise ValueError("file too large")
        content = bytes(await file.download_as_bytearray())
        suffix = (file.file_path or "").rsplit(".", 1)[-1].lower()
        mime = {"pdf": "application/pdf", "png": "image/png"}.get(suffix, "image/jpeg")
        return content, mime

    async def send(self, chat_id: str, reply: Reply) -> str | None:
        """Send; returns the message id (of the last message, for a long caption)."""
        async with self._calls:
            return await self._send(chat_id, reply)

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """Replace a text message's text and buttons (a broadcast's progress message).
        An edit that changes nothing is not an error."""
        payload: dict[str, Any] = {"chat_id": chat_id, "message_id": int(message_id),
                                   "text": reply.text}
        if (markup_json := keyboard_json(reply.choices)) is not None:
            payload["reply_markup"] = markup_json
        async with self._calls:
            try:
                if self._http is not None:
                    await self._direct("editMessageText", payload)
                else:
                    await self.bot.edit_message_text(
                        reply.text, chat_id=chat_id, message_id=int(message_id),
                        reply_markup=keyboard(reply.choices))
            except Permanent as exc:
                if "not modified" not in str(exc):
                    raise
            except RetryAfter as exc:
                raise RetryLater(retry_seconds(exc), str(exc)) from exc
            except Forbidden as exc:
                raise Blocked(str(exc)) from exc
            except BadRequest as exc:
                if "not modified" not in str(exc):
                    raise Permanent(str(exc)) from exc
            except (NetworkError, TelegramError) as exc:
                raise Transient(str(exc)) from exc

    async def _send(self, chat_id: str, reply: Reply) -> str | None:
        if self._http is not None and reply.image is None and reply.document is None:
            payload: dict[str, Any] = {"chat_id": chat_id, "text": reply.text}
            if (markup_json := keyboard_json(reply.choices)) is not None:
                payload["reply_markup"] = markup_json
            result = await self._direct("sendMessage", payload)
            return str(result["message_id"]) if isinstance(result, dict) else None
        markup = keyboard(reply.choices)
        try:
            if reply.image is not None:
                fits = len(reply.text) <= CAPTION_MAX
                sent = await self.bot.send_photo(
                    chat_id, reply.image, caption=reply.text if fits else None,
                    reply_markup=markup if fits else None,
                )
                if not fits:
                    sent = await self.bot.send_message(chat_id, reply.text, reply_markup=markup)
            elif reply.document is not None:
                sent = await self.bot.send_document(
                    chat_id, reply.document.content, filename=reply.document.file_name,
                    caption=reply.text[:CAPTION_MAX], reply_markup=markup,
                )
            else:
                sent = await self.bot.send_message(chat_id, reply.text, reply_markup=markup)
            return str(sent.message_id)
        except RetryAfter as exc:
            raise RetryLater(retry_seconds(exc), str(exc)) from exc
        except Forbidden as exc:
            raise Blocked(str(exc)) from exc
        except BadRequest as exc:
            raise Permanent(str(exc)) from exc
        except InvalidToken:  # (its message holds the token)
            raise TokenRejected(TOKEN_REJECTED) from None
        except (NetworkError, TelegramError) as exc:
            raise Transient(str(exc)) from exc

    async def _direct(self, method: str, payload: dict[str, Any]) -> Any:
        """One Bot API call without PTB; errors as `SendError`s (like PTB's, mapped above)."""
        assert self._http is not None
        try:
            async with self._http.post(f"{self.bot.base_url}/{method}", json=payload) as answer:
                body = await answer.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise Transient(f"{method}: {type(exc).__name__}: {exc}") from exc
        if isinstance(body, dict) and body.get("ok"):
            return body.get("result")
        body = body if isinstance(body, dict) else {}
        code = body.get("error_code", answer.status)
        text = str(body.get("description") or f"HTTP {answer.status}")
        if code == 429:
            wait = (body.get("parameters") or {}).get("retry_after", 1)
            raise RetryLater(float(wait), text)
        if code == 403:
            raise Blocked(text)
        if code == 400:
            raise Permanent(text)
        if code in (401, 404):  # the token (a 404 for a malformed one)
            raise TokenRejected(TOKEN_REJECTED)
        raise Transient(text)  # 5xx, anything else: try again later
