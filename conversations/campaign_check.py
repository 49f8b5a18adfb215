"""A campaign reviewed before launch: `tutor-sensus campaign check` and `campaign preview`.

The file's own validation (conversations/campaign.py, timeline.py) already refuses dates out
of order and voucher windows that end before they start. This adds what needs the catalogues:
every phase and announcement has its text in every language, and every message of both
catalogues renders without errors on every day the calendar changes (and the days around it).
`preview` shows what a resident sees on one day: the welcome and menu, the deadline and
field-stage answers, and whether completions, vouchers, visits and reminders are open.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fluent.syntax.ast import Message

from conversations.campaign import Campaign
from conversations.flow import Context, ConversationState, Person
from conversations.i18n import (
    LANGUAGES,
    Translator,
    _bundle,
    _resource,
    campaign_variables,
    catalogue_files,
    format_day,
)
from conversations.models import Incoming
from conversations.roles import Role

DEADLINE_TOPIC = "batas_waktu"  # the FAQ answers the preview shows
FIELD_TOPIC = "petugas_datang"


def text_keys(campaign: Campaign) -> dict[str, str]:
    """Message ids the campaign file asks for, each with the field that asks for it."""
    keys: dict[str, str] = {}
    for i, phase in enumerate(campaign.timeline.phases):
        keys[f"phase-{phase.id}"] = f"timeline.phases.{i} ({phase.id})"
    for i, news in enumerate(campaign.timeline.announcements):
        keys[f"news-{news.id}"] = f"timeline.announcements.{i} ({news.id})"
    for i, reminder in enumerate(campaign.reminders):
        keys[reminder.message] = f"reminders.{i} ({reminder.id})"
    return keys


def missing_texts(campaign: Campaign) -> list[str]:
    """'<field>: no message <id> in locales/<lang>/...' for each text a language lacks."""
    out = []
    for lang in LANGUAGES:
        bundle = _bundle(lang, campaign.messages)
        files = ", ".join(f"locales/{lang}/{f}" for f in catalogue_files(lang, campaign.messages))
        for key, where in text_keys(campaign).items():
            if not bundle.has_message(key):
                out.append(f"{where}: no message {key} in {files}")
    return out


def days_to_check(campaign: Campaign) -> list[date]:
    """Every day the calendar changes, with the day before and the day after."""
    days: set[date] = set()
    for day in campaign.timeline.boundaries():
        days |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return sorted(days)


def render_problems(campaign: Campaign) -> list[str]:
    """Messages that do not format on some day (a selector on a missing variable, a typo)."""
    out: list[str] = []
    for lang in LANGUAGES:
        bundle = _bundle(lang, campaign.messages)
        messages = [e for f in catalogue_files(lang, campaign.messages)
                    for e in _resource(lang, f).body if isinstance(e, Message)]
        for day in days_to_check(campaign):
            values = campaign_variables(campaign, lang, day)
            for message in messages:
                if message.value is None:
                    continue
                # Arguments the code passes (counts, names) are not the calendar's concern:
                # a missing one is reported by Fluent as an unknown external, ignored here.
                _, errors = bundle.format_pattern(bundle.get_message(message.id.name).value,
                                                  values)
                serious = [e for e in errors if "Unknown external" not in str(e)]
                if serious:
                    out.append(f"locales/{lang}: {message.id.name} on {day}: {serious[0]}")
    return out


def check(campaign: Campaign) -> list[str]:
    return missing_texts(campaign) or render_problems(campaign)


async def preview(campaign: Campaign, day: date, lang: str = "id") -> str:
    """What a resident sees on `day`, as plain text for an admin to read."""
    from conversations import menu  # the real menu, as the engine would show it

    calendar = campaign.on(day)
    t = Translator(lang, campaign, day)
    person = Person("console", "preview", lang, None,
                    ConversationState(data={"greeting": "welcome"}))
    now = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(campaign.timezone))
    ctx = Context(incoming=Incoming(channel="console", user="preview", update_id="preview"),
                  person=person, campaign=campaign, t=t, now=now, role=Role.RESIDENT)
    screen = await menu.show_main(ctx)
    rules = campaign.vouchers
    expiry = rules.expiry(day)
    last = calendar.last_open_day
    grace_end = last + timedelta(days=calendar.grace_days) if last else None
    vouchers = calendar.completions_open and (expiry is None or expiry >= day)
    lines = [
        f"{campaign.name} · {day.isoformat()} · phase {calendar.phase.id!r}"
        f" (online form: {calendar.online}, field stage: {calendar.field})",
        f"close date said that day: {format_day(calendar.closes, lang)}"
        + ("" if calendar.closes_sure else " (said cautiously: an announcement is due)"),
        f"completions: {'open' if calendar.completions_open else 'closed'}"
        + (f" (taken until {format_day(grace_end, lang)})" if grace_end else ""),
        f"vouchers: {'issued' if vouchers else 'not issued'}"
        + (f", exchangeable until {format_day(expiry, lang)}" if vouchers and expiry else "")
        + (f" at {rules.redeem_place}" if vouchers and rules.redeem_place else ""),
        f"officer-visit requests: {'taken' if calendar.visits_open else 'not taken'}",
        f"reminders: {'sent' if calendar.reminders_open else 'not sent'}",
        "",
        "── welcome and menu " + "─" * 40,
        screen.text,
        *[f"  [{i}] {choice.label}" for i, choice in enumerate(screen.nav, start=1)],
        "",
        f"── {t(f'faq-{DEADLINE_TOPIC}-label')} " + "─" * 40,
        t(f"faq-{DEADLINE_TOPIC}-answer"),
        "",
        f"── {t(f'faq-{FIELD_TOPIC}-label')} " + "─" * 40,
        t(f"faq-{FIELD_TOPIC}-answer"),
    ]
    return "\n".join(lines)
