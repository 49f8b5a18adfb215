"""What a feature package tells the engine about itself, in one declaration.

Each package under `conversations/` (resident, households, tutors, admin, ...) exports one
`FEATURE`. The composition root (bot/app.py) passes the list to the engine, which collects
flows, commands, global choices and hooks from it and names no feature itself: adding a flow
is a new package plus its catalogue entries.

Features never import one another. Where one hands over to another (a tutor starting an
assisted completion, a completion asking whom it counts for) it goes through the core: a
named `entries` hand-over (`ctx.enter("completion.assisted")`) or a hook below.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from conversations.core.flow import Context, Flow, Go
from conversations.core.models import Reply
from conversations.core.reports import ReportFn
from conversations.core.roles import Role

CommandFn = Callable[[Context, str], Awaitable[Go]]
ChoiceFn = Callable[[Context, str], Awaitable[Go | None]]
TextHook = Callable[[Context, str], Awaitable[Go | None]]
MediaHook = Callable[[Context, str], Awaitable[Go]]
StartHook = Callable[[Context, str], Awaitable[list[Reply]]]
EntryFn = Callable[[Context], Go]
HomeFn = Callable[..., Go]
CheckFn = Callable[[Context], Awaitable[Go | None]]
CreditFn = Callable[[Context, int, dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    handler: CommandFn
    role: Role = Role.RESIDENT
    # Its argument may be an 18-digit NIP (an admin's /tutor_cabut): kept as typed for someone
    # with the role, like at a step that asks for one (`Step.keeps_nip`).
    keeps_nip: bool = False


@dataclass(frozen=True)
class Prefix:
    """Button ids starting with `prefix`: the role needed (checked on every press) and,
    optionally, a handler that takes them from any screen before the current step does."""

    prefix: str
    role: Role = Role.RESIDENT
    handler: ChoiceFn | None = None
    # False: buttons on messages the engine did not render for this person (a question posted
    # to the staff chat, a broadcast's progress message) carry no screen version; safe because
    # they act on a row, not on a screen.
    versioned: bool = True


@dataclass(frozen=True)
class Home:
    """The screen everything falls back to (the main menu): its flow and step, and how to go
    there (`enter(ctx, greeting=..., say=[...])`)."""

    flow: str
    step: str
    enter: HomeFn


@dataclass(frozen=True)
class StaffReply:
    """In the staff chat, a staff reply to a bot message that `references` rows answers them."""

    references: Callable[[str | None], list[int]]
    answer: Callable[[Context, list[int], str], Awaitable[Go]]


@dataclass(frozen=True)
class Feature:
    name: str
    flows: tuple[Flow, ...] = ()
    # The store ports it uses (attributes of `ctx.tx`, conversations/core/ports.py); a test
    # checks that its code reaches no other.
    stores: frozenset[str] = frozenset()
    commands: Mapping[str, Command] = field(default_factory=dict)
    # Global entry choices: these ids work from any screen (a menu button on an old message).
    choices: Mapping[str, ChoiceFn] = field(default_factory=dict)
    prefixes: tuple[Prefix, ...] = ()
    # Choices that never advance anything, so a press on an old message may still use them.
    timeless: frozenset[str] = frozenset()
    # Hand-overs other features may take by name (`ctx.enter(name)`); not pressable.
    entries: Mapping[str, EntryFn] = field(default_factory=dict)
    home: Home | None = None
    start_hooks: tuple[StartHook, ...] = ()  # `/start <payload>`: what to say first
    referral_hooks: tuple[TextHook, ...] = ()
    opt_out_hooks: tuple[TextHook, ...] = ()
    fallback: TextHook | None = None  # free text nobody understood
    media_fallback: MediaHook | None = None  # media no step asked for (by kind)
    staff_replies: tuple[StaffReply, ...] = ()
    staff_steps: frozenset[tuple[str, str]] = frozenset()  # steps that take staff text
    # A completion being recorded: checks that may stop an assisted one (a tutor still
    # active, under the daily cap), and whom it counts for.
    assisted_checks: tuple[CheckFn, ...] = ()
    completion_credits: tuple[CreditFn, ...] = ()
    own_completion: tuple[Callable[[Context], None], ...] = ()  # a resident's own household
    # Fields of the person's state from before feature parts (`ConversationState.features`),
    # by old name: (part, field). A state saved before is read into the part once.
    legacy_state: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Reports prepared in the background (`Reply.report`), by kind: conversations/core/reports.py.
    reports: Mapping[str, ReportFn] = field(default_factory=dict)
