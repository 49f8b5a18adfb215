"""Message catalogues (Project Fluent) and Indonesian-first formatting of dates and numbers.

Every user-facing sentence lives in `locales/<lang>/*.ftl`, keyed by a stable message id.
`bot.ftl` holds the bot's own texts; `<campaign.messages>.ftl` the campaign's (steps, FAQ).
Campaign facts (site, dates, help numbers) are passed to every message as variables, so a
catalogue never repeats a fact that the campaign file owns. Dates and plans are the ones known
on the Translator's day (the campaign's timeline), with the phase as selectors (`$online`:
before/open/closed, `$field`: ahead/running/over), so wording follows the calendar.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser
from fluent.syntax.ast import Junk, Message, MessageReference, Resource, VariableReference
from fluent.syntax.visitor import Visitor

from conversations.core.campaign import Campaign

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "id"
LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
CORE_CATALOGUE = "bot"
WEB_CATALOGUE = "web.ftl"


def catalogue_files(lang: str, campaign_messages: str) -> list[str]:
    # web.ftl: the dashboard's pages (bot/web/), from the same catalogues as the chat.
    return [f"{CORE_CATALOGUE}.ftl", WEB_CATALOGUE, f"{campaign_messages}.ftl"]


def read_catalogue(lang: str, file_name: str) -> str:
    return resources.files("locales").joinpath(lang, file_name).read_text(encoding="utf-8")


class CatalogueError(Exception):
    """A catalogue is missing or has syntax errors; the message names the file."""


def check_catalogues(campaign_messages: str) -> None:
    """Load every catalogue once at start, so a broken file stops the bot, not a reply."""
    for lang in LANGUAGES:
        for file_name in catalogue_files(lang, campaign_messages):
            where = f"locales/{lang}/{file_name}"
            try:
                resource = _resource(lang, file_name)
            except FileNotFoundError as exc:
                raise CatalogueError(f"{where}: file not found") from exc
            junk = [e for e in resource.body if isinstance(e, Junk)]
            if junk:
                near = (junk[0].content or "")[:60]
                raise CatalogueError(f"{where}: syntax error near {near!r}")
            _bundle(lang, campaign_messages)


# Parsing and compiling happen once per process: the parsed files, the bundles and the
# campaign's formatted facts are cached (a Translator is made for every update).
@cache
def _resource(lang: str, file_name: str) -> Resource:
    return FluentParser().parse(read_catalogue(lang, file_name))


@cache
def _bundle(lang: str, campaign_messages: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    for file_name in catalogue_files(lang, campaign_messages):
        bundle.add_resource(_resource(lang, file_name))
    return bundle


class _References(Visitor):
    """The variables and the other messages a message refers to. A term (-name) sees only
    the arguments its reference passes, which are part of the referring message."""

    def __init__(self) -> None:
        super().__init__()
        self.variables: set[str] = set()
        self.messages: set[str] = set()

    def visit_VariableReference(self, node: VariableReference) -> None:
        self.variables.add(node.id.name)

    def visit_MessageReference(self, node: MessageReference) -> None:
        self.messages.add(node.id.name)


@cache
def _variables_used(lang: str, campaign_messages: str, key: str) -> frozenset[str]:
    """Names of the variables message `key` can read, through the messages it refers to.

    A bundle converts every argument it is given, so a message gets only the campaign facts
    it uses (most use none) instead of all of them."""
    messages: dict[str, Message] = {}
    for file_name in catalogue_files(lang, campaign_messages):
        for entry in _resource(lang, file_name).body:
            if isinstance(entry, Message):
                messages.setdefault(entry.id.name, entry)  # the first wins, as in the bundle
    names: set[str] = set()
    seen: set[str] = set()
    todo = [key]
    while todo:
        name = todo.pop()
        if name in seen or name not in messages:
            continue
        seen.add(name)
        refs = _References()
        refs.visit(messages[name])
        names |= refs.variables
        todo.extend(refs.messages)
    return frozenset(names)


@dataclass
class _CampaignTexts:
    """Per campaign: its facts formatted per language, and messages that take no argument
    already formatted, per (language, key). A Campaign is frozen, so neither changes."""

    variables: dict[tuple[str, date], dict[str, Any]] = field(default_factory=dict)
    plain: dict[tuple[str, date, str], str] = field(default_factory=dict)


# id(campaign) -> (the campaign, weakly; its texts)
_TEXTS: dict[int, tuple[weakref.ref[Campaign], _CampaignTexts]] = {}


def _texts_of(campaign: Campaign) -> _CampaignTexts:
    key = id(campaign)
    hit = _TEXTS.get(key)
    if hit is not None and hit[0]() is campaign:
        return hit[1]
    texts = _CampaignTexts()
    _TEXTS[key] = (weakref.ref(campaign, lambda _: _TEXTS.pop(key, None)), texts)
    return texts


def _campaign_variables(campaign: Campaign, lang: str, day: date) -> dict[str, Any]:
    """`campaign_variables`, computed once per campaign, language and day (shared: read
    only), with the announcements' texts (news-<id>) rendered in."""
    variables = _texts_of(campaign).variables
    if (lang, day) not in variables:
        values = campaign_variables(campaign, lang, day)
        calendar = campaign.on(day)
        bundle = _bundle(lang, campaign.messages)
        first = calendar.first_field_stage
        was = {"close_news": values["first_close_date"],
               "field_news": format_period(first.starts, first.ends, lang)}
        texts: dict[str, list[str]] = {"close_news": [], "field_news": []}
        for news in calendar.news:  # made by this day, oldest first
            name = "field_news" if news.field_stage is not None else "close_news"
            key = f"news-{news.id}"
            message = bundle.get_message(key) if bundle.has_message(key) else None
            if message is None or message.value is None:
                log.error("missing message %s (%s)", key, lang)  # campaign check says so
                continue
            text, _ = bundle.format_pattern(message.value, {**values, "was": was[name]})
            texts[name].append(str(text).strip())
        values.update({name: " ".join(parts) for name, parts in texts.items()})
        variables[(lang, day)] = values
    return variables[(lang, day)]


