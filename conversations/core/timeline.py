"""The campaign calendar: what was true on a day, and what the bot could know that day.

Two things, kept apart on purpose:

- **Phases** are what really happened, in order: before the online form opened, open, open
  after an extension, closed, the field stage, after it. Each phase says whether the online
  form is `before` / `open` / `closed` and whether the officers' field stage is `ahead` /
  `running` / `over`. What the bot *offers* (a completion and its voucher, an officer visit,
  reminders) follows these two, nothing else.
- **Facts** are what the bot *states* (the close date, the field stage's name and dates), with
  the value known when the campaign began; an **announcement** replaces a value from the day it
  was made. Before that day the bot says the old value, as residents were told then; on the
  days an announcement's date is uncertain (`unsure_from`) it says the old value cautiously.

`Timeline.on(day)` gives the `Calendar` of one day; messages read it through Fluent variables
(conversations/i18n.py), so the wording follows the phase and the texts stay in locales/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID_PATTERN = r"^[a-z0-9_]{1,32}$"
Online = Literal["before", "open", "closed"]
FieldState = Literal["ahead", "running", "over"]
_ONLINE_ORDER = ("before", "open", "closed")
_FIELD_ORDER = ("ahead", "running", "over")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phase(_Model):
    """One stretch of the campaign; it lasts until the day before the next phase starts.
    Its text is the message phase-<id> of the campaign's catalogue."""

    id: str = Field(pattern=ID_PATTERN)
    starts: date | None = None  # only the first phase has none
    online: Online
    field: FieldState


class FieldStage(_Model):
    """The officers' visits to households that did not fill in online."""

    name: str = Field(min_length=1)
    starts: date
    ends: date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.ends < self.starts:
            raise ValueError("ends is before starts")
        return self


class Facts(_Model):
    """What the bot states about dates and plans, as known when the campaign began."""

    opens: date  # the online form's first day (00:00)
    closes: date  # its last day (until 23:59)
    closes_final: bool = False  # "no further extension" may be said
    field_stage: FieldStage


class Announcement(_Model):
    """A change of facts, said from `announced`. Its text is news-<id> in the catalogue."""

    id: str = Field(pattern=ID_PATTERN)
    announced: date
    # From this day until `announced`, the old value is said with caution (the sources
    # disagree on the announcement's day, or a change was foreseeable).
    unsure_from: date | None = None
    closes: date | None = None
    closes_final: bool | None = None
    field_stage: FieldStage | None = None

    @model_validator(mode="after")
    def _sensible(self) -> Self:
        if self.closes is None and self.closes_final is None and self.field_stage is None:
            raise ValueError("an announcement changes closes, closes_final or field_stage")
        if self.unsure_from is not None and self.unsure_from > self.announced:
            raise ValueError("unsure_from is after announced")
        return self


@dataclass(frozen=True)
class Calendar:
    """The campaign as of one day: the phase, and the facts as they were known that day."""

    day: date
    phase: Phase
    opens: date
    closes: date  # the close date in force that day (announced extensions only)
    first_closes: date  # the close date first announced
    closes_final: bool
    closes_sure: bool
    field_stage: FieldStage
    first_field_stage: FieldStage
    field_sure: bool
    last_open_day: date | None  # the day the online form really closed (from the phases)
    grace_days: int
    news: tuple[Announcement, ...]  # announcements made by this day, oldest first

    @property
    def online(self) -> Online:
        return self.phase.online

    @property
    def field(self) -> FieldState:
        return self.phase.field

    @property
    def extended(self) -> bool:
        return self.closes != self.first_closes

    @property
    def days_left(self) -> int:
        """Days until the close date in force (0: today is the last day)."""
        return (self.closes - self.day).days

    @property
    def days_to_open(self) -> int:
        return (self.opens - self.day).days

    @property
    def completions_open(self) -> bool:
        """A household may report that it finished (and get its voucher): while the form is
        open, and for the grace days after it closed (those who sent it at 23:50)."""
        if self.online == "open":
            return True
        if self.online == "closed" and self.last_open_day is not None:
            return self.day <= self.last_open_day + timedelta(days=self.grace_days)
        return False

    @property
    def visits_open(self) -> bool:
        """Officer-visit requests make sense while the field stage is ahead or running."""
        return self.field != "over"

    @property
    def reminders_open(self) -> bool:
        """Reminders to fill in are sent only while the form is open."""
        return self.online == "open"


