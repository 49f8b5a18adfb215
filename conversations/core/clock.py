"""Time for the bot, in the campaign's time zone, with an optional "today" override.

`TUTOR_SENSUS_TODAY` moves the date (to demonstrate the 2020 campaign) while the time of day
keeps advancing, so scheduled work still comes due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


class Clock:
    def __init__(
        self,
        timezone: str = "Asia/Jakarta",
        today: date | None = None,
        source: Callable[[], datetime] | None = None,
    ) -> None:
        self.tz = ZoneInfo(timezone)
        self._source = source or (lambda: datetime.now(UTC))
        self._shift = timedelta(0)
        if today is not None:
            real_today = self._source().astimezone(self.tz).date()
            self._shift = timedelta(days=(today - real_today).days)

    def now(self) -> datetime:
        """Aware datetime in the campaign's time zone."""
        return (self._source() + self._shift).astimezone(self.tz)

    def today(self) -> date:
        return self.now().date()


class FakeClock(Clock):
    """A clock that only moves when told to (tests, benchmarks)."""

    def __init__(self, start: datetime, timezone: str = "Asia/Jakarta") -> None:
        self._now = start
        super().__init__(timezone, source=lambda: self._now)

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)