def real_today(campaign: Campaign) -> date:
    return datetime.now(ZoneInfo(campaign.timezone)).date()


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


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def campaign_variables(campaign: Campaign, lang: str, day: date | None = None) -> dict[str, Any]:
    """Facts every message may use, as known on `day` (default: today), formatted for the
    language. `$online`, `$field` and the yes/no flags are for selectors."""
    help_value = {h.id: h.value or h.label for h in campaign.help_channels}
    office = campaign.help_channel("kantor_bps")
    cal = campaign.on(day or real_today(campaign))
    stage = cal.field_stage
    grace_end = cal.closes  # as known that day (after the close, the real one)
    return {
        "campaign": campaign.short_name,
        "campaign_name": campaign.name,
        "site": campaign.official_site,
        "phase": cal.phase.id,
        "online": cal.online,
        "field": cal.field,
        "open_date": format_day(cal.opens, lang),
        "close_date": format_day(cal.closes, lang),  # in force that day
        "first_close_date": format_day(cal.first_closes, lang),
        "extended": _yes(cal.extended),
        "close_final": _yes(cal.closes_final),
        "close_sure": _yes(cal.closes_sure),
        "days_left": cal.days_left,
        "days_to_open": cal.days_to_open,
        "tz": campaign.timezone_label,
        "completions_until": format_day(grace_end + timedelta(days=cal.grace_days), lang),
        "field_stage": stage.name,
        "field_stage_period": format_period(stage.starts, stage.ends, lang),
        "field_sure": _yes(cal.field_sure),
        "close_news": "",  # the announcements' texts (news-<id>), filled in per day
        "field_news": "",
        "voucher_until": (format_day(campaign.vouchers.redeem_until, lang)
                          if campaign.vouchers.redeem_until else ""),
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
    # The day whose calendar the texts follow (the engine passes the person's "today");
    # None: the real date in the campaign's time zone.
    today: date | None = None
    _vars: dict[str, Any] = field(init=False, repr=False)
    _plain: dict[tuple[str, date, str], str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            self.lang = DEFAULT_LANGUAGE
        if self.today is None:
            self.today = real_today(self.campaign)
        self._vars = _campaign_variables(self.campaign, self.lang, self.today)
        self._plain = _texts_of(self.campaign).plain

    @property
    def day(self) -> date:
        assert self.today is not None  # set in __post_init__
        return self.today

    def has(self, key: str) -> bool:
        return _bundle(self.lang, self.campaign.messages).has_message(key)

    def __call__(self, key: str, **args: Any) -> str:
        if not args and (text := self._plain.get((self.lang, self.day, key))) is not None:
            return text
        for lang in (self.lang, DEFAULT_LANGUAGE):
            bundle = _bundle(lang, self.campaign.messages)
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                values = {name: self._vars[name]
                          for name in _variables_used(lang, self.campaign.messages, key)
                          if name in self._vars}
                formatted, errors = bundle.format_pattern(message.value, {**values, **args})
                # A selector's empty branch leaves a space at a line's end: trim it.
                text = "\n".join(line.rstrip() for line in str(formatted).split("\n"))
                if errors:
                    log.warning("message %s (%s): %s", key, lang, errors)
                elif not args:
                    self._plain[(self.lang, self.day, key)] = text.strip()
                return text.strip()
        log.error("missing message %s (%s)", key, self.lang)
        return key
