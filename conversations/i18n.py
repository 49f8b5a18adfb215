"""Message catalogues (Project Fluent) and Indonesian-first formatting of dates and numbers.

Every user-facing sentence lives in `locales/<lang>/*.ftl`, keyed by a stable message id.
`bot.ftl` holds the bot's own texts; `<campaign.messages>.ftl` the campaign's (steps, FAQ).
Campaign facts (site, dates, help numbers) are passed to every message as variables, so a
catalogue never repeats a fact that the campaign file owns.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from fluent.runtime import FluentBundle, FluentResource

from conversations.campaign import Campaign

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "id"
LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
CORE_CATALOGUE = "bot"


def catalogue_files(lang: str, campaign_messages: str) -> list[str]:
    return [f"{CORE_CATALOGUE}.ftl", f"{campaign_messages}.ftl"]


def read_catalogue(lang: str, file_name: str) -> str:
    return resources.files("locales").joinpath(lang, file_name).read_text(encoding="utf-8")


class CatalogueError(Exception):
    """A catalogue is missing or has syntax errors; the message names the file."""


def check_catalogues(campaign_messages: str) -> None:
    """Load every catalogue once at start, so a broken file stops the bot, not a reply."""
    from fluent.syntax import FluentParser
    from fluent.syntax.ast import Junk

    for lang in LANGUAGES:
        for file_name in catalogue_files(lang, campaign_messages):
            where = f"locales/{lang}/{file_name}"
            try:
                source = read_catalogue(lang, file_name)
            except FileNotFoundError as exc:
                raise CatalogueError(f"{where}: file not found") from exc
            junk = [e for e in FluentParser().parse(source).body if isinstance(e, Junk)]
            if junk:
                raise CatalogueError(f"{where}: syntax error near {junk[0].content[:60]!r}")
            _bundle(lang, campaign_messages)


@cache
def _bundle(lang: str, campaign_messages: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    for file_name in catalogue_files(lang, campaign_messages):
        bundle.add_resource(FluentResource(read_catalogue(lang, file_name)))
    return bundle


def format_day(day: date, lang: str) -> str:
    """29 Mei 2020 (id) / 29 May 2020 (en)."""
    return format_date(day, "d MMMM y", locale=lang)


def format_number(value: float, lang: str) -> str:
    """1.200 (id) / 1,200 (en)."""
    return format_decimal(value, locale=lang)


def format_share(share: float, lang: str) -> str:
    return format_percent(share, locale=lang)


def format_period(start: date, end: date, lang: str) -> str:
    """1–30 September 2020, or 28 Februari–3 Maret 2020 across months."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_day(end, lang)}"
    return f"{format_date(start, 'd MMMM', locale=lang)}–{format_day(end, lang)}"


def campaign_variables(campaign: Campaign, lang: str) -> dict[str, Any]:
    """Facts every message may use, formatted for the language."""
    help_value = {h.id: h.value or h.label for h in campaign.help_channels}
    office = campaign.help_channel("kantor_bps")
    return {
        "campaign": campaign.short_name,
        "campaign_name": campaign.name,
        "site": campaign.official_site,
        "open_date": format_day(campaign.dates.opens, lang),
        "close_date": format_day(campaign.dates.closes, lang),
        "final_close_date": format_day(campaign.dates.final_close, lang),
        "field_stage": campaign.after_close.field_stage_name,
        "field_stage_period": format_period(
            campaign.after_close.field_stage_starts, campaign.after_close.field_stage_ends, lang
        ),
        "region": campaign.region.name,
        "wa_center": help_value.get("wa_center", ""),
        "office": office.label if office else "",
        "social": help_value.get("instagram", ""),
        "target": format_share(campaign.target.share, lang),
    }


@dataclass
class Translator:
    """Formats messages for one language; falls back to Indonesian, never to a raw crash."""

    lang: str
    campaign: Campaign
    _vars: dict[str, Any] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            self.lang = DEFAULT_LANGUAGE
        self._vars = campaign_variables(self.campaign, self.lang)

    def has(self, key: str) -> bool:
        return _bundle(self.lang, self.campaign.messages).has_message(key)

    def __call__(self, key: str, **args: Any) -> str:
        for lang in (self.lang, DEFAULT_LANGUAGE):
            bundle = _bundle(lang, self.campaign.messages)
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                text, errors = bundle.format_pattern(message.value, {**self._vars, **args})
                if errors:
                    log.warning("message %s (%s): %s", key, lang, errors)
                return text.strip()
        log.error("missing message %s (%s)", key, self.lang)
        return key
