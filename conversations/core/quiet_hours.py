"""Quiet hours: when bulk messages (broadcasts, reminders) wait. "21:00-06:00" spans midnight.

Replies to a person's own messages are never held back; only the bulk lane looks at this.
An empty setting turns quiet hours off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")


class QuietHoursError(ValueError):
    pass


@dataclass(frozen=True)
class QuietHours:
    start: time | None = None  # None: no quiet hours
    end: time | None = None

    @classmethod
    def parse(cls, value: str | None) -> QuietHours:
        if value is None or not value.strip():
            return cls()
        match = PATTERN.match(value)
        if match is None:
            raise QuietHoursError(
                f"expected e.g. '21:00-06:00' (or empty for none), got {value!r}")
        try:
            start = time(int(match[1]), int(match[2]))
            end = time(int(match[3]), int(match[4]))
        except ValueError as exc:
            raise QuietHoursError(f"not a time of day in {value!r}") from exc
        if start == end:
            raise QuietHoursError(f"start and end are the same in {value!r}")
        return cls(start, end)

    @property
    def enabled(self) -> bool:
        return self.start is not None

    def is_quiet(self, moment: datetime) -> bool:
        if self.start is None or self.end is None:
            return False
        now = moment.time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end  # spans midnight

    def next_end(self, moment: datetime) -> datetime:
        """When the quiet hours that contain `moment` end (`moment` itself if not quiet)."""
        if not self.is_quiet(moment) or self.end is None:
            return moment
        end = moment.replace(hour=self.end.hour, minute=self.end.minute, second=0,
                             microsecond=0)
        return end if end > moment else end + timedelta(days=1)

    def describe(self) -> str:
        if self.start is None or self.end is None:
            return ""
        return f"{self.start:%H.%M}–{self.end:%H.%M}"
