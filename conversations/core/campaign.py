"""The campaign file: everything about one census (dates, site, region, steps, help, souvenirs).

The same bot serves the next census with another file; nothing campaign-specific lives in Python.
"""

from __future__ import annotations

import tomllib
from datetime import date, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from conversations.core.timeline import Calendar, Timeline

ID_PATTERN = r"^[a-z0-9_]{1,32}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(_Model):
    share: float = Field(gt=0, le=1)


class Kecamatan(_Model):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    population: int = Field(gt=0)
    population_uncertain: bool = False


class Region(_Model):
    name: str
    code: str = Field(pattern=r"^\d{2,4}$")
    population_source: str = ""
    population_total: int | None = None
    kecamatan: list[Kecamatan] = Field(min_length=1)

    def kecamatan_by_id(self, kecamatan_id: str) -> Kecamatan | None:
        return next((k for k in self.kecamatan if k.id == kecamatan_id), None)


class TutorialStep(_Model):
    id: str = Field(pattern=ID_PATTERN)
    problems: list[str] = []


class Tutorial(_Model):
    steps: list[TutorialStep] = Field(min_length=1)
    # Problems whose answer is the officer visit: their screen offers "Minta didatangi petugas".
    visit_problems: list[str] = []

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = [s.id for s in self.steps]
        if len(ids) != len(set(ids)):
            raise ValueError("tutorial step ids must be unique")
        return self


class Checklist(_Model):
    items: list[str] = Field(min_length=1)
    required: list[str] = []


class Faq(_Model):
    topics: list[str] = []


class HelpChannel(_Model):
    id: str = Field(pattern=ID_PATTERN)
    kind: str
    label: str
    value: str = ""


class Souvenir(_Model):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    stock: int = Field(ge=0)


class Vouchers(_Model):
    """How souvenirs are handed out: the campaign's rules, not code."""

    # "in_order": each household gets the first souvenir (in the file's order) still in stock.
    assign: str = Field("in_order", pattern="^in_order$")
    # Households whose KK is from another regency are recorded, but get no souvenir.
    outside_region_gets_voucher: bool = False
    redeem_place: str = ""  # where to redeem, shown with the voucher
    # The days the office exchanges vouchers (from: the opening if unset). A voucher is valid
    # until `redeem_until`, or `valid_days` after it was issued if that is sooner; none is
    # ever issued already expired.
    redeem_from: date | None = None
    redeem_until: date | None = None
    valid_days: int | None = Field(None, ge=1, le=366)

    def expiry(self, issued: date) -> date | None:
        """Until when a voucher issued on `issued` can be exchanged."""
        ends = [d for d in (self.redeem_until,
                            issued + timedelta(days=self.valid_days) if self.valid_days else None)
                if d is not None]
        return min(ends) if ends else None

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.redeem_from and self.redeem_until and self.redeem_until < self.redeem_from:
            raise ValueError(f"redeem_until ({self.redeem_until}) is before redeem_from "
                             f"({self.redeem_from})")
        return self
    # Proof files are deleted this many days after the campaign's final close.
    proof_retention_days: int = Field(90, ge=0)


class Tutors(_Model):
    """ASN tutors (conversations/tutors/tutor.py): the work units they choose from, and the
    rules."""

    # The work units (OPD) a tutor picks at registration, in the order shown; "Lainnya" (with
    # typed text) is always offered after them.
    opd: list[str] = []
    # Short names people type for an OPD ("disdukcapil", "dinkes"): OPD name -> aliases.
    opd_aliases: dict[str, list[str]] = {}
    # Does a household a tutor helped fill in (no phone of its own) get a souvenir voucher?
    assisted_gets_voucher: bool = False

    @model_validator(mode="after")
    def _unique(self) -> Self:
        if len({o.casefold() for o in self.opd}) != len(self.opd):
            raise ValueError("tutors.opd has the same OPD twice")
        if any(not o.strip() or len(o) > 80 for o in self.opd):
            raise ValueError("tutors.opd: every OPD needs a name of at most 80 characters")
        if unknown := [name for name in self.opd_aliases if name not in self.opd]:
            raise ValueError(f"tutors.opd_aliases names OPDs not in tutors.opd: {unknown}")
        return self


