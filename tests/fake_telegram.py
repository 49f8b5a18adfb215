"""A local fake of the Telegram Bot API (https://core.telegram.org/bots/api) for tests.

It speaks HTTP like api.telegram.org, so the real, unmodified `telegram.Bot` and
`telegram.ext.Application` talk to it through `base_url` / `base_file_url`:

    async with FakeBotApi() as api:
        bot = telegram.Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
        api.user_sends_text(7001, "/start")
        updates = await bot.get_updates()

What it keeps, like the real server: simulated users and their private chats (and groups),
every message with its per-chat message id, the queue of unconfirmed updates (confirmed only by a
later getUpdates `offset`, kept until then, so a bot that dies before confirming gets them
again), uploaded and user-sent files (getFile + download), the webhook (updates are POSTed to it
with `X-Telegram-Bot-Api-Secret-Token`; getUpdates then answers 409), and the errors a bot sees:
`{"ok": false, "error_code": 400, "description": "Bad Request: ..."}` with the same HTTP status.

Requests are read the way the real server reads them: query string, `application/json`,
`application/x-www-form-urlencoded` or `multipart/form-data` (PTB sends the last two, with
nested values JSON-encoded), method names case-insensitive.

Deliberate simplifications: no inline mode, payments, business or forum features; no
entity parsing for `parse_mode` (the text is stored as sent); a photo keeps the bytes it was
sent with (the real server re-encodes it and adds smaller sizes); HTTP webhooks are accepted
(like a local Bot API server); updates go to a webhook one at a time, in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import math
import mimetypes
import re
import struct
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, NamedTuple

import aiohttp
from aiohttp import web

# --- limits and texts of the real API ----------------------------------------------------------
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes
MAX_CALLBACK_ANSWER = 200
MAX_BUTTONS = 100
MAX_DOWNLOAD = 20 * 1024 * 1024

UPDATE_TYPES = (
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages",
    "message_reaction", "message_reaction_count", "inline_query", "chosen_inline_result",
    "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll",
    "poll_answer", "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
    "removed_chat_boost",
)
# "By default, all update types except chat_member, message_reaction, and message_reaction_count"
DEFAULT_ALLOWED = frozenset(UPDATE_TYPES) - {"chat_member", "message_reaction",
                                             "message_reaction_count"}

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the"
    " same as a current content and reply markup of the message"
)
BLOCKED = "Forbidden: bot was blocked by the user"
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active;"
    " use deleteWebhook to delete the webhook first"
)
OTHER_POLL = (
    "Conflict: terminated by other getUpdates request;"
    " make sure that only one bot instance is running"
)
TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
COMMAND_SHAPE = re.compile(r"^[a-z0-9_]{1,32}$")
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

# How parameters sent as strings (query, form fields) are typed, as the server does.
INT_PARAMS = frozenset({
    "offset", "limit", "timeout", "message_id", "cache_time", "max_connections", "duration",
    "width", "height", "reply_to_message_id", "message_thread_id", "user_id", "from_chat_id",
})
BOOL_PARAMS = frozenset({
    "show_alert", "drop_pending_updates", "disable_notification", "protect_content",
    "has_spoiler", "disable_content_type_detection", "allow_sending_without_reply",
    "allow_paid_broadcast", "show_caption_above_media", "disable_web_page_preview",
})
JSON_PARAMS = frozenset({
    "reply_markup", "allowed_updates", "entities", "caption_entities", "commands", "scope",
    "link_preview_options", "reply_parameters", "media",
})
RATE_LIMITED = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendSticker", "sendVoice", "sendAudio",
    "sendVideo", "sendAnimation", "sendLocation", "sendMediaGroup", "copyMessage",
    "forwardMessage", "editMessageText", "editMessageCaption", "editMessageReplyMarkup",
})
DEFAULT_ERRORS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: BLOCKED,
    404: "Not Found",
    409: OTHER_POLL,
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class ApiError(Exception):
    """An answer with ok=false: the HTTP status is the error code, as on api.telegram.org."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False, "error_code": self.code, "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(what: str) -> ApiError:
    return ApiError(400, f"Bad Request: {what}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}",
                    {"retry_after": retry_after})


# --- small helpers -------------------------------------------------------------------------------
def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid PNG image (red), for photos sent by simulated users or by tests."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data)))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image; None if it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return width, height
            (length,) = struct.unpack(">H", data[i + 2 : i + 4])
            i += 2 + length
    return None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    content: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class FakeFile:
    file_id: str
    file_unique_id: str
    content: bytes = field(repr=False)
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None


