"""The channel-agnostic message models: what channels hand to the engine and what flows return.

Channels (Telegram, WhatsApp, console) turn their updates into `Incoming` and render `Reply`.
Nothing here knows about a particular channel's API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ChannelName = Literal["console", "telegram", "whatsapp"]
MediaKind = Literal["photo", "document", "sticker", "voice", "audio", "video", "location", "other"]


class Media(BaseModel):
    """A file or non-text item a person sent (a photo of the proof, a sticker, a voice note)."""

    model_config = ConfigDict(frozen=True)

    kind: MediaKind
    file_id: str | None = None
    mime_type: str | None = None
    file_name: str | None = None
    size: int | None = None


class Incoming(BaseModel):
    """One update from a person, in the same shape whatever the channel."""

    model_config = ConfigDict(frozen=True)

    channel: ChannelName
    user: str
    update_id: str
    chat_type: Literal["private", "group"] = "private"
    chat_id: str | None = None  # where to answer a group; private chats answer `user`
    text: str | None = None
    choice: str | None = None  # callback data of a pressed button: "<version>|<choice id>"
    media: Media | None = None
    referral: str | None = None  # deep-link payload (/start <payload>) or wa.me code
    language_code: str | None = None  # the app's language, a hint for the first reply
    # The text of the bot's own message this one replies to (a staff member answering a
    # question by replying to it in the staff chat); None when it is not such a reply.
    reply_to_text: str | None = None
    received_at: datetime | None = None
    # The name the platform shows for the sender (Telegram's first and last name, WhatsApp's
    # profile name). Kept only for staff and admins (the audit log says who by name).
    sender_name: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The person: ids are always channel-scoped (telegram:7001 is not whatsapp:7001)."""
        return (self.channel, self.user)


class Choice(BaseModel):
    """A button. `id` is short and stable and fits Telegram's 64-byte callback data."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(max_length=48)
    label: str
    description: str | None = None  # shown where a channel has room (WhatsApp list rows)
    # The number a person types for it where numbers are shown (the console, numbered text).
    # None: its position. Paged screens keep numbers fixed, so a short last page has gaps.
    number: int | None = None


# --- render requests: images and files the application renders (bot/renderers/) -------------
# The conversations describe what to draw; the application renders it off the event loop
# before the reply is queued, so conversations/ imports no matplotlib, openpyxl, Pillow or
# segno and reads no file.
class QrCode(BaseModel):
    """A QR code (a voucher code a staff member scans from the resident's phone)."""

    kind: Literal["qr"] = "qr"
    data: str


class Poster(BaseModel):
    """A tutor's or an event's printable poster: the link's QR code and three texts."""

    kind: Literal["poster"] = "poster"
    link: str
    call_to_action: str
    name_line: str
    footer: str = ""


class ProgressChart(BaseModel):
    """The admins' statistics chart: per kecamatan the share against the target, and
    households per day. Numbers and already translated labels."""

    kind: Literal["chart"] = "chart"
    names: list[str]
    shares: list[float]
    assisted_shares: list[float]
    target: float
    values: list[str] = []  # a label per kecamatan bar ("12,3 % · 1.204 orang")
    days: list[tuple[date, int]]
    first_day: date
    last_day: date
    labels: dict[str, str]


class Sheet(BaseModel):
    title: str
    headers: list[str]
    rows: list[list[Any]]
    number_formats: dict[int, str] = {}  # column index -> Excel number format


class Workbook(BaseModel):
    """An XLSX workbook, one sheet per table; cells typed as text stay text."""

    kind: Literal["xlsx"] = "xlsx"
    sheets: list[Sheet]


class StoredFile(BaseModel):
    """A file the application stored (a resident's proof photo), read when sent."""

    kind: Literal["file"] = "file"
    path: str


Render = Annotated[QrCode | Poster | ProgressChart | Workbook | StoredFile,
                   Field(discriminator="kind")]


class Document(BaseModel):
    model_config = ConfigDict(frozen=True, ser_json_bytes="base64", val_json_bytes="base64")

    file_name: str
    content: bytes = b""
    mime_type: str = "application/octet-stream"
    # Rendered by the application into `content` before the reply is queued.
    render: Render | None = None
    # A file the application wrote under its data folder (an export: bot/renderers/tables.py),
    # queued by reference instead of its bytes; read when sent, deleted once sent.
    path: str | None = None


class ReportRequest(BaseModel):
    """An admin's report, prepared in the background (issue 14): the reply that carries it
    says "being prepared" at once; the application runs the feature's report builder
    (`Feature.reports[kind]`) on a read-only snapshot and sends what it returns."""

    model_config = ConfigDict(frozen=True)

    kind: str  # "stats", "export"
    lang: str = "id"  # the admin's language
    tables: list[str] = []
    fmt: str = "xlsx"


class ExportFile(BaseModel):
    """A file the application wrote for an export (one part when it was split)."""

    model_config = ConfigDict(frozen=True)

    path: str
    file_name: str
    rows: dict[str, int]  # table name -> rows in this file
    part: int = 1
    parts: int = 1


class Template(BaseModel):
    """A WhatsApp message template (approved by Meta) that stands in for `Reply.text` where a
    free-form message may not go: to a person outside their 24-hour window. Other channels
    send the text."""

    model_config = ConfigDict(frozen=True)

    name: str
    language: str = "id"
    params: list[str] = []  # the body's {{1}}, {{2}}... in order


class Reply(BaseModel):
    """One message to send. Choices are rendered as buttons, a list or numbered options."""

    # Replies wait in the outbox as JSON; images travel as base64 there.
    model_config = ConfigDict(frozen=True, ser_json_bytes="base64", val_json_bytes="base64")

    text: str
    choices: list[Choice] = []
    image: bytes | None = None
    # Rendered by the application into `image` before the reply is queued (bot/renderers/).
    image_render: Render | None = None
    document: Document | None = None
    # "channel:chat" when the message goes to someone other than the sender (a question
    # handed to the staff chat, a staff answer going back to a resident).
    to: str | None = None
    # The last words to someone who asked to delete their data (/hapus_data): the outbox
    # row is deleted once sent, so nothing of the conversation stays.
    forget_after_send: bool = False
    # Bulk messages to WhatsApp people outside their window go as this template instead.
    template: Template | None = None
    # A name for this message in its chat ("bc12": a broadcast's progress message). A channel
    # that can edit messages remembers the message under it; a later reply with the same ref
    # and `edit` replaces that message's text and buttons instead of sending a new one.
    # Channels that cannot edit (WhatsApp, console) send it as a new message.
    ref: str | None = None
    edit: bool = False
    # An admin's report to prepare in the background and send when ready (see ReportRequest).
    report: ReportRequest | None = None


class Screen(BaseModel):
    """What a step shows: text plus a (possibly long) list of items and fixed navigation.

    The engine pages `items` ("Lainnya ›") so any channel's button limits can be met, and
    always shows `nav` after them.
    """

    text: str
    items: list[Choice] = []
    nav: list[Choice] = []
    before: list[Reply] = []  # messages sent before the screen (e.g. "Tersimpan.")
