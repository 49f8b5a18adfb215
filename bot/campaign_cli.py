"""`tutor-sensus campaign check [FILE]` and `tutor-sensus campaign preview --date YYYY-MM-DD`.

Admins review a campaign file with these before launch: `check` exits 1 with the file and the
field named when something is wrong; `preview` prints what a resident sees on a day.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.store import Store
from conversations.core.campaign import Campaign, CampaignError, load_campaign
from conversations.core.campaign_check import check as check_campaign
from conversations.core.flow import Context, ConversationState, Person
from conversations.core.i18n import CatalogueError, Translator, check_catalogues, format_day
from conversations.core.models import Incoming
from conversations.core.roles import Role
from conversations.resident import menu

EXIT_OK = 0
EXIT_PROBLEMS = 1
DEADLINE_TOPIC = "batas_waktu"  # the FAQ answers the preview shows
FIELD_TOPIC = "petugas_datang"


def check(path: str | None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    name = path or "the packaged campaign"
    try:
        campaign = load_campaign(path)
        check_catalogues(campaign.messages)
    except (CampaignError, CatalogueError) as exc:
        print(f"tutor-sensus: {exc}", file=err)
        return EXIT_PROBLEMS
    problems = check_campaign(campaign)
    for problem in problems:
        print(f"{name}: {problem}", file=err)
    if problems:
        return EXIT_PROBLEMS
    timeline = campaign.timeline
    print(f"{name}: ok · {len(timeline.phases)} phases, {len(timeline.announcements)}"
          f" announcements, texts in every language", file=out)
    for i, phase in enumerate(timeline.phases):
        ends = (timeline.phases[i + 1].starts if i + 1 < len(timeline.phases) else None)
        span = (f"{phase.starts or '…'} – "
                f"{ends.fromordinal(ends.toordinal() - 1) if ends else '…'}")
        print(f"  {phase.id:<20} {span:<26} online {phase.online:<7} field {phase.field}",
              file=out)
    for news in timeline.announcements:
        unsure = f" (said cautiously from {news.unsure_from})" if news.unsure_from else ""
        print(f"  announcement {news.id}: from {news.announced}{unsure}", file=out)
    return EXIT_OK


def preview(path: str | None, day: date, lang: str, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    campaign = load_campaign(path)
    check_catalogues(campaign.messages)
    out.write(asyncio.run(preview_text(campaign, day, lang)) + "\n")
    return EXIT_OK


async def preview_text(campaign: Campaign, day: date, lang: str = "id") -> str:
    """What a resident sees on `day`, as plain text for an admin to read."""
    # The real menu, as the engine would show it.
    calendar = campaign.on(day)
    t = Translator(lang, campaign, day)
    person = Person("console", "preview", lang, None,
                    ConversationState(data={"greeting": "welcome"}))
    now = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(campaign.timezone))
    # A fresh, empty database in a temporary folder (the store makes its file 0600, so not
    # ":memory:"): the menu reads the store ports as it would for a new person.
    with tempfile.TemporaryDirectory(prefix="tutor-sensus-preview-") as folder:
        store = await Store.open(Path(folder) / "preview.sqlite3")
        try:
            async with store.transaction() as tx:
                ctx = Context(incoming=Incoming(channel="console", user="preview",
                                                update_id="preview"),
                              person=person, campaign=campaign, t=t, now=now,
                              role=Role.RESIDENT, tx=tx)
                screen = await menu.show_main(ctx)
        finally:
            await store.close()
    rules = campaign.vouchers
    expiry = rules.expiry(day)
    # As known that day: the close date then said, plus the grace days.
    grace_end = calendar.closes + timedelta(days=calendar.grace_days)
    vouchers = calendar.completions_open and (expiry is None or expiry >= day)
    lines = [
        f"{campaign.name} · {day.isoformat()} · phase {calendar.phase.id!r}"
        f" (online form: {calendar.online}, field stage: {calendar.field})",
        f"close date said that day: {format_day(calendar.closes, lang)}"
        + ("" if calendar.closes_sure else " (said cautiously: an announcement is due)"),
        (f"completions: not yet (from {format_day(calendar.opens, lang)})"
         if calendar.online == "before" else
         f"completions: {'open' if calendar.completions_open else 'closed'}"
         f" (taken until {format_day(grace_end, lang)})"),
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

