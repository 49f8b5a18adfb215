"""A local fake of the WhatsApp Cloud API (Meta's Graph API) and of Meta's webhook, for tests.

It speaks HTTP like graph.facebook.com, so the real pywa_async client talks to it through
WHATSAPP_API_BASE_URL:

    async with FakeGraphApi() as graph:
        channel = WhatsAppChannel(graph.token, graph.phone_number_id, app_secret=graph.app_secret,
                                  verify_token="...", api_base_url=graph.base_url)
        graph.connect("http://127.0.0.1:8080/whatsapp")   # where Meta posts webhooks
        await graph.user_sends_text("6281234567890", "halo")

What it keeps, like the real service: the messages the business sent, with the shapes and limits
of the Cloud API (text at most 4,096 characters; reply buttons 1-3 with unique titles of at most
20; lists of at most 10 rows in 1-10 sections, row titles at most 24, descriptions at most 72,
the list button at most 20; an interactive body at most 1,024; captions at most 1,024), media
uploaded with `POST /<phone id>/media` (multipart, supported types and sizes), the business
phone number (`GET /<phone id>`), and each person's 24-hour window. Errors come as Meta sends
them: `{"error": {"message", "type": "OAuthException", "code", "error_data": {"details"},
"fbtrace_id"}}` with an HTTP status.

Meta's side of the webhook: simulated people send messages, press reply buttons and pick list
rows; each is POSTed to the bot as a real-shaped webhook body signed with the app secret
(`X-Hub-Signature-256`). After a message is accepted, "sent" and "delivered" statuses follow; a
free-form message outside the person's 24-hour window is accepted and then fails with a
"failed" status (131047), as on the real service.

Templates: any name is taken as approved; the body's text parameters are checked as Meta
does (no new lines, tabs or more than four spaces in a row) and kept in `SentMessage.template`;
a template reaches a person outside the 24-hour window.

Deliberate simplifications: no flows, calls or groups; media are kept as sent;
statuses are posted in order, one webhook body each.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

TEXT_MAX = 4096
BODY_MAX = 1024
CAPTION_MAX = 1024
HEADER_FOOTER_MAX = 60
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
LIST_BUTTON_MAX = 20
SECTIONS_MAX = 10
ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_ID_MAX = 200
ROW_DESCRIPTION_MAX = 72
SECTION_TITLE_MAX = 24
WINDOW_SECONDS = 24 * 3600

IMAGE_TYPES = {"image/jpeg": 5 * 1024 * 1024, "image/png": 5 * 1024 * 1024}
DOCUMENT_TYPES = {
    mime: 100 * 1024 * 1024 for mime in (
        "text/plain", "text/csv", "application/pdf", "application/msword",
        "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )
}

ERROR_TITLES = {
    4: "Application request limit reached",
    100: "Invalid parameter",
    190: "Invalid OAuth access token - Cannot parse access token",
    80007: "Rate limit issues",
    130429: "Rate limit hit",
    131000: "Something went wrong",
    131009: "Parameter value is not valid",
    131016: "Service unavailable",
    131026: "Message undeliverable",
    131047: "Re-engagement message",
    131048: "Spam rate limit hit",
    131053: "Media upload error",
    131056: "(Business Account, Consumer Account) pair rate limit hit",
    133016: "Account register deregister rate limit exceeded",
}
STATUS_OF = {190: 401, 4: 429, 80007: 429, 130429: 429, 131056: 429, 131000: 500,
             131016: 503}


class GraphError(Exception):
    def __init__(self, code: int, details: str = "", *, status: int | None = None) -> None:
        super().__init__(details or ERROR_TITLES.get(code, "error"))
        self.code = code
        self.details = details
        self.status = status or STATUS_OF.get(code, 400)

    def body(self) -> dict[str, Any]:
        title = ERROR_TITLES.get(self.code, "Error")
        error: dict[str, Any] = {
            "message": f"(#{self.code}) {title}", "type": "OAuthException", "code": self.code,
            "fbtrace_id": "AbCdEfGhIjK",
        }
        if self.details:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        return {"error": error}


def invalid(details: str) -> GraphError:
    return GraphError(131009, details)


def _text(value: Any, what: str, limit: int, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise GraphError(100, f"{what} is required")
    if len(value) > limit:
        raise invalid(f"{what} length invalid. Min length: 1, Max length: {limit}")
    return value


@dataclass
class ApiCall:
    method: str
    path: str
    body: Any
    status: int
    at: float


@dataclass
class SentMessage:
    """A message the business sent, as the person's phone would show it."""

    wamid: str
    to: str
    type: str  # text, interactive, image, document
    text: str = ""  # the body, or a media caption
    interactive: str | None = None  # button or list
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    rows: list[tuple[str, str, str | None]] = field(default_factory=list)  # (id, title, desc.)
    list_button: str | None = None
    media: bytes | None = None
    mime_type: str | None = None
    file_name: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)  # the request body as sent
    template: tuple[str, str, list[str]] | None = None  # (name, language, body parameters)

    @property
    def labels(self) -> list[str]:
        return [title for _, title in self.buttons] + [title for _, title, _ in self.rows]

    def choice(self, label: str) -> tuple[str, str, str | None, str]:
        """(kind, id, title, description) of the button or row whose title contains `label`
        (or whose description does: a long label shortened in the title)."""
        for choice_id, title in self.buttons:
            if label.casefold() in title.casefold():
                return "button_reply", choice_id, title, None  # type: ignore[return-value]
        for choice_id, title, description in self.rows:
            if label.casefold() in (title + " " + (description or "")).casefold():
                return "list_reply", choice_id, title, description  # type: ignore[return-value]
        raise KeyError(label)


