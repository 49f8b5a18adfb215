"""WhatsApp through the Cloud API: signed webhook posts in, Graph API calls out (pywa_async).

Incoming: Meta POSTs webhook bodies to /whatsapp; bot/channels/http.py answers the verification
handshake and checks each body's signature with `verify` and `signature_ok` here. `accept` then
splits the body into one inbox row per message (its update id is the wamid, so a message Meta
delivers twice is handled once), records delivery statuses and each sender's 24-hour window,
all before the 200 (Meta does not resend after a 200). `parse` turns an inbox row into an
`Incoming` through pywa's update types.

Outgoing: `send` renders a `Reply` within WhatsApp's limits (text at most 4,096 characters,
reply buttons at most 3 with titles of at most 20, lists of at most 10 rows with titles of at
most 24) and calls the Cloud API through pywa_async. Graph API errors become the sender's
outcomes. WhatsApp never tells a business that a person blocked it, so nothing here raises
`Blocked`; 131047 (outside the 24-hour window) fails that one message.

pywa sets its httpx client's base address to Meta's Graph API. The client is ours (pywa takes
it as `session`), so we point it at WHATSAPP_API_BASE_URL afterwards; tests aim it at a fake.
pywa's own webhook server is not used: one aiohttp server serves every channel.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx
from pywa_async import WhatsApp
from pywa_async.errors import WhatsAppError
from pywa_async.types import (
    Button,
    CallbackButton,
    CallbackSelection,
    Message,
    MessageType,
    RawUpdate,
    Section,
    SectionList,
    SectionRow,
)
from pywa_async.types.templates import BodyText, TemplateLanguage

from bot.channels.base import Permanent, Rejected, RetryLater, SendError, TokenRejected, Transient
from bot.channels.whatsapp_parts import (
    LIST_BUTTON,
    LIST_SECTION,
    ButtonsPart,
    ListPart,
    MediaPart,
    Part,
    TextPart,
    plan,
)
from bot.channels.whatsapp_webhook import (
    IGNORED_TYPES,
    WebhookBatch,
    _media_of,
    _profile_name,
    _sender,
    _when,
    normalise_wa_id,
    split_webhook,
)
from bot.services.processor import Processor
from bot.services.sender import Pacing
from bot.store.whatsapp import whatsapp_queries
from conversations.core.models import Incoming, Media, Reply, Template

# (what tests and other modules import from here, moved to whatsapp_parts and _webhook)
__all__ = [
    "DEFAULT_API_BASE_URL", "ButtonsPart", "ListPart", "MediaPart", "TextPart", "WebhookBatch",
    "WhatsAppChannel", "WhatsAppStartError", "normalise_wa_id", "plan", "split_webhook",
]

log = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://graph.facebook.com/v26.0"  # the version pywa 4.5 speaks

# 80 messages a second per business number by default (Meta's throughput limit).
PACING = Pacing(per_second=80, batch=80)

# --- Graph API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes)
OUTSIDE_WINDOW = 131047  # more than 24 hours since the person's last message
PAIR_RATE = 131056  # too many messages to the same person in a short time
THROTTLED = frozenset({4, 80007, 130429, 131048, 133016})  # the number or app: slow down
TEMPORARY = frozenset({1, 2, 131000, 131016, 131057, 133004, 135000})  # Meta's side: retry
# The account or token is wrong or restricted: nothing will go out until an operator acts, so
# the channel waits instead of burning through the outbox.
ACCOUNT = frozenset({0, 3, 10, 190, 368, 131031, 130497, 131042})
PAIR_WAIT = 6.0  # seconds: about one message every 6 s to one person
THROTTLE_WAIT_MAX = 60.0
ACCOUNT_WAIT = 300.0
TOKEN_EXPIRED = 190  # expired or revoked: the bot stops, as at start (the token is read then)
TOKEN_REJECTED = ("WhatsApp rejected WHATSAPP_TOKEN (expired or revoked); stopped. Set a valid"
                  " token and start again: unsent replies wait in the outbox")


# --- the channel ----------------------------------------------------------------------------
class WhatsAppStartError(Exception):
    """The Cloud API refused the settings at start (token or phone number id)."""


class WhatsAppChannel:
    name = "whatsapp"
    pacing = PACING
    # Meta reports delivery by webhook: the sender keeps each message's wamid on its row.
    reports_delivery = True

    def __init__(
        self,
        token: str,
        phone_number_id: str,
        *,
        app_secret: str,
        verify_token: str,
        api_base_url: str = DEFAULT_API_BASE_URL,
        number: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        if not app_secret or not verify_token:
            raise ValueError("WhatsApp needs the app secret and the verify token")
        self.phone_number_id = str(phone_number_id)
        self.number = normalise_wa_id(number) if number else None
        self.api_base_url = api_base_url.rstrip("/")
        self._app_secret = app_secret.encode()
        self._verify_token = verify_token.encode()
        self.session = httpx.AsyncClient(timeout=timeout)
        # validate_updates stays on, but pywa never sees a raw request: our server checks
        # signatures (signature_ok) before anything is parsed.
        self.wa = WhatsApp(
            phone_id=self.phone_number_id, token=token, session=self.session,
            app_secret=app_secret, verify_token=verify_token, validate_updates=True,
        )
        self.session.base_url = httpx.URL(self.api_base_url + "/")  # after pywa set Meta's
        self.processor: Processor | None = None
        self.display_number: str | None = None
        self._throttled = 0  # consecutive throttling errors: the back-off doubles
        self._progress: dict[tuple[str, str], int] = {}  # parts of a reply already sent

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self, processor: Processor) -> bool:
        """Check the token and phone number id (one Graph API call), then take updates.

        False when the Graph API cannot be reached (the caller logs it and tries again);
        webhooks are accepted meanwhile and replies wait in the outbox."""
        self.processor = processor
        try:
            number = await self.wa.get_business_phone_number()
        except WhatsAppError as exc:
            raise WhatsAppStartError(
                f"the Cloud API refused WHATSAPP_TOKEN / WHATSAPP_PHONE_NUMBER_ID"
                f" ({exc.code}: {exc.message})"
            ) from exc
        except httpx.HTTPError as exc:
            log.debug("WhatsApp: Graph API not reachable (%s)", type(exc).__name__)
            return False
        self.display_number = getattr(number, "display_phone_number", None)
        return True

    async def stop(self) -> None:
        await self.session.aclose()

    @property
    def private_link(self) -> str:
        return f"https://wa.me/{self.number}" if self.number else ""

    # --- webhook security ------------------------------------------------------------------
    def verify(self, query: Mapping[str, str]) -> str | None:
        """The verification handshake: the challenge to echo, or None (answer 403)."""
        token = query.get("hub.verify_token", "").encode()
        challenge = query.get("hub.challenge")
        if (query.get("hub.mode") == "subscribe" and challenge
                and hmac.compare_digest(token, self._verify_token)):
            return challenge
        return None

    def signature_ok(self, body: bytes, header: str | None) -> bool:
        """`X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with the app secret>`."""
        if not header or not header.startswith("sha256="):
            return False
        expected = hmac.new(self._app_secret, body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(header.removeprefix("sha256=").encode(), expected.encode())

    # --- incoming --------------------------------------------------------------------------
    async def accept(
        self, body: Mapping[str, Any],
        on_reject: Callable[[str], Awaitable[None]] | None = None,
    ) -> int:
        """Store a verified webhook body: messages in the inbox, windows and statuses recorded.

        Everything is committed before this returns, so the caller's 200 comes after it.
        Returns how many new messages went into the inbox (a duplicate adds none). A part
        that cannot be read is passed to `on_reject` (its reason) and the rest is taken.
        """
        assert self.processor is not None, "start() first"
        batch = split_webhook(body, self.phone_number_id)
        added = 0
        for update_id, one in batch.updates:
            try:
                added += await self.processor.receive(
                    self.name, update_id, json.dumps(one, ensure_ascii=False)
                )
            except Rejected as exc:
                batch.rejected.append(str(exc))
        for reason in batch.rejected:
            if on_reject is not None:
                await on_reject(reason)
        if batch.senders or batch.statuses:
            now = self.processor.clock.now()
            async with self.processor.store.transaction() as tx:
                queries = whatsapp_queries(tx)
                for wa_id in sorted(batch.senders):
                    await queries.whatsapp_seen(wa_id, now)
                for status in batch.statuses:
                    await queries.whatsapp_status_add(status)
        for status in batch.statuses:
            if status.status == "failed":
                log.warning("whatsapp: message %s not delivered (%s %s)", status.wamid,
                            status.error_code, status.error_title)
        for what in batch.ignored:
            log.debug("whatsapp webhook: %s not handled", what)
        return added

    def parse(self, payload: dict[str, Any]) -> Incoming | None:
        change = payload["entry"][0]["changes"][0]
        value = change["value"]
        contacts = list(value.get("contacts") or [])
        if change.get("field") == "calls":
            call = value["calls"][0]
            user = _sender(call, contacts)
            if user is None:
                return None
            return Incoming(channel="whatsapp", user=user, update_id=str(call["id"]),
                            media=Media(kind="other"), received_at=_when(call.get("timestamp")))
        message = value["messages"][0]
        kind = message.get("type")
        user = _sender(message, contacts)
        if kind in IGNORED_TYPES or user is None:
            return None
        base: dict[str, Any] = {
            "channel": "whatsapp", "user": user, "update_id": str(message["id"]),
            "received_at": _when(message.get("timestamp")),
            "sender_name": _profile_name(contacts),
        }
        if message.get("group_id"):
            base.update(chat_type="group", chat_id=str(message["group_id"]))
        try:
            return self._read(payload, message, base)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            # A shape pywa does not know yet: answer as "cannot read that", never crash.
            log.warning("whatsapp: could not read a %r message (%s: %s)", kind,
                        type(exc).__name__, exc)
            return Incoming(**base, media=Media(kind="other"))

    def _read(
        self, payload: dict[str, Any], message: Mapping[str, Any], base: dict[str, Any]
    ) -> Incoming | None:
        raw = RawUpdate(json.dumps(payload).encode(), hmac_header=None,
                        update_hash=str(message["id"]))
        kind = message.get("type")
        interactive = (message.get("interactive") or {}).get("type")
        if kind == "request_welcome":  # the person opened the chat for the first time
            return Incoming(**base, text="/start")
        if kind == "button" or interactive == "button_reply":
            return Incoming(**base, choice=str(CallbackButton.from_update(self.wa, raw).data))
        if interactive == "list_reply":
            return Incoming(**base, choice=str(CallbackSelection.from_update(self.wa, raw).data))
        msg = Message.from_update(self.wa, raw)
        referral = None
        if msg.referral is not None:  # a click-to-WhatsApp ad or post
            referral = msg.referral.source_id or msg.referral.source_url or None
        if msg.type == MessageType.TEXT:
            return Incoming(**base, text=msg.text, referral=referral)
        if msg.type == MessageType.REACTION and not (msg.reaction and msg.reaction.emoji):
            return None  # a reaction taken back: nothing to answer
        media = _media_of(msg)
        caption = getattr(msg.media, "caption", None) if msg.media is not None else None
        return Incoming(**base, text=caption or None, media=media, referral=referral)

    async def download(self, file_id: str, max_bytes: int) -> tuple[bytes, str]:
        """A file a person sent (the proof): its URL from the Graph API, then the bytes."""
        info = await self.wa.get_media_url(file_id)
        if info.file_size and info.file_size > max_bytes:
            raise ValueError("file too large")
        content = await self.wa.get_media_bytes(info.url)
        if len(content) > max_bytes:
            raise ValueError("file too large")
        return content, info.mime_type

    # --- outgoing --------------------------------------------------------------------------
    async def send(self, chat_id: str, reply: Reply) -> str | None:
        """Send one reply (maybe several Cloud API messages); raise a `SendError` if it fails.

        A reply with a `template` (the bulk lane, for a person outside the 24-hour window)
        goes as that approved template instead of its text.

        When a later part fails, the sender retries the whole reply: parts that already went
        out are remembered (in memory) and not sent again.
        """
        to = normalise_wa_id(chat_id)
        if reply.template is not None:  # bulk outside the 24-hour window
            return await self.send_template(to, reply.template)
        key = (to, hashlib.sha256(reply.model_dump_json().encode()).hexdigest())
        done = self._progress.get(key, 0)
        last_id: str | None = None  # the last part's id: the one delivery statuses track
        try:
            for index, part in enumerate(plan(reply)):
                if index < done:
                    continue
                last_id = await self._deliver(to, part)
                self._remember(key, index + 1)
        except WhatsAppError as exc:
            raise self.classify(exc) from exc
        except httpx.HTTPError as exc:
            raise Transient(f"WhatsApp: {type(exc).__name__}: {exc}") from exc
        self._progress.pop(key, None)
        self._throttled = 0
        return last_id

    async def send_template(self, to: str, template: Template) -> str:
        """An approved message template, with its body parameters in order; returns the
        message id (wamid). A template may reach a person outside the 24-hour window."""
        try:
            language = TemplateLanguage(template.language)
        except ValueError as exc:
            raise Permanent(f"WhatsApp template {template.name}: unknown language"
                            f" {template.language!r}") from exc
        # pywa annotates `params` as taking BodyText, though it builds one from strings.
        params = ([BodyText.params(*template.params)]  # type: ignore[arg-type]
                  if template.params else None)
        try:
            sent = await self.wa.send_template(to=to, name=template.name, language=language,
                                               params=params)
        except WhatsAppError as exc:
            raise self.classify(exc) from exc
        except httpx.HTTPError as exc:
            raise Transient(f"WhatsApp: {type(exc).__name__}: {exc}") from exc
        self._throttled = 0
        return str(sent.id)

    def _remember(self, key: tuple[str, str], parts_sent: int) -> None:
        self._progress[key] = parts_sent
        while len(self._progress) > 10_000:
            self._progress.pop(next(iter(self._progress)))

    async def _deliver(self, to: str, part: Part) -> str | None:
        """Send one part; returns its message id (wamid)."""
        wa = self.wa
        if isinstance(part, TextPart):
            sent = await wa.send_message(to=to, text=part.text)
        elif isinstance(part, ButtonsPart):
            sent = await wa.send_message(to=to, text=part.text, buttons=[
                Button(title=title, callback_data=choice_id) for choice_id, title in part.buttons
            ])
        elif isinstance(part, ListPart):
            rows = [SectionRow(title=title, callback_data=choice_id, description=description)
                    for choice_id, title, description in part.rows]
            sent = await wa.send_message(to=to, text=part.text, buttons=SectionList(
                button_title=LIST_BUTTON, sections=[Section(title=LIST_SECTION, rows=rows)]))
        else:
            media = await wa.upload_media(part.content, mime_type=part.mime_type,
                                          filename=part.file_name)
            if part.kind == "image":
                sent = await wa.send_image(to=to, image=media.id, caption=part.caption)
            else:
                sent = await wa.send_document(to=to, document=media.id,
                                              filename=part.file_name, caption=part.caption)
        return getattr(sent, "id", None)

    def classify(self, exc: WhatsAppError) -> SendError:
        """A Graph API error as the sender's outcome."""
        code = exc.code
        what = f"WhatsApp {code}: {exc.message}"
        if code == OUTSIDE_WINDOW:
            # Final for this message only: the person has not blocked anyone, and a message
            # they send later opens the window again. Bulk outside it needs templates.
            return Permanent(f"{what} (outside the 24-hour window)")
        if code == PAIR_RATE:
            return RetryLater(PAIR_WAIT, what, per_chat=True)
        if code in THROTTLED:
            self._throttled += 1
            return RetryLater(min(2.0 ** self._throttled, THROTTLE_WAIT_MAX), what)
        if code == TOKEN_EXPIRED or exc.status_code == 401:
            return TokenRejected(f"{TOKEN_REJECTED} ({what})")
        if code in ACCOUNT or 200 <= code < 300:
            log.error("WhatsApp refuses to send: %s. Check the token and the account;"
                      " the outbox waits.", what)
            return RetryLater(ACCOUNT_WAIT, what)
        status = exc.status_code
        if code in TEMPORARY or exc.is_transient or (status is not None and status >= 500):
            return Transient(what)
        return Permanent(what)
