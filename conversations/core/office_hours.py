"""When staff answer questions: "mon-fri 08:00-16:00" in the campaign's time zone.

Residents who ask a person are told honestly when an answer can come; outside these hours
they are told it will come on the next working day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from babel.dates import format_time, get_day_names

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PATTERN = re.compile(
    r"^\s*(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<start>\d{1,2})[:.](?P<start_m>\d{2})\s*-\s*(?P<end>\d{1,2})[:.](?P<end_m>\d{2})\s*$"
)


class OfficeHoursError(ValueError):
    pass


@dataclass(frozen=True)
class OfficeHours:
    first_day: int  # 0 = Monday
    last_day: int
    start: time
    end: time

    @classmethod
    def parse(cls, value: str) -> OfficeHours:
        match = PATTERN.match(value.casefold())
        if match is None:
            raise OfficeHoursError(f"expected e.g. 'mon-fri 08:00-16:00', got {value!r}")
        first = match["first"]
        last = match["last"] or first
        if first not in DAYS or last not in DAYS:
            raise OfficeHoursError(f"days are {', '.join(DAYS)}; got {value!r}")
        try:
            start = time(int(match["start"]), int(match["start_m"]))
            end = time(int(match["end"]), int(match["end_m"]))
        except ValueError as exc:
            raise OfficeHoursError(f"not a time of day in {value!r}") from exc
        if end <= start:
            raise OfficeHoursError(f"the end must come after the start in {value!r}")
        return cls(DAYS.index(first), DAYS.index(last), start, end)

    def is_open(self, moment: datetime) -> bool:
        day = moment.weekday()
        on_day = (
            self.first_day <= day <= self.last_day
            if self.first_day <= self.last_day
            else day >= self.first_day or day <= self.last_day
        )
        return on_day and self.start <= moment.time() < self.end

    def describe(self, lang: str, zone: str) -> str:
        """'Senin–Jumat, 08.00–16.00 WIB' in the reader's language."""
        names = get_day_names("wide", locale=lang)
        days = names[self.first_day]
        if self.last_day != self.first_day:
            days = f"{days}–{names[self.last_day]}"
        start = format_time(self.start, "HH.mm" if lang == "id" else "HH:mm", locale=lang)
        end = format_time(self.end, "HH.mm" if lang == "id" else "HH:mm", locale=lang)
        return f"{days}, {start}–{end} {zone}".strip()
