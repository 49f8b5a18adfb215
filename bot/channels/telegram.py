"""Telegram through python-telegram-bot: long polling or webhook in, Bot API calls out.

Polling is our own loop around `getUpdates` rather than PTB's Updater: the Updater confirms an
offset before the update has been handled, so a crash could lose it. Here each batch is in the
inbox (committed) before the next call confirms it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
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

from bot.channels.base import Blocked, Permanent, RetryLater, Transient
from bot.services.processor import Processor
from conversations.models import Choice, Incoming, Media, MediaKind, Reply

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
POLL_TIMEOUT = 25  # seconds a getUpdates call may wait for news
PAIR_LABEL_MAX = 14  # two short buttons share a row; longer ones get a row of their own
CAPTION_MAX = 1024


def file_url_for(base_url: str) -> str:
    """https://api.telegram.org/bot -> https://api.telegram.org/file/bot (same for local)."""
    head, sep, _ = base_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if sep else base_url.rstrip("/") + "/file/bot"


def keyboard(choices: list[Choice]) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    for choice in choices:
        button = InlineKeyboardButton(choice.label, callback_data=choice.id)
        if len(choice.label) > PAIR_LABEL_MAX:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([button])
            continue
        pending.append(button)
        if len(pending) == 2:
            rows.append(pending)
            pending = []
    if pending:
        rows.append(pending)
    return InlineKeyboardMarkup(rows)


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

    @property
    def bot(self) -> Bot:
        return self.application.bot

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self, processor: Processor) -> None:
        """Log in (getMe) and register the webhook, or get ready to poll."""
        self.processor = processor
        await self.application.initialize()
        self.username = self.bot.username
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
            asyncio.create_task(self._answer(query["id"]))  # noqa: RUF006 - fire and forget
        return added

    async def _answer(self, query_id: str) -> None:
        try:
            await self.bot.answer_callback_query(query_id)
        except TelegramError as exc:
            log.debug("answerCallbackQuery failed: %s", exc)

    async def poll(self) -> None:
        """Long polling: fetch, store in the inbox, then confirm with the next offset."""
        offset: int | None = None
        backoff = 1.0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES,
                    read_timeout=POLL_TIMEOUT + 10,
                )
                backoff = 1.0
            except InvalidToken:
                log.error("Telegram refused the bot token; polling stopped")
                raise
            except (Conflict, NetworkError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.0fs", type(exc).__name__,
                            backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 60)
                continue
            for update in updates:
                await self.accept(update.to_dict(), update.to_json())
            if updates:
                offset = updates[-1].update_id + 1

    def parse(self, payload: dict[str, Any]) -> Incoming | None:
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
            )
        message = update.message
        if message is None or message.from_user is None:
            return None  # edits, channel posts, membership changes: nothing to answer
        text = message.text or message.caption
        referral = None
        if text and text.startswith("/start "):
            referral = text.split(" ", 1)[1].strip() or None
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
            received_at=message.date,
        )

    # --- outgoing --------------------------------------------------------------------------
    async def send(self, chat_id: str, reply: Reply) -> None:
        markup = keyboard(reply.choices)
        try:
            if reply.image is not None:
                fits = len(reply.text) <= CAPTION_MAX
                await self.bot.send_photo(
                    chat_id, reply.image, caption=reply.text if fits else None,
                    reply_markup=markup if fits else None,
                )
                if not fits:
                    await self.bot.send_message(chat_id, reply.text, reply_markup=markup)
            elif reply.document is not None:
                await self.bot.send_document(
                    chat_id, reply.document.content, filename=reply.document.file_name,
                    caption=reply.text[:CAPTION_MAX], reply_markup=markup,
                )
            else:
                await self.bot.send_message(chat_id, reply.text, reply_markup=markup)
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise RetryLater(seconds, str(exc)) from exc
        except Forbidden as exc:
            raise Blocked(str(exc)) from exc
        except BadRequest as exc:
            raise Permanent(str(exc)) from exc
        except (NetworkError, TelegramError) as exc:
            raise Transient(str(exc)) from exc
