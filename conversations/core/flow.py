"""The vocabulary of flows: a person's state, the context a step sees, steps and transitions.

A flow is data: a name and a dict of steps keyed by stable string ids (persisted in the
database, so never derived from Python names). A step knows how to `show` itself and how to
react to a pressed choice, typed text or media; reactions return `Go` (the next step).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from conversations.core.campaign import Campaign
from conversations.core.i18n import Translator
from conversations.core.models import Choice, Incoming, Media, Reply, Screen
from conversations.core.office_hours import OfficeHours
from conversations.core.personal_numbers import Redacted
from conversations.core.ports import Stores
from conversations.core.quiet_hours import QuietHours
from conversations.core.roles import Role
from conversations.core.timeline import Calendar


class Option(BaseModel):
    id: str
    label: str
    number: int | None = None  # the number typed for it; None: its position (older states)


Part = TypeVar("Part", bound=BaseModel)


class ConversationState(BaseModel):
    """Persisted per (channel, user) on every transition: where the person is (the engine's
    fields), and each feature's own part (`features`)."""

    version: int = 0
    flow: str = "menu"
    step: str = "main"
    data: dict[str, Any] = {}
    page: int = 0
    shown: list[Option] = []  # choices on screen, in display order (typed numbers)
    options: list[Option] = []  # every item of the screen's list, all pages (typed names)
    # State a feature keeps about the person across flows (the tutorial's position, the
    # checklist's ticks), by part name. Only the module that owns a part reads or writes it,
    # through `part`; the core and SQL never look inside.
    features: dict[str, Any] = {}

    def part(self, name: str, model: type[Part]) -> Part:
        """The part `name` as its owner's model; changes to it are saved with the state."""
        value = self.features.get(name)
        if not isinstance(value, model):
            value = model.model_validate(value or {})
            self.features[name] = value
        return value


@dataclass
class Person:
    channel: str
    user: str
    lang: str
    kecamatan: str | None
    state: ConversationState
    is_new: bool = False
    last_seen: datetime | None = None


@dataclass
class Event:
    kind: str
    detail: str | None = None
    step_index: int | None = None


@dataclass(frozen=True)
class FlowConfig:
    """Deployment settings that flows need (from `bot.settings`, passed in by the engine)."""

    handoff_chat: str | None = None  # "channel:chat" of the staff chat for questions
    office_hours: OfficeHours = field(
        default_factory=lambda: OfficeHours.parse("mon-fri 08:00-16:00")
    )
    max_households: int = 3  # completions one account may report (made-up KKs drain stock)
    # ASN tutors: the registration code of the setting (an admin's /tutor_kode overrides it),
    # households without a phone a tutor may record per day, and the business number for
    # wa.me links.
    tutor_code: str | None = field(default=None, repr=False)
    assisted_per_day: int = 10
    whatsapp_number: str | None = None
    # The bulk lane (broadcasts, reminders): when it waits, and WhatsApp's daily limit of
    # business-initiated conversations (for the broadcast preview's warning).
    quiet_hours: QuietHours = field(default_factory=lambda: QuietHours.parse("21:00-06:00"))
    whatsapp_daily_limit: int = 250
    # Where the web dashboard is reached (TUTOR_SENSUS_PUBLIC_URL): the base of /dasbor links.
    public_url: str = "http://127.0.0.1:8080"
    # Staff and admins by name ("telegram:7001" -> "Budi Santoso") for the audit log.
    staff_names: dict[str, str] = field(default_factory=dict)


@dataclass
class Hooks:
    """What features offer one another through the core (collected by the engine from the
    `Feature` declarations, conversations/core/feature.py); features never import each other."""

    entries: dict[str, Callable[[Context], Go]] = field(default_factory=dict)
    assisted_checks: list[Callable[[Context], Awaitable[Go | None]]] = field(
        default_factory=list)
    completion_credits: list[Callable[[Context, int, dict[str, Any]], Awaitable[None]]] = field(
        default_factory=list)
    # A resident's own household was recorded (not an assisted one): what other features do
    # about it (the tutorial counts as done).
    own_completion: list[Callable[[Context], None]] = field(default_factory=list)


@dataclass
class Context:
    """Everything a step may use. Steps never talk to a network or the database directly."""

    incoming: Incoming
    person: Person
    campaign: Campaign
    t: Translator
    now: datetime
    role: Role
    # The update's database transaction, through the store ports (conversations/core/ports.py)
    # the feature declares. Steps still never touch a network.
    tx: Stores
    config: FlowConfig = field(default_factory=FlowConfig)
    events: list[Event] = field(default_factory=list)
    # KK/NIK numbers in this update's text, as hash + mask (conversations/core/redaction.py).
    redactions: list[Redacted] = field(default_factory=list)
    forget: bool = False  # set by /hapus_data: the person is not written back
    # The bot's own chat links per channel ("telegram": "https://t.me/<bot>"), known once
    # the channels are up (the engine's `private_links`).
    links: dict[str, str] = field(default_factory=dict)
    hooks: Hooks = field(default_factory=Hooks)

    @property
    def state(self) -> ConversationState:
        return self.person.state

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def calendar(self) -> Calendar:
        """The campaign as of today: phase, facts known today, what can be done."""
        return self.campaign.on(self.today)

    def emit(self, kind: str, detail: str | None = None, step_index: int | None = None) -> None:
        self.events.append(Event(kind, detail, step_index))

    def choice(self, choice_id: str, key: str, **args: Any) -> Choice:
        return Choice(id=choice_id, label=self.t(key, **args))

    def reply(self, key: str, **args: Any) -> Reply:
        return Reply(text=self.t(key, **args))

    def enter(self, entry: str) -> Go:
        """Hand over to another feature's flow by its entry name ("completion")."""
        return self.hooks.entries[entry](self)


@dataclass
class Go:
    """Move to `flow`/`step` (with new step data) and show it, after the `say` messages."""

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    say: list[Reply] = field(default_factory=list)


ShowFn = Callable[[Context], Awaitable[Screen]]
ChoiceFn = Callable[[Context, str], Awaitable[Go | None]]
TextFn = Callable[[Context, str], Awaitable[Go | None]]
MediaFn = Callable[[Context, Media], Awaitable[Go | None]]


@dataclass
class Step:
    show: ShowFn
    on_choice: ChoiceFn | None = None
    on_text: TextFn | None = None  # None from it: "not an answer", the engine goes on
    on_media: MediaFn | None = None
    # The step asks for typed text that may look like a choice number ("4" persons, a phone
    # number): its on_text runs before typed numbers are taken as buttons.
    text_first: bool = False
    # On a text_first step, whether a bare number is an answer here ("1" person, RT 1). When
    # it is not (a KK, a phone number, a name), a number that is the shown cancel/back
    # option's number picks that option: "1" for "1. Batal" cancels (see the engine).
    takes_number: Callable[[int], bool] | None = None
    # The step asks for an 18-digit NIP: such a run in the typed message reaches it as typed
    # (everywhere else it is hidden before it is stored, like a KK: see
    # conversations/core/redaction.py).
    keeps_nip: bool = False
    # The step asks for a message in the person's own words for others to read (a broadcast,
    # a staff answer): "Halo semua, selamat pagi" is that message, not a greeting to the bot.
    takes_prose: bool = False


@dataclass
class Flow:
    name: str
    steps: dict[str, Step]
