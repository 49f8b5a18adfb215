"""Residents: the menu (home), tutorial, checklist, FAQ and free-text questions, the staff
hand-off, the home visit, privacy, opting out and reminders."""

from __future__ import annotations

from conversations.core.feature import Command, Feature, Home, Prefix, StaffReply
from conversations.core.flow import Context, Go
from conversations.core.roles import Role
from conversations.resident import (
    checklist,
    faq,
    handoff,
    menu,
    optout,
    privacy,
    questions,
    remind,
    tutorial,
    visit,
)


async def _tutorial_start(ctx: Context, choice_id: str) -> Go:
    return tutorial.start(ctx, from_beginning=True)


async def _tutorial_resume(ctx: Context, choice_id: str) -> Go:
    return tutorial.start(ctx, from_beginning=False)


async def _remind(ctx: Context, choice_id: str) -> Go:
    return await remind.on_choice(ctx, choice_id)


async def _visit(ctx: Context, choice_id: str) -> Go:
    return visit.start(ctx)


async def _privacy(ctx: Context, choice_id: str) -> Go:
    return Go(privacy.PRIVACY, "info")


FEATURE = Feature(
    name="resident",
    stores=frozenset({"handoffs", "completions", "personal", "bulk", "whatsapp"}),
    flows=(menu.FLOW, tutorial.FLOW, checklist.FLOW, faq.FLOW, questions.FLOW, handoff.FLOW,
           visit.FLOW, privacy.FLOW, optout.FLOW),
    commands={
        "bantuan": Command(menu.cmd_help),
        "help": Command(menu.cmd_help),
        "bahasa": Command(menu.cmd_language),
        "language": Command(menu.cmd_language),
        "antrian": Command(handoff.cmd_queue, Role.STAFF),
        "balas": Command(handoff.cmd_reply, Role.STAFF),
        "privasi": Command(privacy.cmd_privacy),
        "privacy": Command(privacy.cmd_privacy),
        "hapus_data": Command(privacy.cmd_delete),
        "berhenti": Command(optout.cmd_stop),
        "stop": Command(optout.cmd_stop),
        "mulai": Command(optout.cmd_start),
    },
    choices={
        "tut.start": _tutorial_start,
        "tut.resume": _tutorial_resume,
        "help": menu.on_global_choice,
        "faq": menu.on_global_choice,
        "lang": menu.on_global_choice,
        remind.CHOICE: _remind,
        remind.OPENING: _remind,  # before the opening: a reminder on the opening day
        "visit.start": _visit,
        "privacy": _privacy,
    },
    # hq.: the staff chat's buttons on a question (they act on a row, not on a screen)
    prefixes=(Prefix("hq.", Role.STAFF, handoff.on_staff_choice, versioned=False),),
    timeless=frozenset({"tut.resume", "help", "faq", "lang"}),
    home=Home(menu.MENU, "main", menu.home),
    opt_out_hooks=(optout.on_text,),
    fallback=questions.on_free_text,
    media_fallback=questions.offer_for_media,
    staff_replies=(StaffReply(handoff.references, handoff.on_reply),),
    staff_steps=frozenset({(handoff.HANDOFF, "answer")}),
    own_completion=(tutorial.on_own_completion,),
    legacy_state={**tutorial.LEGACY_STATE, **checklist.LEGACY_STATE},
)