class FakeGraphApi:
    def __init__(
        self,
        *,
        token: str = "EAAG-test-token",
        phone_number_id: str = "106540352242922",
        waba_id: str = "102290129340398",
        display_number: str = "+62 811-2000-2020",
        app_secret: str = "app-secret-for-tests",
        version: str = "v26.0",
        statuses: bool = True,
    ) -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        self.waba_id = waba_id
        self.display_number = display_number
        self.app_secret = app_secret
        self.version = version
        self.send_statuses = statuses
        self.calls: list[ApiCall] = []
        self.messages: list[SentMessage] = []
        self.media: dict[str, tuple[bytes, str, str]] = {}  # id -> (content, mime, file name)
        self.webhook_url: str | None = None
        self.webhook_posts: list[tuple[int, dict[str, Any]]] = []  # (status, body)
        self.last_user_message: dict[str, float] = {}  # wa_id -> when (time.time())
        self._failures: list[tuple[int, Callable[[dict[str, Any]], bool]]] = []
        self._ids = itertools.count(1)
        self._activity = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._post_lock = asyncio.Lock()

    # --- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=200 * 1024 * 1024)
        app.router.add_get("/media/{media_id}", self._on_download)
        app.router.add_route("*", "/{version}/{node}", self._on_node)
        app.router.add_route("*", "/{version}/{node}/{edge}", self._on_edge)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeGraphApi:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For WHATSAPP_API_BASE_URL."""
        return f"http://127.0.0.1:{self._port}/{self.version}"

    # --- test controls -------------------------------------------------------------------------
    def connect(self, webhook_url: str) -> None:
        """Where "Meta" posts webhooks (the app's callback URL)."""
        self.webhook_url = webhook_url

    def fail_next(
        self, code: int, *, times: int = 1,
        when: Callable[[dict[str, Any]], bool] = lambda body: True,
    ) -> None:
        """The next `times` message sends (matching `when`) fail with Graph error `code`."""
        self._failures.extend((code, when) for _ in range(times))

    def close_window(self, wa_id: str) -> None:
        """As if the person last wrote more than 24 hours ago."""
        self.last_user_message[wa_id] = time.time() - WINDOW_SECONDS - 60

    def calls_of(self, path_end: str) -> list[ApiCall]:
        return [c for c in self.calls if c.path.endswith(path_end)]

    def messages_to(self, wa_id: str) -> list[SentMessage]:
        return [m for m in self.messages if m.to == wa_id]

    async def wait_until(
        self, predicate: Callable[[], bool], within: float = 10.0, what: str = "condition"
    ) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {within}s waiting for {what}")
            self._activity.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._activity.wait(), min(remaining, 0.05))

    # --- Meta's side of the webhook ------------------------------------------------------------
    def sign(self, raw: bytes) -> str:
        return "sha256=" + hmac.new(self.app_secret.encode(), raw, hashlib.sha256).hexdigest()

    def envelope(self, value: dict[str, Any]) -> dict[str, Any]:
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": self.waba_id, "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": self.display_number.lstrip("+")
                             .replace(" ", "").replace("-", ""),
                             "phone_number_id": self.phone_number_id},
                **value,
            }}]}],
        }

    def user_message(
        self, wa_id: str, content: dict[str, Any], *, name: str = "Warga",
        context: str | None = None, wamid: str | None = None,
    ) -> dict[str, Any]:
        """A webhook body for one message from a person (content: {"type": ..., <type>: ...})."""
        message = {
            "from": wa_id,
            "id": wamid or f"wamid.IN{next(self._ids):08d}",
            "timestamp": str(int(time.time())),
            **content,
        }
        if context:
            message["context"] = {"from": self.display_number, "id": context}
        contact = {"profile": {"name": name}, "wa_id": wa_id, "user_id": f"ID.{wa_id[-8:]}"}
        return self.envelope({"contacts": [contact], "messages": [message]})

    async def post_webhook(
        self, body: dict[str, Any], *, signature: str | None = "valid"
    ) -> int:
        """POST a webhook body to the bot, as Meta does; returns the HTTP status."""
        assert self.webhook_url and self._session, "connect() the bot's webhook first"
        raw = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            headers["X-Hub-Signature-256"] = self.sign(raw)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        async with self._post_lock, self._session.post(self.webhook_url, data=raw,
                                                       headers=headers) as resp:
            await resp.read()
            self.webhook_posts.append((resp.status, body))
            self._activity.set()
            return resp.status

    async def user_sends(self, wa_id: str, content: dict[str, Any], **kwargs: Any) -> str:
        body = self.user_message(wa_id, content, **kwargs)
        self.last_user_message[wa_id] = time.time()
        status = await self.post_webhook(body)
        assert status == 200, f"the bot answered the webhook with {status}"
        return str(body["entry"][0]["changes"][0]["value"]["messages"][0]["id"])

    async def user_sends_text(self, wa_id: str, text: str, **kwargs: Any) -> str:
        return await self.user_sends(wa_id, {"type": "text", "text": {"body": text}}, **kwargs)

    async def user_sends_image(
        self, wa_id: str, content: bytes, mime_type: str = "image/jpeg",
        caption: str | None = None,
    ) -> str:
        """A photo from the person: kept as media the business may download."""
        media_id = str(8_000_000_000_000_000 + next(self._ids))
        self.media[media_id] = (content, mime_type, "photo.jpg")
        image = {"mime_type": mime_type, "sha256": hashlib.sha256(content).hexdigest(),
                 "id": media_id}
        if caption:
            image["caption"] = caption
        return await self.user_sends(wa_id, {"type": "image", "image": image})

    async def user_presses(self, wa_id: str, label: str) -> str:
        """Press the reply button or pick the list row containing `label` on the latest message
        to `wa_id` that has it."""
        for sent in reversed(self.messages_to(wa_id)):
            try:
                kind, choice_id, title, description = sent.choice(label)
            except KeyError:
                continue
            reply: dict[str, Any] = {"id": choice_id, "title": title}
            if description:
                reply["description"] = description
            content = {"type": "interactive", "interactive": {"type": kind, kind: reply}}
            return await self.user_sends(wa_id, content, context=sent.wamid)
        shown = [m.labels for m in self.messages_to(wa_id) if m.labels][-1:]
        raise AssertionError(f"no button or row {label!r} for {wa_id}; last shown: {shown}")

    def _status_later(self, sent: SentMessage, errors: list[dict[str, Any]] | None) -> None:
        if not (self.send_statuses and self.webhook_url):
            return
        statuses = ["failed"] if errors else ["sent", "delivered"]

        async def post() -> None:
            for status in statuses:
                item: dict[str, Any] = {"id": sent.wamid, "status": status,
                                        "timestamp": str(int(time.time())),
                                        "recipient_id": sent.to}
                if errors:
                    item["errors"] = errors
                contact = {"wa_id": sent.to}  # statuses carry lean contacts
                await self.post_webhook(self.envelope({"contacts": [contact],
                                                       "statuses": [item]}))

        task = asyncio.create_task(post())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- HTTP ----------------------------------------------------------------------------------
    async def _on_download(self, request: web.Request) -> web.Response:
        """The media URL the Graph API hands out; like Meta's, it needs the access token."""
        media_id = request.match_info["media_id"]
        status = 200
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            status = 401
        elif media_id not in self.media:
            status = 404
        self.calls.append(ApiCall("GET", request.path, None, status, time.time()))
        self._activity.set()
        if status != 200:
            return web.Response(status=status)
        content, mime, _ = self.media[media_id]
        return web.Response(body=content, content_type=mime)

    async def _on_node(self, request: web.Request) -> web.Response:
        return await self._answer(request, self._node)

    async def _on_edge(self, request: web.Request) -> web.Response:
        return await self._answer(request, self._edge)

    async def _answer(
        self, request: web.Request, handler: Callable[[web.Request, Any], Any]
    ) -> web.Response:
        body: Any = None
        status = 200
        try:
            if request.match_info["version"] != self.version:
                raise GraphError(100, f"Unknown version {request.match_info['version']}")
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                raise GraphError(190)
            if request.content_type == "application/json":
                body = await request.json()
            elif request.content_type.startswith("multipart/"):
                body = await self._form(request)
            result = await handler(request, body)
        except GraphError as exc:
            status, result = exc.status, exc.body()
        recorded = {k: v for k, v in body.items() if k != "file"} if isinstance(body, dict) \
            else body
        self.calls.append(ApiCall(request.method, request.path, recorded, status, time.time()))
        self._activity.set()
        return web.json_response(result, status=status)

    async def _form(self, request: web.Request) -> dict[str, Any]:
        form: dict[str, Any] = {}
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            data = await part.read()
            if part.filename is not None:
                form[part.name] = (part.filename, part.headers.get("Content-Type"), bytes(data))
            else:
                form[part.name] = data.decode()
        return form

    async def _node(self, request: web.Request, body: Any) -> dict[str, Any]:
        node = request.match_info["node"]
        if request.method != "GET":
            raise GraphError(100, "Unsupported request")
        if node == self.phone_number_id:
            return {
                "id": self.phone_number_id, "display_phone_number": self.display_number,
                "verified_name": "Tutor Sensus", "quality_rating": "GREEN",
                "code_verification_status": "VERIFIED", "platform_type": "CLOUD_API",
                "throughput": {"level": "STANDARD"},
            }
        if node in self.media:
            content, mime, _ = self.media[node]
            return {"messaging_product": "whatsapp", "id": node, "mime_type": mime,
                    "sha256": hashlib.sha256(content).hexdigest(), "file_size": len(content),
                    "url": f"http://127.0.0.1:{self._port}/media/{node}"}
        raise GraphError(100, f"Object with ID '{node}' does not exist")

    async def _edge(self, request: web.Request, body: Any) -> dict[str, Any]:
        node, edge = request.match_info["node"], request.match_info["edge"]
        if node != self.phone_number_id or request.method != "POST":
            raise GraphError(100, f"Unsupported post request. Object with ID '{node}' does not"
                                  " exist, cannot be loaded due to missing permissions")
        if edge == "media":
            return self._upload(body or {})
        if edge == "messages":
            return self._send(body)
        raise GraphError(100, f"Unknown path components: /{edge}")

    def _upload(self, form: dict[str, Any]) -> dict[str, Any]:
        if form.get("messaging_product") != "whatsapp":
            raise GraphError(100, "The parameter messaging_product is required.")
        if "file" not in form:
            raise GraphError(100, "The parameter file is required.")
        file_name, part_type, content = form["file"]
        mime = form.get("type") or part_type
        limit = IMAGE_TYPES.get(mime) or DOCUMENT_TYPES.get(mime)
        if limit is None:
            raise GraphError(131053, f"Param file must be a file with one of the following"
                                     f" types: ... Received file of type '{mime}'.")
        if not content or len(content) > limit:
            raise GraphError(131053, f"File size {len(content)} bytes is not allowed")
        media_id = str(7_000_000_000_000_000 + next(self._ids))
        self.media[media_id] = (content, mime, file_name)
        return {"id": media_id}

    def _send(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise GraphError(100, "Request body must be JSON")
        if body.get("messaging_product") != "whatsapp":
            raise GraphError(100, "The parameter messaging_product is required.")
        to = body.get("to")
        if not isinstance(to, str) or not to.isdigit() or not 8 <= len(to) <= 15:
            raise GraphError(100, "Invalid parameter: to must be a phone number (digits)")
        for index, (code, when) in enumerate(self._failures):
            if when(body):
                del self._failures[index]
                raise GraphError(code)
        sent = self._read_message(to, body)
        self.messages.append(sent)
        last = self.last_user_message.get(to)
        # Templates are what may reach a person outside the window.
        outside = (last is None or time.time() - last > WINDOW_SECONDS) and sent.type != "template"
        self._status_later(sent, [{
            "code": 131047, "title": "Re-engagement message",
            "message": "Re-engagement message",
            "error_data": {"details": "Message failed to send because more than 24 hours"
                                      " have passed since the customer last replied to this"
                                      " number."},
        }] if outside else None)
        return {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": sent.wamid}]}

    def _read_message(self, to: str, body: dict[str, Any]) -> SentMessage:
        kind = body.get("type", "text")
        sent = SentMessage(wamid=f"wamid.OUT{next(self._ids):08d}", to=to, type=kind,
                           payload=body)
        content = body.get(kind)
        if not isinstance(content, dict):
            raise GraphError(100, f"The parameter {kind} is required.")
        if kind == "text":
            sent.text = _text(content.get("body"), "text['body']", TEXT_MAX)
        elif kind in ("image", "document"):
            media_id = content.get("id")
            if media_id is not None and media_id not in self.media:
                raise GraphError(131053, f"Media id {media_id} not found")
            if media_id is None and not content.get("link"):
                raise GraphError(100, f"The parameter {kind}['id'] or ['link'] is required.")
            sent.text = _text(content.get("caption"), "caption", CAPTION_MAX, required=False)
            if media_id is not None:
                sent.media, sent.mime_type, uploaded_name = self.media[media_id]
                sent.file_name = content.get("filename") or uploaded_name
        elif kind == "interactive":
            self._read_interactive(sent, content)
        elif kind == "template":
            self._read_template(sent, content)
        else:
            raise GraphError(131051, f"Unsupported message type {kind}")
        return sent

    def _read_template(self, sent: SentMessage, content: dict[str, Any]) -> None:
        """A message template: its name, language and body parameters (the fake approves
        any name; `templates` lists (name, language, parameters) as sent)."""
        name = _text(content.get("name"), "template['name']", 512)
        language = (content.get("language") or {}).get("code")
        if not isinstance(language, str) or not language:
            raise GraphError(100, "The parameter template['language']['code'] is required.")
        params: list[str] = []
        for component in content.get("components") or []:
            if str(component.get("type", "")).lower() != "body":
                continue
            for param in component.get("parameters") or []:
                if param.get("type") != "text":
                    raise invalid("Only text parameters are supported by the fake")
                value = _text(param.get("text"), "Parameter text", 1024)
                if "\n" in value or "\t" in value or "     " in value:
                    raise GraphError(132018, "Param text cannot have new-line/tab characters"
                                             " or more than 4 consecutive spaces")
                params.append(value)
        sent.template = (name, language, params)
        sent.text = " | ".join(params)

    def _read_interactive(self, sent: SentMessage, content: dict[str, Any]) -> None:
        sent.interactive = content.get("type")
        sent.text = _text((content.get("body") or {}).get("text"), "body['text']", BODY_MAX)
        for part in ("header", "footer"):
            if part in content:
                _text(content[part].get("text"), f"{part}['text']", HEADER_FOOTER_MAX)
        action = content.get("action") or {}
        if sent.interactive == "button":
            buttons = action.get("buttons") or []
            if not 1 <= len(buttons) <= BUTTONS_MAX:
                raise invalid(f"Number of buttons must be between 1 and {BUTTONS_MAX}")
            for button in buttons:
                if button.get("type") != "reply":
                    raise invalid("Button type must be 'reply'")
                reply = button.get("reply") or {}
                sent.buttons.append((
                    _text(reply.get("id"), "Button id", BUTTON_ID_MAX),
                    _text(reply.get("title"), "Button title", BUTTON_TITLE_MAX),
                ))
            if len({t for _, t in sent.buttons}) < len(sent.buttons):
                raise invalid("Button title must be unique")
            if len({i for i, _ in sent.buttons}) < len(sent.buttons):
                raise invalid("Button id must be unique")
        elif sent.interactive == "list":
            sent.list_button = _text(action.get("button"), "action['button']", LIST_BUTTON_MAX)
            sections = action.get("sections") or []
            if not 1 <= len(sections) <= SECTIONS_MAX:
                raise invalid(f"Number of sections must be between 1 and {SECTIONS_MAX}")
            for section in sections:
                _text(section.get("title"), "Section title", SECTION_TITLE_MAX,
                      required=len(sections) > 1)
                rows = section.get("rows") or []
                if not rows:
                    raise invalid("A section must have at least one row")
                for row in rows:
                    description = row.get("description")
                    if description is not None:
                        _text(description, "Row description", ROW_DESCRIPTION_MAX)
                    sent.rows.append((
                        _text(row.get("id"), "Row id", ROW_ID_MAX),
                        _text(row.get("title"), "Row title", ROW_TITLE_MAX),
                        description,
                    ))
            if len(sent.rows) > ROWS_MAX:
                raise invalid(f"Total row count exceed max allowed count: {ROWS_MAX}")
            if len({i for i, _, _ in sent.rows}) < len(sent.rows):
                raise invalid("Row id must be unique")
        else:
            raise invalid(f"Interactive type {sent.interactive!r} is not supported")
