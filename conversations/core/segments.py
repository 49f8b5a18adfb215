"""Who a broadcast or a reminder goes to: segment ids, stored with the broadcast.

A segment id is a short string: a name, or a name and one argument ("kecamatan:blado",
"inactive:7"). bot/store/bulk.py turns it into SQL over the people the bot knows; everyone
who opted out (STOP / BERHENTI) or blocked the bot is always left out.
"""

from __future__ import annotations

from dataclasses import dataclass

# The segments an admin can pick in /siaran, in the order shown (label: segment-<name>).
SIMPLE = ("everyone", "not_completed", "completed", "started_not_completed", "tutors",
          "tutors_not_own")
WITH_ARGUMENT = ("kecamatan", "inactive")
# Only for reminders (the campaign file): residents who stopped in the tutorial N days ago.
INTERNAL = ("stopped_in_tutorial",)
INACTIVE_DAYS_MAX = 365


@dataclass(frozen=True)
class Segment:
    name: str
    argument: str | None = None

    @property
    def id(self) -> str:
        return f"{self.name}:{self.argument}" if self.argument is not None else self.name

    @property
    def days(self) -> int:
        return int(self.argument or 0)


class SegmentError(ValueError):
    pass


def parse(segment_id: str) -> Segment:
    name, sep, argument = segment_id.partition(":")
    if name in SIMPLE and not sep:
        return Segment(name)
    if name == "kecamatan" and argument:
        return Segment(name, argument)
    if name in ("inactive", "stopped_in_tutorial") and argument.isdigit() and (
        0 < int(argument) <= INACTIVE_DAYS_MAX
    ):
        return Segment(name, str(int(argument)))
    if name == "stopped_in_tutorial" and not sep:
        return Segment(name, "3")
    raise SegmentError(f"unknown segment {segment_id!r}")
