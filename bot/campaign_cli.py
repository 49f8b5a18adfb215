"""`tutor-sensus campaign check [FILE]` and `tutor-sensus campaign preview --date YYYY-MM-DD`.

Admins review a campaign file with these before launch: `check` exits 1 with the file and the
field named when something is wrong; `preview` prints what a resident sees on a day.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from typing import TextIO

from conversations.campaign import CampaignError, load_campaign
from conversations.campaign_check import check as check_campaign
from conversations.campaign_check import preview as preview_day
from conversations.i18n import CatalogueError, check_catalogues

EXIT_OK = 0
EXIT_PROBLEMS = 1


def check(path: str | None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
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


def preview(path: str | None, day: date, lang: str, out: TextIO = sys.stdout) -> int:
    campaign = load_campaign(path)
    check_catalogues(campaign.messages)
    out.write(asyncio.run(preview_day(campaign, day, lang)) + "\n")
    return EXIT_OK