class Reminder(_Model):
    """A scheduled reminder (like a RapidPro campaign event), sent in the bulk lane.

    Either `days_before_close` (before the close date in force: the original one while it
    has not passed, then the extended one) or `after_inactive_days` (a nudge to residents who
    stopped in the tutorial that many days ago). Each person gets each reminder at most once.
    """

    id: str = Field(pattern=r"^[a-z0-9_-]{1,32}$")
    message: str = Field(pattern=r"^[a-z0-9-]{1,64}$", description="a message id of bot.ftl")
    # Who: a segment of conversations/core/segments.py (residents who started the tutorial and did
    # not report a completion, by default).
    segment: str = "started_not_completed"
    days_before_close: int | None = Field(None, ge=0, le=60)
    after_inactive_days: int | None = Field(None, ge=1, le=60)
    at: time = time(9, 0)  # the hour of the day it is due, in the campaign's time zone

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if (self.days_before_close is None) == (self.after_inactive_days is None):
            raise ValueError("a reminder needs days_before_close or after_inactive_days")
        return self


class WhatsAppTemplate(_Model):
    """An approved WhatsApp message template: what bulk messages become outside a person's
    24-hour window. `parameters` are the variables of the message, in the template's
    {{1}}, {{2}} order ("text" is the whole message, squashed onto one line)."""

    name: str = Field(pattern=r"^[a-z0-9_]{1,512}$")
    language: str = "id"
    parameters: list[str] = []
    # The message ids this template stands for; empty: any other text (composed broadcasts).
    messages: list[str] = []


class Campaign(_Model):
    id: str
    name: str
    short_name: str
    messages: str = Field(pattern=ID_PATTERN, description="locales/<lang>/<messages>.ftl")
    timezone: str = "Asia/Jakarta"
    timezone_label: str = "WIB"
    official_site: str
    official_url: str
    timeline: Timeline
    _calendars: dict[date, tuple[Timeline, Calendar]] = PrivateAttr(default_factory=dict)
    target: Target
    region: Region
    tutorial: Tutorial
    checklist: Checklist
    faq: Faq = Faq()
    help_channels: list[HelpChannel] = []
    souvenirs: list[Souvenir] = []
    vouchers: Vouchers = Vouchers()
    tutors: Tutors = Tutors()
    reminders: list[Reminder] = []
    whatsapp_templates: list[WhatsAppTemplate] = []

    def on(self, day: date) -> Calendar:
        """The campaign as of `day`: its phase and the facts known that day (computed once
        per day: a screen asks several times, and a Calendar never changes)."""
        # A copy of the campaign (model_copy) shares this dict: keep the timeline with it.
        hit = self._calendars.get(day)
        if hit is None or hit[0] is not self.timeline:
            hit = self._calendars[day] = (self.timeline, self.timeline.on(day))
        return hit[1]

    @model_validator(mode="after")
    def _voucher_window(self) -> Self:
        """Vouchers can be exchanged after the last day a completion is taken."""
        until = self.vouchers.redeem_until
        last = self.timeline.last_open_day
        if until is not None and last is not None and self.souvenirs:
            last_completion = last + timedelta(days=self.timeline.completion_grace_days)
            if until < last_completion:
                raise ValueError(
                    f"vouchers.redeem_until ({until}) is before the last day a completion is"
                    f" taken ({last_completion}: timeline close + completion_grace_days)")
        return self

    def souvenir(self, souvenir_id: str) -> Souvenir | None:
        return next((s for s in self.souvenirs if s.id == souvenir_id), None)

    def help_channel(self, channel_id: str) -> HelpChannel | None:
        return next((h for h in self.help_channels if h.id == channel_id), None)

    def whatsapp_template(self, message: str | None) -> WhatsAppTemplate | None:
        """The template for a message id (None: a composed text), else the general one."""
        if message is not None:
            for template in self.whatsapp_templates:
                if message in template.messages:
                    return template
        return next((t for t in self.whatsapp_templates if not t.messages), None)


class CampaignError(Exception):
    """A campaign file that cannot be used; the message names the file and the field."""


DEFAULT_CAMPAIGN = "sp2020-batang.toml"


def load_campaign(path: str | Path | None = None) -> Campaign:
    """Load and validate a campaign file; `None` loads the packaged default."""
    if path is None:
        source = resources.files("campaigns").joinpath(DEFAULT_CAMPAIGN)
        name = f"campaigns/{DEFAULT_CAMPAIGN}"
    else:
        source = Path(path)
        if not source.is_file():
            packaged = resources.files("campaigns").joinpath(str(path))
            if not packaged.is_file():
                raise CampaignError(f"Campaign file not found: {path}")
            source = packaged
        name = str(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CampaignError(f"{name}: not valid TOML: {exc}") from exc
    try:
        return Campaign.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise CampaignError(f"{name}: invalid campaign file: {problems}") from exc
