"""The conversation engine: routes one incoming update to a flow and returns the replies.

It knows no feature: flows, commands, global choices, button prefixes and hooks come from the
`Feature` declarations (conversations/core/feature.py) that the composition root passes in.

What a person sends is handled in this order (the one place it is written down):
  0. group chats: answered once with a pointer to a private chat, then ignored;
  1. a pressed button: stale buttons (from an older screen) show the current screen;
  2. global commands (/start, /menu, /bantuan, /batal, /bahasa, greetings such as "halo",
     except on a step that takes prose: a broadcast's text may be only "Halo semua");
     in the staff chat, a staff reply to the bot's message about question #N answers it;
     the opt-out words on their own (STOP, BERHENTI, and MULAI to opt back in; the
     `opt_out_hooks`): they are commands in word form, and "MULAI" must not press a shown
     "Mulai panduan" button for someone who opted out;
  3. the answer to the question the bot is waiting for (a typed number or name of a shown
     choice, or text the current step understands). On a step that asks for typed text
     (`text_first`: a KK, a phone number, persons) a bare number is the step's answer, with
     one exception: the number of the shown cancel/back option ("1. Batal") picks that
     option when the step takes no such number (`Step.takes_number`): "1" on the KK prompt
     cancels, "1" on "how many persons" is one person;
  4. referral codes ("kode tutor K7QM4T", conversations/tutors/attribution.py; a deep link's code
     arrives with /start);
  5. everything else: free text (the fallback; a feature's `fallback`; the FAQ matcher).
A greeting never resets progress: the menu offers "Lanjutkan langkah N" first.

The engine runs inside the caller's transaction (`Tx`): it loads the person, runs the step,
and saves state and events there; the caller commits them together with the replies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from conversations.core.campaign import Campaign
from conversations.core.clock import Clock
from conversations.core.feature import Command, Feature, Home, Prefix, StaffReply, TextHook
from conversations.core.flow import (
    Context,
    ConversationState,
    Flow,
    FlowConfig,
    Go,
    Hooks,
    Person,
    Step,
)
from conversations.core.i18n import DEFAULT_LANGUAGE, Translator
from conversations.core.models import Incoming, Reply
from conversations.core.ports import Stores
from conversations.core.redaction import reveal
from conversations.core.reports import ReportFn
from conversations.core.roles import Role, Roles
from conversations.core.screens import highest_number, numbered, render, typed_choice
from conversations.core.words import Words

MAX_TEXT = 1000  # longer messages are not read as answers
NAME_MAX = 80  # a display name kept for the audit log (Telegram allows 64 + 64)
HOME_CHOICE = "menu"  # every feature's "back to the menu" button
PAGE_PREFIX = "page."


class Engine:
    """Channel-agnostic: takes `Incoming`, returns `Reply` models. No network here."""

    def __init__(
        self,
        campaign: Campaign,
        clock: Clock,
        roles: Roles | None = None,
        *,
        features: Sequence[Feature],
        flows: list[Flow] | None = None,
        private_links: dict[str, str] | None = None,
        config: FlowConfig | None = None,
    ) -> None:
        self.campaign = campaign
        self.clock = clock
        self.roles = roles or Roles()
        self.config = config or FlowConfig()
        self.features = list(features)
        homes = [f.home for f in self.features if f.home is not None]
        if len(homes) != 1:
            raise ValueError(f"exactly one feature must declare the home screen, not {len(homes)}")
        self.home: Home = homes[0]
        self.flows = {f.name: f for f in (flows or [fl for f in self.features for fl in f.flows])}
        self.private_links = private_links if private_links is not None else {}
        self.words = Words.load()
        # The engine's own navigation; everything else is declared by the features.
        self.commands: dict[str, Command] = {
            "start": Command(self._cmd_start),
            "menu": Command(self._cmd_menu),
            "batal": Command(self._cmd_cancel),
            "cancel": Command(self._cmd_cancel),
        }
        self.choices: dict[str, Any] = {}
        self.prefixes: list[Prefix] = []
        self.timeless: set[str] = {HOME_CHOICE}
        self.start_hooks: list[Any] = []
        self.referral_hooks: list[TextHook] = []
        self.opt_out_hooks: list[TextHook] = []
        self.staff_replies: list[StaffReply] = []
        self.staff_steps: set[tuple[str, str]] = set()
        self.reports: dict[str, ReportFn] = {}  # background reports by kind
        self.hooks = Hooks()
        self.legacy_state: dict[str, tuple[str, str]] = {}  # old state field -> feature part
        fallbacks, media_fallbacks = [], []
        for f in self.features:
            for name, command in f.commands.items():
                if name in self.commands:
                    raise ValueError(f"command /{name} declared twice ({f.name})")
                self.commands[name] = command
            self.choices.update(f.choices)
            self.prefixes += f.prefixes
            self.timeless |= f.timeless
            self.start_hooks += f.start_hooks
            self.referral_hooks += f.referral_hooks
            self.opt_out_hooks += f.opt_out_hooks
            self.staff_replies += f.staff_replies
            self.staff_steps |= f.staff_steps
            self.reports.update(f.reports)
            self.hooks.entries.update(f.entries)
            self.hooks.assisted_checks += f.assisted_checks
            self.hooks.completion_credits += f.completion_credits
            self.hooks.own_completion += f.own_completion
            self.legacy_state.update(f.legacy_state)
            fallbacks += [f.fallback] if f.fallback else []
            media_fallbacks += [f.media_fallback] if f.media_fallback else []
        self.fallback = fallbacks[0] if fallbacks else None
        self.media_fallback = media_fallbacks[0] if media_fallbacks else None
        self.unversioned = tuple(p.prefix for p in self.prefixes if not p.versioned)

    # --- the entry point -------------------------------------------------------------------
    async def handle(self, tx: Stores, incoming: Incoming) -> list[Reply]:
        now = self.clock.now()
        staff_room = self._is_staff_room(incoming)
        if incoming.chat_type != "private" and not staff_room:
            return await self._group(tx, incoming, now)
        person = await self._load(tx, incoming)
        redactions: list[Any] = []
        if incoming.text and "⟦" in incoming.text:  # KK/NIK numbers: hash and mask only
            text, redactions = reveal(incoming.text)
            incoming = incoming.model_copy(update={"text": text})
        for name in ("choice", "reply_to_text", "sender_name"):  # button data, a quote, a name
            value = getattr(incoming, name)
            if value and "⟦" in value:
                incoming = incoming.model_copy(update={name: reveal(value)[0]})
        ctx = Context(
            incoming=incoming,
            person=person,
            campaign=self.campaign,
            t=Translator(person.lang, self.campaign, now.date()),
            now=now,
            role=self.roles.role_of(incoming.channel, incoming.user),
            tx=tx,
            config=self.config,
            redactions=redactions,
            links=self.private_links,
            hooks=self.hooks,
        )
        if staff_room and not self._staff_business(ctx):
            return []  # staff talking among themselves; residents never get here
        if ctx.role >= Role.STAFF and (name := " ".join((incoming.sender_name or "").split())):
            # Staff and admins by the name the platform gives (the audit log); residents'
            # names are never kept. Written only when it changed; /hapus_data removes it.
            await tx.personal.remember_name(person.channel, person.user, name[:NAME_MAX], now)
        go = await self._route(ctx)
        replies = await self._enter(ctx, go)
        if ctx.forget:  # /hapus_data: nothing about the person is written back or kept
            return [r.model_copy(update={"forget_after_send": True}) for r in replies]
        await tx.save_person(
            person.channel, person.user, lang=person.lang, kecamatan=person.kecamatan,
            state=person.state.model_dump(mode="json"), now=now,
        )
        for event in ctx.events:
            await tx.add_event(
                person.channel, person.user, event.kind, now, event.detail, event.step_index
            )
        return replies

    def _is_staff_room(self, incoming: Incoming) -> bool:
        chat = incoming.chat_id or incoming.user
        return self.config.handoff_chat == f"{incoming.channel}:{chat}"

    def _staff_business(self, ctx: Context) -> bool:
        """In the staff chat the bot answers staff commands, its buttons and answers only."""
        if ctx.role < Role.STAFF:
            return False
        incoming = ctx.incoming
        if incoming.choice is not None:
            return True
        text = (incoming.text or "").strip()
        if text.startswith("/"):
            name = text[1:].partition(" ")[0].split("@", 1)[0].casefold()
            command = self.commands.get(name)
            return command is not None and command.role >= Role.STAFF
        if text and any(r.references(incoming.reply_to_text) for r in self.staff_replies):
            return True  # a reply to the bot's message about a question: the answer
        return (ctx.state.flow, ctx.state.step) in self.staff_steps and bool(text)

    async def _group(self, tx: Stores, incoming: Incoming, now: Any) -> list[Reply]:
        chat = incoming.chat_id or incoming.user
        if not await tx.group_noticed(incoming.channel, chat, now):
            return []
        t = Translator(DEFAULT_LANGUAGE, self.campaign, now.date())
        link = self.private_links.get(incoming.channel, "")
        return [Reply(text=t("group-private-only", link=link))]

    async def _load(self, tx: Stores, incoming: Incoming) -> Person:
        row = await tx.get_person(incoming.channel, incoming.user)
        if row is None:
            return Person(incoming.channel, incoming.user, DEFAULT_LANGUAGE, None,
                          ConversationState(), is_new=True)
        return Person(
            incoming.channel, incoming.user, row["lang"], row["kecamatan"],
            ConversationState.model_validate(self._upgraded(row["state"])),
            last_seen=datetime.fromisoformat(row["last_seen"]),
        )

    def _upgraded(self, state: dict[str, Any]) -> dict[str, Any]:
        """A state saved before the features kept their own parts: its old fields moved
        into the parts that own them now (`Feature.legacy_state`); saved so at the end."""
        for old, (part, name) in self.legacy_state.items():
            if old in state:
                value = state.pop(old)
                state.setdefault("features", {}).setdefault(part, {}).setdefault(name, value)
        return state

    # --- routing ---------------------------------------------------------------------------
    async def _route(self, ctx: Context) -> Go:
        incoming = ctx.incoming
        if incoming.choice is not None:
            return await self._on_button(ctx, incoming.choice)
        if incoming.media is not None and not (incoming.text or "").strip():
            step = self._step(ctx)
            if step.on_media is not None and (go := await step.on_media(ctx, incoming.media)):
                return go
            if self.media_fallback is not None:
                return await self.media_fallback(ctx, incoming.media.kind)
            return self._stay(ctx)
        text = (incoming.text or "").strip()
        if not text:
            return self._stay(ctx, ctx.t("empty-text"))
        if len(text) > MAX_TEXT:
            return self._stay(ctx, ctx.t("text-too-long"))
        if text.startswith("/"):
            return await self._on_command(ctx, text)
        if ctx.role >= Role.STAFF and self._is_staff_room(incoming):
            for staff_reply in self.staff_replies:
                if numbers := staff_reply.references(incoming.reply_to_text):
                    return await staff_reply.answer(ctx, numbers, text)
        for hook in self.opt_out_hooks:  # STOP / BERHENTI / MULAI alone: see the docstring
            if (go := await hook(ctx, text)) is not None:
                return go
        step = self._step(ctx)
        if self.words.is_greeting(text) and not step.takes_prose:
            return self._home(ctx, greeting=True)
        if step.text_first and step.on_text is not None:
            # Names of buttons still work ("Batal"); numbers are the answer, not a button,
            # except the shown way out's number where the step takes no such number.
            if text.isdigit() and (way_out := self._way_out(ctx, int(text))) is not None and (
                step.takes_number is None or not step.takes_number(int(text))
            ):
                return await self._on_choice(ctx, way_out)
            typed = None if any(ch.isdigit() for ch in text) else typed_choice(ctx, text)
            if typed is not None:
                return await self._on_choice(ctx, typed)
            if (go := await step.on_text(ctx, text)) is not None:
                return go
        if text.isdigit() and ctx.state.shown and numbered(ctx, int(text)) is None:
            if 1 <= int(text) <= highest_number(ctx):  # a gap on a short last page
                return self._stay(ctx, ctx.t("number-not-on-page"))
            return self._stay(ctx, ctx.t("number-out-of-range", count=highest_number(ctx)))
        if (choice_id := typed_choice(ctx, text)) is not None:
            return await self._on_choice(ctx, choice_id)
        if step.on_text is not None and (go := await step.on_text(ctx, text)):
            return go
        for hook in self.referral_hooks:
            if (go := await hook(ctx, text)) is not None:
                return go
        go = await self.fallback(ctx, text) if self.fallback is not None else None
        return go if go is not None else self._home(ctx)  # never None where a Go is due

    async def _on_button(self, ctx: Context, data: str) -> Go:
        if self.unversioned and data.startswith(self.unversioned):
            return await self._on_choice(ctx, data)
        version, sep, choice_id = data.partition("|")
        if not sep or not version.isdigit():
            return self._stay(ctx, ctx.t("button-stale"))
        if int(version) != ctx.state.version and choice_id not in self.timeless:
            return self._stay(ctx, ctx.t("button-stale"))
        return await self._on_choice(ctx, choice_id)

    async def _on_choice(self, ctx: Context, choice_id: str) -> Go:
        matching = [p for p in self.prefixes if choice_id.startswith(p.prefix)]
        needed = max((p.role for p in matching), default=Role.RESIDENT)
        if ctx.role < needed:
            return self._home(ctx)
        if choice_id == HOME_CHOICE:
            return self._home(ctx)
        if choice_id.startswith(PAGE_PREFIX):
            page = choice_id.removeprefix(PAGE_PREFIX)
            if not page.isdigit():  # a forged or garbled button: stale, never a crash
                return self._stay(ctx, ctx.t("button-stale"))
            ctx.state.page = int(page)
            return self._stay(ctx)
        if (handler := self.choices.get(choice_id)) is not None:
            return await handler(ctx, choice_id) or self._stay(ctx)
        for prefix in matching:
            if prefix.handler is not None:
                return await prefix.handler(ctx, choice_id) or self._stay(ctx)
        step = self._step(ctx)
        if step.on_choice is not None and (go := await step.on_choice(ctx, choice_id)):
            return go
        return self._stay(ctx, ctx.t("button-stale"))

    @staticmethod
    def _way_out(ctx: Context, number: int) -> str | None:
        """The id of shown option `number` when it cancels or goes back (to the menu, ".back",
        ".cancel"), else None."""
        shown = numbered(ctx, number)
        if shown is None:
            return None
        option = shown.id
        return option if option == "menu" or option.endswith((".back", ".cancel")) else None

    # --- commands --------------------------------------------------------------------------
    async def _on_command(self, ctx: Context, text: str) -> Go:
        word, _, args = text[1:].partition(" ")
        name = word.split("@", 1)[0].casefold()
        command = self.commands.get(name)
        if command is None or ctx.role < command.role:
            return self._home(ctx, say=[ctx.reply("command-unknown")])
        return await command.handler(ctx, args.strip())

    async def _cmd_start(self, ctx: Context, args: str) -> Go:
        # A deep link (t.me/<bot>?start=<payload>) brings a tutor's or an event's code.
        payload = ctx.incoming.referral or args
        say: list[Reply] = []
        if payload:
            for hook in self.start_hooks:
                say += await hook(ctx, payload)
        return self._home(ctx, greeting=True, say=say)

    async def _cmd_menu(self, ctx: Context, args: str) -> Go:
        return self._home(ctx)

    async def _cmd_cancel(self, ctx: Context, args: str) -> Go:
        at_home = (ctx.state.flow, ctx.state.step) == (self.home.flow, self.home.step)
        return self._home(ctx, say=[] if at_home else [ctx.reply("cancelled")])

    # --- helpers ---------------------------------------------------------------------------
    def _home(self, ctx: Context, *, greeting: bool = False, say: list[Reply] | None = None) -> Go:
        return self.home.enter(ctx, greeting=greeting, say=say or [])

    def _stay(self, ctx: Context, message: str | None = None) -> Go:
        say = [Reply(text=message)] if message else []
        return Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data), say=say)

    def command_keeps_nip(self, incoming: Incoming) -> bool:
        """Whether `incoming` is a command whose argument may be a NIP, from someone allowed
        to give it (`Command.keeps_nip`): its 18-digit run is stored as typed."""
        text = incoming.text or ""
        if not text.startswith("/"):
            return False
        name = text[1:].partition(" ")[0].split("@", 1)[0].casefold()
        command = self.commands.get(name)
        return (command is not None and command.keeps_nip
                and self.roles.role_of(incoming.channel, incoming.user) >= command.role)

    def keeps_nip(self, state: Any) -> bool:
        """Whether a person in this stored state is at a step that asks for their NIP (so an
        18-digit run they type is stored as typed: `Step.keeps_nip`)."""
        if not isinstance(state, dict):
            return False
        flow = self.flows.get(str(state.get("flow")))
        step = flow.steps.get(str(state.get("step"))) if flow else None
        return step is not None and step.keeps_nip

    def _step(self, ctx: Context) -> Step:
        home = self.home
        flow = self.flows.get(ctx.state.flow) or self.flows[home.flow]
        step = flow.steps.get(ctx.state.step)
        if step is None:  # a step removed by an upgrade: back to the menu, nothing crashes
            ctx.state.flow, ctx.state.step, ctx.state.data = home.flow, home.step, {}
            return self.flows[home.flow].steps[home.step]
        return step

    # --- entering a step and rendering its screen ------------------------------------------
    async def _enter(self, ctx: Context, go: Go) -> list[Reply]:
        state = ctx.state
        same_screen = (go.flow, go.step) == (state.flow, state.step)
        if go.flow not in self.flows or go.step not in self.flows[go.flow].steps:
            go = Go(self.home.flow, self.home.step, say=go.say)
        state.flow, state.step, state.data = go.flow, go.step, dict(go.data)
        if not same_screen:
            state.page = 0
        screen = await self.flows[go.flow].steps[go.step].show(ctx)
        return [*go.say, *screen.before, render(ctx, screen)]
