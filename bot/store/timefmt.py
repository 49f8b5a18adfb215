"""How moments are stored: one form everywhere, so that comparing and sorting them as text
is comparing and sorting them in time.

The form is ISO 8601 to the microsecond with the offset of the campaign's time zone,
`2020-03-02T09:15:00.000000+07:00` (32 characters). Every moment the store writes goes
through `iso`, whichever zone it arrived in: the clock's (the campaign's zone already), or a
platform's (WhatsApp's delivery statuses carry UTC Unix times), so a status at 03:00 UTC is
stored as 10:00+07:00 and sorts after a reply sent at 09:59+07:00. The local offset (not UTC)
keeps a moment's first ten characters its local day, which reports group by
(`substr(at, 1, 10)`). A zone with daylight saving would change the offset within one
history and break the text order, so `use_zone` refuses one (Indonesia's zones have none).
Migration 0018 rewrote the rows stored before in another form.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Jakarta"  # the campaign file's default (conversations/core/campaign.py)
_zone: tzinfo = ZoneInfo(DEFAULT_ZONE)


def use_zone(name: str) -> None:
    """The campaign's time zone, set by the application before it writes (bot/app.py)."""
    zone = ZoneInfo(name)
    offsets = {datetime(year, month, 1, tzinfo=zone).utcoffset()
               for year in (2020, 2030) for month in (1, 7)}
    if len(offsets) != 1:
        raise ValueError(f"time zone {name} changes its offset (daylight saving): stored"
                         " moments would no longer sort as text")
    global _zone
    _zone = zone


def zone() -> tzinfo:
    return _zone


def iso(moment: datetime) -> str:
    """The stored form of an aware moment, in the campaign's zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a moment without a time zone cannot be stored")
    return moment.astimezone(_zone).isoformat(timespec="microseconds")