@dataclass
class ApiCall:
    """One request the fake received, with how it was answered (once answered)."""

    method: str
    params: dict[str, Any]
    at: float
    status: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class SentMessage:
    """A bot message as the person sees it now (edits applied)."""

    chat_id: int
    message_id: int
    text: str  # the text, or the caption of a photo or document
    reply_markup: dict[str, Any] | None
    kind: str  # text, photo, document, sticker, voice, ...
    edited: bool
    sent_at: float  # time.monotonic() when it was sent
    raw: dict[str, Any] = field(repr=False)

    @property
    def buttons(self) -> list[str]:
        """Labels of the inline buttons, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    def callback_data(self, label: str) -> str:
        """Callback data of the first button whose label contains `label` (any case)."""
        for row in (self.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                if label.casefold() in button["text"].casefold() and "callback_data" in button:
                    return str(button["callback_data"])
        raise LookupError(f"no button {label!r} in message {self.message_id}: {self.buttons}")


@dataclass
class _Stored:
    json: dict[str, Any]
    from_bot: bool
    sent_at: float
    edited: bool = False
    deleted: bool = False


@dataclass
class _Poll:
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    error: ApiError | None = None

    def terminate(self, error: ApiError) -> None:
        self.error = error
        self.wake.set()


@dataclass
class _Forced:
    method: str
    error: ApiError
    remaining: int


class _Described(NamedTuple):
    result: Any
    description: str


class _Params:
    def __init__(self, values: dict[str, Any], files: dict[str, Upload]) -> None:
        self.values = values
        self.files = files

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.files

    def file(self, name: str) -> Upload | str | None:
        """An input file: an upload (also as attach://<name>), a file_id or an HTTP URL."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            return self.files.get(value.removeprefix("attach://"))
        if value is None:
            return self.files.get(name)
        return value if isinstance(value, str) else None


def _typed(name: str, value: Any) -> Any:
    """A parameter's value with the type the API documents (form fields are all strings)."""
    if name == "chat_id":
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            return int(value)
        return value
    if not isinstance(value, str):
        return value
    if name in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise bad_request("can't parse reply keyboard markup JSON object") from None
            raise bad_request(f"can't parse {name} JSON object") from None
    if name in INT_PARAMS:
        try:
            return int(value)
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None
    if name in BOOL_PARAMS:
        return value.strip().lower() in ("true", "1")
    return value


class FakeBotApi:
    """A fake Bot API server on 127.0.0.1 (random port), with simulated users.

    `max_per_second`: sending calls (sendMessage, edits, ...) beyond this many in any second
    get 429 "Too Many Requests: retry after N", and so does every sending call for the N seconds
    that follow (a flood wait, as on the real server). N is `retry_after` if given, otherwise
    the seconds until the window frees up. `retry_after` without `max_per_second`: the bot
    starts in a flood wait of that many seconds.
    """

    def __init__(
        self,
        token: str = "123:ABC",
        bot_id: int = 123,
        bot_username: str = "TutorSensusBot",
        max_per_second: int | None = None,
        retry_after: int | None = None,
        *,
        bot_first_name: str = "Tutor Sensus",
        first_update_id: int = 500_000_001,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.max_per_second = max_per_second
        self.retry_after = retry_after
        self.webhook_retry_delay = webhook_retry_delay
        self.bot_user: dict[str, Any] = {
            "id": bot_id, "is_bot": True, "first_name": bot_first_name,
            "username": bot_username,
        }
        self.calls: list[ApiCall] = []
        self.answered_callbacks: list[str] = []
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._blocked: set[int] = set()
        self._last_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], _Stored] = {}
        self._order: dict[int, list[int]] = {}
        self._files: dict[str, FakeFile] = {}
        self._file_paths: dict[str, FakeFile] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = first_update_id
        self._allowed: frozenset[str] = DEFAULT_ALLOWED
        self._queries: dict[str, int] = {}  # callback query id -> user id, until answered
        self._poll: _Poll | None = None
        self._webhook: dict[str, Any] | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._webhook_wake = asyncio.Event()
        self._webhook_task: asyncio.Task[None] | None = None
        self._forced: list[_Forced] = []
        self._sent_times: deque[float] = deque()
        self._flood_until = 0.0
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._counter = itertools.count(1)
        self._activity = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._methods: dict[str, tuple[str, Callable[[_Params], Any]]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "logOut": self._true,
                "close": self._true,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendChatAction": self._send_chat_action,
                "editMessageText": self._edit_message_text,
                "editMessageCaption": self._edit_message_caption,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "getFile": self._get_file,
                "getChat": self._get_chat,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
            }.items()
        }

    # --- lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        http = web.Application(client_max_size=60 * 1024 * 1024)
        http.router.add_route("*", "/bot{token}/{method}", self._on_request)
        http.router.add_get("/file/bot{token}/{path:.+}", self._on_download)
        # A client that hangs up ends its handler (a killed bot's long poll, for one).
        self._runner = web.AppRunner(http, access_log=None, handler_cancellation=True,
                                     shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        if self.retry_after is not None and self.max_per_second is None:
            self.flood(self.retry_after)

    async def stop(self) -> None:
        self._closing = True
        if self._poll is not None:
            self._poll.wake.set()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            await asyncio.gather(self._webhook_task, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def root_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        """For PTB's base_url / TELEGRAM_API_BASE_URL: PTB appends the token."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    # --- simulated users -------------------------------------------------------------------------
    def user_sends_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Warga",
        chat_type: str = "private",
        chat_id: int | None = None,
        language_code: str | None = "id",
        reply_to_message_id: int | None = None,
    ) -> int:
        """A person sends a text message (a reply to `reply_to_message_id` in the same chat,
        if given); returns its message id."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        if reply_to_message_id is not None:
            chat = user_id if chat_type == "private" else chat_id
            stored = self._messages.get((chat or 0, reply_to_message_id))
            if stored is None or stored.deleted:
                raise LookupError(f"no message {reply_to_message_id} in chat {chat}")
            # "The Message object in this field will not contain further reply_to_message
            # fields even if it itself is a reply."
            replied = copy.deepcopy(stored.json)
            replied.pop("reply_to_message", None)
            content["reply_to_message"] = replied
        return self._user_message(user_id, first_name, chat_type, chat_id, language_code,
                                  content)

    def user_sends_photo(
        self,
        user_id: int,
        content: bytes | None = None,
        *,
        caption: str | None = None,
        first_name: str = "Warga",
        chat_type: str = "private",
        chat_id: int | None = None,
        language_code: str | None = "id",
    ) -> int:
        data = content if content is not None else png_bytes(64, 48)
        width, height = image_size(data) or (64, 48)
        stored = self._add_file(data, "photos", "jpg", "image/jpeg")
        message: dict[str, Any] = {"photo": [self._photo_size(stored, width, height)]}
        if caption:
            message["caption"] = caption
        return self._user_message(user_id, first_name, chat_type, chat_id, language_code,
                                  message)

    def user_sends_document(
        self,
        user_id: int,
        content: bytes = b"%PDF-1.4\n% bukti pengisian\n",
        *,
        file_name: str = "bukti.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        first_name: str = "Warga",
        chat_type: str = "private",
        chat_id: int | None = None,
        language_code: str | None = "id",
    ) -> int:
        ext = file_name.rpartition(".")[2] if "." in file_name else "bin"
        stored = self._add_file(content, "documents", ext, mime_type, file_name)
        message: dict[str, Any] = {"document": self._document(stored)}
        if caption:
            message["caption"] = caption
        return self._user_message(user_id, first_name, chat_type, chat_id, language_code,
                                  message)

    def user_sends_sticker(
        self,
        user_id: int,
        *,
        emoji: str = "👍",
        first_name: str = "Warga",
        chat_type: str = "private",
        chat_id: int | None = None,
        language_code: str | None = "id",
    ) -> int:
        stored = self._add_file(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "stickers", "webp",
                                "image/webp")
        sticker = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "type": "regular", "width": 512, "height": 512, "is_animated": False,
            "is_video": False, "emoji": emoji, "file_size": len(stored.content),
        }
        return self._user_message(user_id, first_name, chat_type, chat_id, language_code,
                                  {"sticker": sticker})

    def user_sends_voice(
        self,
        user_id: int,
        content: bytes = b"OggS\x00\x02 fake opus voice note",
        *,
        duration: int = 3,
        first_name: str = "Warga",
        chat_type: str = "private",
        chat_id: int | None = None,
        language_code: str | None = "id",
    ) -> int:
        stored = self._add_file(content, "voice", "oga", "audio/ogg")
        voice = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "duration": duration, "mime_type": "audio/ogg", "file_size": len(content),
        }
        return self._user_message(user_id, first_name, chat_type, chat_id, language_code,
                                  {"voice": voice})

    def user_presses(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        chat_id: int | None = None,
        first_name: str = "Warga",
        language_code: str | None = "id",
    ) -> str:
        """A person presses an inline button of a bot message; returns the callback query id.

        The message must exist, be the bot's, and carry a button with exactly that data now
        (a person can only press what is on the screen).
        """
        chat = user_id if chat_id is None else chat_id
        stored = self._messages.get((chat, message_id))
        if stored is None or stored.deleted or not stored.from_bot:
            raise LookupError(f"no bot message {message_id} in chat {chat}")
        rows = (stored.json.get("reply_markup") or {}).get("inline_keyboard", [])
        if not any(b.get("callback_data") == callback_data for row in rows for b in row):
            raise LookupError(
                f"message {message_id} has no button with data {callback_data!r}"
            )
        user = self._ensure_user(user_id, first_name, language_code)
        self._unblock_on_use(user_id)
        query_id = str(4_360_000_000_000_000_000 + next(self._counter))
        self._queries[query_id] = user_id
        self._add_update("callback_query", {
            "id": query_id,
            "from": user,
            "message": copy.deepcopy(stored.json),
            "chat_instance": str(abs(hash((self.bot_id, chat))) % 10**19),
            "data": callback_data,
        })
        return query_id

    def press(self, user_id: int, label: str, *, message_id: int | None = None) -> str:
        """Press the button whose label contains `label` on the latest bot message that has
        one (or on `message_id`); returns the callback query id."""
        candidates = self.messages_to(user_id)
        if message_id is not None:
            candidates = [m for m in candidates if m.message_id == message_id]
        for message in reversed(candidates):
            with contextlib.suppress(LookupError):
                data = message.callback_data(label)
                return self.user_presses(user_id, message.message_id, data)
        shown = [m.buttons for m in candidates[-3:]]
        raise LookupError(f"no button {label!r} for user {user_id}; last buttons: {shown}")

    def user_joins(self, user_id: int, first_name: str = "Warga") -> None:
        """A person who opened a private chat with the bot earlier (no update is queued):
        the bot may write to them, as to anyone who once pressed Start."""
        self._ensure_chat(self._ensure_user(user_id, first_name, "id"), "private", None)

    def rename(self, user_id: int, first_name: str) -> None:
        """The person changes their name in Telegram's settings: later updates carry it."""
        self._users[user_id]["first_name"] = first_name

    def block(self, user_id: int) -> None:
        """The person blocks the bot: sending to them answers 403 from now on."""
        if user_id in self._blocked:
            return
        self._blocked.add(user_id)
        self._member_update(user_id, "member", "kicked")

    def unblock(self, user_id: int) -> None:
        if user_id not in self._blocked:
            return
        self._blocked.discard(user_id)
        self._member_update(user_id, "kicked", "member")

    # --- test controls ---------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        code: int = 429,
        description: str | None = None,
        retry_after: int | None = None,
        count: int = 1,
    ) -> None:
        """The next `count` calls of `method` fail with this error (429: retry_after 1 unless
        given)."""
        canonical = self._methods[method.lower()][0]
        if code == 429:
            wait = retry_after if retry_after is not None else 1
            error = too_many_requests(wait)
            if description is not None:
                error.description = description
        else:
            text = description or DEFAULT_ERRORS.get(code, f"Error {code}")
            params = {"retry_after": retry_after} if retry_after is not None else None
            error = ApiError(code, text, params)
        self._forced.append(_Forced(canonical, error, count))

    def flood(self, seconds: int) -> None:
        """Start a flood wait: sending calls answer 429 for `seconds`."""
        self._flood_until = time.monotonic() + seconds

    # --- inspection ------------------------------------------------------------------------------
    @property
    def requests(self) -> list[tuple[str, dict[str, Any]]]:
        """(method, params) of every request received, in order (canonical method names)."""
        return [(call.method, call.params) for call in self.calls]

    def calls_of(self, method: str, chat_id: int | None = None) -> list[ApiCall]:
        return [
            c for c in self.calls
            if c.method == method and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def messages_to(self, chat_id: int | str) -> list[SentMessage]:
        """The bot's messages in a chat, in order, as they look now (deleted ones are gone)."""
        chat = int(chat_id)
        result = []
        for message_id in self._order.get(chat, []):
            stored = self._messages[(chat, message_id)]
            if stored.from_bot and not stored.deleted:
                result.append(self._view(chat, stored))
        return result

    def last_message_to(self, chat_id: int | str) -> SentMessage | None:
        messages = self.messages_to(chat_id)
        return messages[-1] if messages else None

    @property
    def is_polling(self) -> bool:
        """A getUpdates long poll is waiting right now."""
        return self._poll is not None

    def file_content(self, file_id: str) -> bytes:
        return self._files[file_id].content

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not confirmed yet (getUpdates) or not delivered yet (webhook)."""
        return copy.deepcopy(self._updates)

    async def wait_until(
        self, predicate: Callable[[], bool], within: float = 10.0, what: str = "condition"
    ) -> None:
        """Wait (without sleeping blindly) until `predicate()` holds after some API activity;
        TimeoutError after `within` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {within}s waiting for {what}")
            event = self._activity
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_for_messages(
        self,
        chat_id: int | str,
        count: int,
        timeout: float = 10.0,  # noqa: ASYNC109 - the fake's documented interface
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least `count` messages to the chat; returns them."""
        try:
            await self.wait_until(lambda: len(self.messages_to(chat_id)) >= count, timeout,
                                  f"{count} messages to {chat_id}")
        except TimeoutError as exc:
            seen = [m.text.splitlines()[0] if m.text else m.kind
                    for m in self.messages_to(chat_id)]
            raise TimeoutError(f"{exc}; got {len(seen)}: {seen}") from None
        return self.messages_to(chat_id)

    # --- HTTP ------------------------------------------------------------------------------------
    async def _on_request(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if token != self.token:
            error = (ApiError(401, "Unauthorized") if TOKEN_SHAPE.match(token)
                     else ApiError(404, "Not Found"))
            return web.json_response(error.body(), status=error.code)
        entry = self._methods.get(request.match_info["method"].lower())
        name = entry[0] if entry else request.match_info["method"]
        call = ApiCall(name, {}, time.monotonic())
        self.calls.append(call)
        try:
            params = await self._read_params(request)
            call.params = {**params.values, **params.files}
            if entry is None:
                raise ApiError(404, "Not Found")
            result = await self._dispatch(name, entry[1], params)
        except ApiError as error:
            call.status, call.description = error.code, error.description
            self._notify()
            return web.json_response(error.body(), status=error.code)
        call.status = 200
        self._notify()
        if isinstance(result, _Described):
            body = {"ok": True, "result": result.result, "description": result.description}
        else:
            body = {"ok": True, "result": result}
        return web.json_response(body)

    async def _dispatch(
        self, name: str, handler: Callable[[_Params], Any], params: _Params
    ) -> Any:
        for forced in self._forced:
            if forced.method == name and forced.remaining > 0:
                forced.remaining -= 1
                raise forced.error
        limited = name in RATE_LIMITED
        if limited and (wait := self._flood_wait()) is not None:
            raise too_many_requests(wait)
        result = handler(params)
        if asyncio.iscoroutine(result):
            result = await result
        if limited:
            self._sent_times.append(time.monotonic())
        return result

    async def _read_params(self, request: web.Request) -> _Params:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, Upload] = {}
        if request.method == "POST" and request.body_exists:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad_request("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise bad_request("JSON object expected")
                raw.update(body)
            elif request.content_type in ("application/x-www-form-urlencoded",
                                          "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = Upload(value.filename, value.content_type,
                                            value.file.read())
                    else:
                        raw[key] = value
        values = {key: _typed(key, value) for key, value in raw.items()}
        return _Params(values, files)

    async def _on_download(self, request: web.Request) -> web.StreamResponse:
        stored = self._file_paths.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            error = ApiError(404, "Not Found")
            return web.json_response(error.body(), status=404)
        return web.Response(body=stored.content,
                            content_type=stored.mime_type or "application/octet-stream")

    # --- methods: bot and updates ----------------------------------------------------------------
    def _true(self, p: _Params) -> bool:
        return True

    def _get_me(self, p: _Params) -> dict[str, Any]:
        return {
            **self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False, "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, p: _Params) -> list[dict[str, Any]]:
        if self._webhook is not None:
            raise ApiError(409, WEBHOOK_ACTIVE)
        if "allowed_updates" in p.values:
            self._set_allowed(p.get("allowed_updates"))
        offset = int(p.get("offset", 0))
        if offset < 0:
            self._updates = self._updates[offset:]  # the last -offset; the rest is forgotten
        elif offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = min(max(int(p.get("limit", 100)), 1), 100)
        timeout = max(float(p.get("timeout", 0)), 0.0)
        if self._poll is not None:  # the newer request wins, as on the real server
            self._poll.terminate(ApiError(409, OTHER_POLL))
        poll = _Poll()
        self._poll = poll
        self._notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                if poll.error is not None:
                    raise poll.error
                if self._updates or self._closing:
                    return copy.deepcopy(self._updates[:limit])
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return []
                poll.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poll.wake.wait(), remaining)
        finally:
            if self._poll is poll:
                self._poll = None

    def _set_allowed(self, allowed: Any) -> None:
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed_updates JSON object")
        self._allowed = frozenset(allowed) & frozenset(UPDATE_TYPES) or DEFAULT_ALLOWED

    def _set_webhook(self, p: _Params) -> _Described:
        url = str(p.get("url", ""))
        if not url:
            self._remove_webhook(bool(p.get("drop_pending_updates", False)))
            return _Described(True, "Webhook was deleted")
        if not re.match(r"^https?://[^/\s]+", url):
            raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
        secret = p.get("secret_token")
        if secret is not None and not SECRET_SHAPE.match(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if "allowed_updates" in p.values:
            self._set_allowed(p.get("allowed_updates"))
        if p.get("drop_pending_updates"):
            self._updates.clear()
        if self._poll is not None:
            self._poll.terminate(ApiError(409, "Conflict: terminated by setWebhook request"))
        already = self._webhook is not None and self._webhook["url"] == url
        self._webhook = {
            "url": url, "secret_token": secret,
            "max_connections": int(p.get("max_connections", 40)),
        }
        self._webhook_error = None
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_to_webhook())
        self._webhook_wake.set()
        return _Described(True, "Webhook is already set" if already else "Webhook was set")

    def _delete_webhook(self, p: _Params) -> _Described:
        had = self._webhook is not None
        self._remove_webhook(bool(p.get("drop_pending_updates", False)))
        return _Described(True, "Webhook was deleted" if had else "Webhook is already deleted")

    def _remove_webhook(self, drop_pending: bool) -> None:
        self._webhook = None
        self._webhook_error = None
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            self._webhook_task = None
        if drop_pending:
            self._updates.clear()

    def _get_webhook_info(self, p: _Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook is not None:
            info["max_connections"] = self._webhook["max_connections"]
            if self._allowed != DEFAULT_ALLOWED:
                info["allowed_updates"] = sorted(self._allowed)
            if self._webhook_error is not None:
                info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    async def _deliver_to_webhook(self) -> None:
        """POST pending updates to the webhook in order; an update goes once it got 2xx."""
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while self._webhook is not None and not self._closing:
                if not self._updates:
                    self._webhook_wake.clear()
                    await self._webhook_wake.wait()
                    continue
                update, hook = self._updates[0], self._webhook
                headers = {"Content-Type": "application/json"}
                if hook["secret_token"]:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
                error = None
                try:
                    async with session.post(hook["url"], data=json.dumps(update),
                                            headers=headers) as resp:
                        if not 200 <= resp.status < 300:
                            error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
                except aiohttp.ClientConnectorError:
                    error = "Connection refused"
                except (aiohttp.ClientError, TimeoutError) as exc:
                    error = f"{type(exc).__name__}: {exc}"
                if error is None:
                    if self._updates and self._updates[0] is update:
                        self._updates.pop(0)
                    self._notify()
                    continue
                self._webhook_error = (int(time.time()), error)
                self._notify()
                await asyncio.sleep(self.webhook_retry_delay)

    # --- methods: messages -----------------------------------------------------------------------
    def _send_message(self, p: _Params) -> dict[str, Any]:
        chat = self._chat_for_sending(p)
        text = self._checked_text(p.get("text"))
        self._checked_parse_mode(p)
        content: dict[str, Any] = {"text": text}
        if entities := p.get("entities"):
            content["entities"] = entities
        return self._bot_message(chat, content, self._checked_markup(p.get("reply_markup")))

    async def _send_photo(self, p: _Params) -> dict[str, Any]:
        chat = self._chat_for_sending(p)
        source = await self._input_file(p, "photo")
        if isinstance(source, FakeFile):
            stored = source
        else:
            stored = self._add_file(source.content, "photos", "jpg", "image/jpeg")
        size = image_size(stored.content)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        content: dict[str, Any] = {"photo": [self._photo_size(stored, *size)]}
        content.update(self._checked_caption(p))
        return self._bot_message(chat, content, self._checked_markup(p.get("reply_markup")))

    async def _send_document(self, p: _Params) -> dict[str, Any]:
        chat = self._chat_for_sending(p)
        source = await self._input_file(p, "document")
        if isinstance(source, FakeFile):
            stored = source
        else:
            name = source.filename or "document"
            mime = (source.content_type or mimetypes.guess_type(name)[0]
                    or "application/octet-stream")
            ext = name.rpartition(".")[2] if "." in name else "bin"
            stored = self._add_file(source.content, "documents", ext, mime, name)
        content: dict[str, Any] = {"document": self._document(stored)}
        content.update(self._checked_caption(p))
        return self._bot_message(chat, content, self._checked_markup(p.get("reply_markup")))

    def _send_chat_action(self, p: _Params) -> bool:
        self._chat_for_sending(p)
        if not p.get("action"):
            raise bad_request("action is empty")
        return True

    def _edit_message_text(self, p: _Params) -> dict[str, Any]:
        stored = self._message_to_edit(p)
        if "text" not in stored.json:
            raise bad_request("there is no text in the message to edit")
        text = self._checked_text(p.get("text"))
        self._checked_parse_mode(p)
        markup = self._checked_markup(p.get("reply_markup"))
        return self._apply_edit(stored, {"text": text}, markup)

    def _edit_message_caption(self, p: _Params) -> dict[str, Any]:
        stored = self._message_to_edit(p)
        if "text" in stored.json:
            raise bad_request("there is no caption in the message to edit")
        caption = self._checked_caption(p)
        markup = self._checked_markup(p.get("reply_markup"))
        return self._apply_edit(stored, {"caption": caption.get("caption")}, markup)

    def _edit_message_reply_markup(self, p: _Params) -> dict[str, Any]:
        stored = self._message_to_edit(p)
        return self._apply_edit(stored, {}, self._checked_markup(p.get("reply_markup")))

    def _delete_message(self, p: _Params) -> bool:
        chat = self._chat_of(p)
        stored = self._messages.get((chat["id"], int(p.get("message_id", 0))))
        if stored is None or stored.deleted:
            raise bad_request("message to delete not found")
        stored.deleted = True
        return True

    def _answer_callback_query(self, p: _Params) -> bool:
        query_id = str(p.get("callback_query_id", ""))
        if query_id not in self._queries:
            raise bad_request(QUERY_INVALID)
        text = p.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        del self._queries[query_id]
        self.answered_callbacks.append(query_id)
        self.callback_answers[query_id] = {
            "text": text, "show_alert": bool(p.get("show_alert", False)), "url": p.get("url"),
        }
        return True

    def _get_file(self, p: _Params) -> dict[str, Any]:
        stored = self._files.get(str(p.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content), "file_path": stored.file_path,
        }

    def _get_chat(self, p: _Params) -> dict[str, Any]:
        chat = self._chat_of(p)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                        "unique_gifts": False, "premium_subscription": False}}

    def _set_my_commands(self, p: _Params) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be an array of at most 100 BotCommand")
        for command in commands:
            if not COMMAND_SHAPE.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description must be 1-256 characters")
        self._commands[self._commands_key(p)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, p: _Params) -> list[dict[str, str]]:
        return self._commands.get(self._commands_key(p), [])

    def _delete_my_commands(self, p: _Params) -> bool:
        self._commands.pop(self._commands_key(p), None)
        return True

    @staticmethod
    def _commands_key(p: _Params) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return (json.dumps(scope, sort_keys=True), str(p.get("language_code", "")))

    # --- validation ------------------------------------------------------------------------------
    def _chat_of(self, p: _Params) -> dict[str, Any]:
        chat_id = p.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        chat = None
        if isinstance(chat_id, int):
            chat = self._chats.get(chat_id)
        elif isinstance(chat_id, str) and chat_id.startswith("@"):
            chat = next((c for c in self._chats.values()
                         if c.get("username", "").casefold() == chat_id[1:].casefold()), None)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _chat_for_sending(self, p: _Params) -> dict[str, Any]:
        chat = self._chat_of(p)
        if chat["type"] == "private" and chat["id"] in self._blocked:
            raise ApiError(403, BLOCKED)
        return chat

    @staticmethod
    def _checked_text(text: Any) -> str:
        if not isinstance(text, str) or not text.strip():
            raise bad_request("message text is empty")
        text = text.strip()  # the server trims the text, as Telegram apps show it
        if len(text) > MAX_TEXT:
            raise bad_request("message is too long")
        return text

    @staticmethod
    def _checked_parse_mode(p: _Params) -> None:
        mode = p.get("parse_mode")
        if mode is not None and str(mode).lower() not in ("", "html", "markdown", "markdownv2"):
            raise bad_request(f"unsupported parse_mode {mode}")

    @staticmethod
    def _checked_caption(p: _Params) -> dict[str, Any]:
        caption = p.get("caption")
        if caption is None or not str(caption).strip():
            return {}
        caption = str(caption).strip()
        if len(caption) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        return {"caption": caption}

    @staticmethod
    def _checked_markup(markup: Any) -> dict[str, Any] | None:
        """The markup as it will be attached to the message (only inline keyboards are)."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
                return None  # reply keyboards live in the app, not on the message
            raise bad_request("can't parse reply keyboard markup JSON object")
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse inline keyboard: field \"inline_keyboard\" must be"
                              " an Array of Arrays")
        if sum(len(row) for row in rows) > MAX_BUTTONS:
            raise bad_request("reply markup is too long")
        actions = ("url", "callback_data", "web_app", "login_url", "switch_inline_query",
                   "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                   "copy_text", "callback_game", "pay")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise bad_request("can't parse inline keyboard button: Field \"text\" must"
                                      " be of type String")
                if "callback_data" in button:
                    data = button["callback_data"]
                    if (not isinstance(data, str)
                            or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA):
                        raise bad_request("BUTTON_DATA_INVALID")
                elif not any(action in button for action in actions):
                    raise bad_request("can't parse inline keyboard button: Text buttons are"
                                      " unallowed in the inline keyboard")
        return {"inline_keyboard": rows}

    async def _input_file(self, p: _Params, name: str) -> Upload | FakeFile:
        source = p.file(name)
        if source is None or source == "":
            raise bad_request(f"there is no {name} in the request")
        if isinstance(source, Upload):
            return source
        if source in self._files:
            return self._files[source]
        if re.match(r"^https?://", source):
            try:
                timeout = aiohttp.ClientTimeout(total=5)
                async with (aiohttp.ClientSession(timeout=timeout) as session,
                            session.get(source) as resp):
                    resp.raise_for_status()
                    body = await resp.read()
            except (aiohttp.ClientError, TimeoutError):
                raise bad_request("failed to get HTTP URL content") from None
            return Upload(source.rsplit("/", 1)[-1] or name, resp.content_type, body)
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _message_to_edit(self, p: _Params) -> _Stored:
        if p.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat_for_sending(p)
        stored = self._messages.get((chat["id"], int(p.get("message_id", 0))))
        if stored is None or stored.deleted:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return stored

    def _apply_edit(
        self, stored: _Stored, content: dict[str, Any], markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        # Without reply_markup an edit removes the inline keyboard, as on the real server.
        current = {key: stored.json.get(key) for key in content}
        if current == content and stored.json.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED)
        for key, value in content.items():
            if value is None:
                stored.json.pop(key, None)
            else:
                stored.json[key] = value
        if markup is None:
            stored.json.pop("reply_markup", None)
        else:
            stored.json["reply_markup"] = markup
        stored.json["edit_date"] = int(time.time())
        stored.edited = True
        return copy.deepcopy(stored.json)

    def _flood_wait(self) -> int | None:
        now = time.monotonic()
        if now < self._flood_until:
            return max(1, math.ceil(self._flood_until - now))
        if self.max_per_second is None:
            return None
        while self._sent_times and now - self._sent_times[0] >= 1.0:
            self._sent_times.popleft()
        if len(self._sent_times) < self.max_per_second:
            return None
        wait = self.retry_after or max(1, math.ceil(1.0 - (now - self._sent_times[0])))
        self._flood_until = now + wait
        return wait

    # --- state -----------------------------------------------------------------------------------
    def _notify(self) -> None:
        self._activity.set()
        self._activity = asyncio.Event()

    def _ensure_user(
        self, user_id: int, first_name: str, language_code: str | None
    ) -> dict[str, Any]:
        user = self._users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name}
            if language_code:
                user["language_code"] = language_code
            self._users[user_id] = user
        return dict(user)

    def _ensure_chat(self, user: dict[str, Any], chat_type: str, chat_id: int | None
                     ) -> dict[str, Any]:
        if chat_type == "private":
            chat_id = user["id"]
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        else:
            if chat_type not in ("group", "supergroup"):
                raise ValueError(f"unknown chat type {chat_type!r}")
            chat_id = chat_id if chat_id is not None else -(1_000_000 + user["id"])
            chat = {"id": chat_id, "type": chat_type, "title": f"Grup {abs(chat_id)}"}
        self._chats.setdefault(chat_id, chat)
        return dict(self._chats[chat_id])

    def _unblock_on_use(self, user_id: int) -> None:
        # Writing to a bot one blocked unblocks it first (Telegram's "Restart" button).
        self.unblock(user_id)

    def _user_message(
        self,
        user_id: int,
        first_name: str,
        chat_type: str,
        chat_id: int | None,
        language_code: str | None,
        content: dict[str, Any],
    ) -> int:
        user = self._ensure_user(user_id, first_name, language_code)
        if chat_type == "private":
            self._unblock_on_use(user_id)
        chat = self._ensure_chat(user, chat_type, chat_id)
        message = self._new_message(chat, user, content, from_bot=False)
        self._add_update("message", message)
        return int(message["message_id"])

    def _bot_message(
        self, chat: dict[str, Any], content: dict[str, Any], markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        if markup is not None:
            content = {**content, "reply_markup": markup}
        return copy.deepcopy(self._new_message(chat, self.bot_user, content, from_bot=True))

    def _new_message(
        self,
        chat: dict[str, Any],
        sender: dict[str, Any],
        content: dict[str, Any],
        *,
        from_bot: bool,
    ) -> dict[str, Any]:
        chat_id = int(chat["id"])
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        message = {
            "message_id": message_id, "from": dict(sender), "chat": dict(chat),
            "date": int(time.time()), **copy.deepcopy(content),
        }
        self._messages[(chat_id, message_id)] = _Stored(message, from_bot, time.monotonic())
        self._order.setdefault(chat_id, []).append(message_id)
        self._notify()
        return message

    def _add_update(self, kind: str, payload: dict[str, Any]) -> int | None:
        if kind not in self._allowed:
            return None  # the bot did not ask for this kind: the server drops it
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append({"update_id": update_id, kind: copy.deepcopy(payload)})
        if self._poll is not None:
            self._poll.wake.set()
        self._webhook_wake.set()
        self._notify()
        return update_id

    def _member_update(self, user_id: int, old: str, new: str) -> None:
        chat = self._chats.get(user_id)
        if chat is None:
            return
        now = int(time.time())
        bot = dict(self.bot_user)
        old_member: dict[str, Any] = {"status": old, "user": bot}
        new_member: dict[str, Any] = {"status": new, "user": bot}
        if new == "kicked":
            new_member["until_date"] = 0
        if old == "kicked":
            old_member["until_date"] = 0
        self._add_update("my_chat_member", {
            "chat": dict(chat), "from": dict(self._users[user_id]), "date": now,
            "old_chat_member": old_member, "new_chat_member": new_member,
        })

    def _add_file(
        self,
        content: bytes,
        folder: str,
        ext: str,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> FakeFile:
        n = next(self._counter)
        stored = FakeFile(
            file_id=f"AgACAgUAAxkBAAI{n:08d}{folder[:3].upper()}",
            file_unique_id=f"AQAD{n:08d}",
            content=content,
            file_path=f"{folder}/file_{n}.{ext}",
            mime_type=mime_type,
            file_name=file_name,
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.file_path] = stored
        return stored

    @staticmethod
    def _photo_size(stored: FakeFile, width: int, height: int) -> dict[str, Any]:
        return {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "width": width, "height": height, "file_size": len(stored.content),
        }

    @staticmethod
    def _document(stored: FakeFile) -> dict[str, Any]:
        document: dict[str, Any] = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    @staticmethod
    def _view(chat_id: int, stored: _Stored) -> SentMessage:
        message = stored.json
        kinds = ("text", "photo", "document", "sticker", "voice", "audio", "video")
        kind = next((k for k in kinds if k in message), "other")
        return SentMessage(
            chat_id=chat_id,
            message_id=int(message["message_id"]),
            text=str(message.get("text") or message.get("caption") or ""),
            reply_markup=copy.deepcopy(message.get("reply_markup")),
            kind=kind,
            edited=stored.edited,
            sent_at=stored.sent_at,
            raw=copy.deepcopy(message),
        )


class TelegramUser:
    """One simulated person who acts and then waits for the bot's whole answer.

    An answer is complete when as many new messages with buttons as expected (`screens`) have
    arrived: every screen the bot renders ends with its buttons, and a chat's messages arrive in
    order, so anything said before a screen is there by then.
    """

    def __init__(self, api: FakeBotApi, user_id: int, first_name: str = "Warga") -> None:
        self.api = api
        self.id = user_id
        self.first_name = first_name
        self.last: list[SentMessage] = []
        self.queries: list[str] = []

    async def answer_to(
        self, act: Callable[[], object], *, screens: int = 1, within: float = 10.0
    ) -> list[SentMessage]:
        before = len(self.api.messages_to(self.id))

        def complete() -> bool:
            new = self.api.messages_to(self.id)[before:]
            return sum(1 for message in new if message.buttons) >= screens

        act()
        try:
            await self.api.wait_until(complete, within, f"{screens} screen(s) to {self.id}")
        except TimeoutError as exc:
            got = [m.text.splitlines()[0] if m.text else m.kind
                   for m in self.api.messages_to(self.id)[before:]]
            raise TimeoutError(f"{exc}; got {got}") from None
        self.last = self.api.messages_to(self.id)[before:]
        return self.last

    async def wait_for_screens(self, screens: int = 1, within: float = 10.0
                               ) -> list[SentMessage]:
        """The answer to something that happened already (e.g. while the bot was down)."""
        return await self.answer_to(lambda: None, screens=screens, within=within)

    async def send(self, text: str, within: float = 10.0) -> list[SentMessage]:
        return await self.answer_to(
            lambda: self.api.user_sends_text(self.id, text, first_name=self.first_name),
            within=within,
        )

    async def press(self, label: str, within: float = 10.0) -> list[SentMessage]:
        """Press the button containing `label` on the latest message that has it."""
        return await self.answer_to(
            lambda: self.queries.append(self.api.press(self.id, label)), within=within
        )

    @property
    def text(self) -> str:
        return "\n".join(message.text for message in self.last)

    @property
    def labels(self) -> list[str]:
        return [label for message in self.last for label in message.buttons]
