"""The campaign file: everything about one census (dates, site, region, steps, help, souvenirs).

The same bot serves the next census with another file; nothing campaign-specific lives in Python.
"""

from __future__ import annotations

import tomllib
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

ID_PATTERN = r"^[a-z0-9_]{1,32}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dates(_Model):
    opens: date
    closes: date
    extended_closes: date | None = None

    @property
    def final_close(self) -> date:
        return self.extended_closes or self.closes

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.closes < self.opens:
            raise ValueError("closes is before opens")
        if self.extended_closes and self.extended_closes < self.closes:
            raise ValueError("extended_closes is before closes")
        return self


class AfterClose(_Model):
    field_stage_name: str
    field_stage_starts: date
    field_stage_ends: date


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


class Campaign(_Model):
    id: str
    name: str
    short_name: str
    messages: str = Field(pattern=ID_PATTERN, description="locales/<lang>/<messages>.ftl")
    timezone: str = "Asia/Jakarta"
    timezone_label: str = "WIB"
    official_site: str
    official_url: str
    dates: Dates
    after_close: AfterClose
    target: Target
    region: Region
    tutorial: Tutorial
    checklist: Checklist
    faq: Faq = Faq()
    help_channels: list[HelpChannel] = []
    souvenirs: list[Souvenir] = []

    def phase(self, today: date) -> CampaignPhase:
        if today < self.dates.opens:
            return CampaignPhase.NOT_OPEN
        if today <= self.dates.closes:
            return CampaignPhase.OPEN
        if self.dates.extended_closes and today <= self.dates.extended_closes:
            return CampaignPhase.EXTENDED
        return CampaignPhase.CLOSED

    def help_channel(self, channel_id: str) -> HelpChannel | None:
        return next((h for h in self.help_channels if h.id == channel_id), None)


class CampaignPhase(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    EXTENDED = "extended"
    CLOSED = "closed"


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
