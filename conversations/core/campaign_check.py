"""A campaign reviewed before launch: `tutor-sensus campaign check` and `campaign preview`.

The file's own validation (conversations/campaign.py, timeline.py) already refuses dates out
of order and voucher windows that end before they start. This adds what needs the catalogues:
every phase and announcement has its text in every language, and every message of both
catalogues renders without errors on every day the calendar changes (and the days around it).
bot/campaign_cli.py prints these, and `campaign preview`.
"""

from __future__ import annotations

from datetime import date, timedelta

from fluent.syntax.ast import Message

from conversations.core.campaign import Campaign
from conversations.core.i18n import (
    LANGUAGES,
    _bundle,
    _resource,
    campaign_variables,
    catalogue_files,
)


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
                pattern = bundle.get_message(message.id.name).value
                if pattern is None:
                    continue
                _, errors = bundle.format_pattern(pattern, values)
                serious = [e for e in errors if "Unknown external" not in str(e)]
                if serious:
                    out.append(f"locales/{lang}: {message.id.name} on {day}: {serious[0]}")
    return out


def check(campaign: Campaign) -> list[str]:
    return missing_texts(campaign) or render_problems(campaign)