class Timeline(_Model):
    # Days after the online form closed on which a completion is still taken.
    completion_grace_days: int = Field(0, ge=0, le=14)
    phases: list[Phase] = Field(min_length=1)
    facts: Facts
    announcements: list[Announcement] = []

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if problems := self.problems():
            raise ValueError("; ".join(problems))
        return self

    def problems(self) -> list[str]:
        """What is wrong with the calendar, each naming its field (empty: nothing)."""
        out: list[str] = []
        phases = self.phases
        ids = [p.id for p in phases]
        if len(ids) != len(set(ids)):
            out.append("timeline.phases: two phases have the same id")
        for i, phase in enumerate(phases[1:], start=1):
            before = phases[i - 1]
            if phase.starts is None:
                out.append(f"timeline.phases.{i}.starts: missing (only the first may omit it)")
            elif before.starts is not None and phase.starts <= before.starts:
                out.append(f"timeline.phases.{i}.starts: {phase.starts} is not after "
                           f"phase {before.id!r} ({before.starts})")
            if _ONLINE_ORDER.index(phase.online) < _ONLINE_ORDER.index(before.online):
                out.append(f"timeline.phases.{i}.online: {phase.online!r} after "
                           f"{before.online!r} (the online form cannot reopen)")
            if _FIELD_ORDER.index(phase.field) < _FIELD_ORDER.index(before.field):
                out.append(f"timeline.phases.{i}.field: {phase.field!r} after {before.field!r}")
        days = [a.announced for a in self.announcements]
        if days != sorted(days):
            out.append("timeline.announcements: not in the order of their dates")
        if len({a.id for a in self.announcements}) != len(self.announcements):
            out.append("timeline.announcements: two announcements have the same id")
        if out:
            return out
        final = self._facts_on(date.max)[0]
        if final.closes < final.opens:
            out.append(f"timeline.facts.closes: {final.closes} is before opens ({final.opens})")
        for i, a in enumerate(self.announcements):
            if a.closes is not None and a.closes < final.opens:
                out.append(f"timeline.announcements.{i}.closes: before the opening")
        # The facts' final values must agree with the phases (one calendar, not two).
        checks = [
            ("open", "opens", self._first_day("online", "open"), final.opens),
            ("closed", "closes", self._first_day("online", "closed"),
             final.closes + timedelta(days=1)),
            ("running", "field_stage.starts", self._first_day("field", "running"),
             final.field_stage.starts),
            ("over", "field_stage.ends", self._first_day("field", "over"),
             final.field_stage.ends + timedelta(days=1)),
        ]
        for state, fact, first, expected in checks:
            if first is not None and first != expected:
                out.append(f"timeline.phases: the first {state!r} phase starts {first}, but "
                           f"the final {fact} says {expected}")
        if final.field_stage.starts <= final.closes:
            out.append("timeline.facts.field_stage: starts before the online form closes")
        return out

    def _first_day(self, what: str, state: str) -> date | None:
        phase = next((p for p in self.phases if getattr(p, what) == state), None)
        return phase.starts if phase is not None else None

    def _facts_on(self, day: date) -> tuple[Facts, tuple[Announcement, ...], set[str]]:
        """The facts known on `day`, the announcements made by then, and which facts are
        said with caution (an announcement about them is in its uncertain window)."""
        facts = self.facts
        made: list[Announcement] = []
        unsure: set[str] = set()
        for a in self.announcements:
            changes = {k: v for k in ("closes", "closes_final", "field_stage")
                       if (v := getattr(a, k)) is not None}
            if a.announced <= day:
                facts = facts.model_copy(update=changes)
                made.append(a)
            elif a.unsure_from is not None and a.unsure_from <= day:
                unsure |= set(changes)
        return facts, tuple(made), unsure

    def phase_on(self, day: date) -> Phase:
        current = self.phases[0]
        for phase in self.phases[1:]:
            if phase.starts is not None and phase.starts <= day:
                current = phase
        return current

    @property
    def last_open_day(self) -> date | None:
        first_closed = self._first_day("online", "closed")
        return first_closed - timedelta(days=1) if first_closed else None

    @property
    def final(self) -> Facts:
        """The facts as they finally were (after every announcement)."""
        return self._facts_on(date.max)[0]

    def on(self, day: date) -> Calendar:
        facts, made, unsure = self._facts_on(day)
        return Calendar(
            day=day, phase=self.phase_on(day), opens=facts.opens, closes=facts.closes,
            first_closes=self.facts.closes, closes_final=facts.closes_final,
            closes_sure="closes" not in unsure, field_stage=facts.field_stage,
            first_field_stage=self.facts.field_stage, field_sure="field_stage" not in unsure,
            last_open_day=self.last_open_day, grace_days=self.completion_grace_days,
            news=made,
        )

    def boundaries(self) -> list[date]:
        """Every day on which something changes: phase starts and announcement days."""
        days = {p.starts for p in self.phases if p.starts is not None}
        days |= {a.announced for a in self.announcements}
        days |= {a.unsure_from for a in self.announcements if a.unsure_from is not None}
        return sorted(days)
