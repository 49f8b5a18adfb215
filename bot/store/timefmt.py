"""How moments are stored: ISO 8601 with the offset, to the microsecond (sorts as text)."""

from __future__ import annotations

from datetime import datetime


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")
