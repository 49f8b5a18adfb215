"""The document checklist: the person ticks what they already have at hand.

Within the tone guide's 8-10 lines and its one emoji a message: the text is a title with the
progress and one line of instructions; each document is named once, on its button, with its
tick ("✓ NIK (KTP atau KK)"; a text mark, not an emoji). The required documents come first
(the instructions say how many), and each button's hint is its description where a channel
shows one (WhatsApp's list rows). The console numbers the buttons like any other screen.
"""

from __future__ import annotations

from pydantic import BaseModel

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Choice, Screen
from conversations.resident import remind, tutorial

CHECKLIST = "checklist"


class Ticks(BaseModel):
    """The checklist's own part of the state: the documents the person has at hand."""

    ticked: list[str] = []


LEGACY_STATE = {"checklist": (CHECKLIST, "ticked")}  # (the shared state's field before)


def ticks(ctx: Context) -> Ticks:
    return ctx.state.part(CHECKLIST, Ticks)


async def show_checklist(ctx: Context) -> Screen:
    checklist = ctx.campaign.checklist
    ticked = set(ticks(ctx).ticked)
    required = [item for item in checklist.items if item in checklist.required]
    ordered = [*required, *(item for item in checklist.items if item not in required)]
    items = [
        Choice(id=f"ck.{item}",
               label=("✓ " if item in ticked else "") + ctx.t(f"checklist-{item}-label"),
               description=ctx.t(f"checklist-{item}-hint"))
        for item in ordered
    ]
    ready = all(item in ticked for item in required)
    title = ctx.t("checklist-title", ticked=len(ticked & set(ordered)), total=len(ordered))
    footer = ctx.t("checklist-ready" if ready else "checklist-prompt", required=len(required))
    text = f"{title}\n{footer}"
    nav = [ctx.choice("tut.start", "menu-start"), ctx.choice("menu", "nav-menu")]
    if (step := tutorial.resume_step(ctx)) is not None and ctx.calendar.online != "closed":
        nav[0] = ctx.choice("tut.resume", "menu-resume", step=step)
    # The KK not at hand: a reminder tomorrow (conversations/remind.py), while the form is
    # still open tomorrow; before the opening, one on the opening day.
    if not ready and remind.tomorrow_possible(ctx):
        nav.insert(1, ctx.choice(remind.CHOICE, "remind-tomorrow-button"))
    elif not ready and ctx.calendar.online == "before":
        nav.insert(1, ctx.choice(remind.OPENING, "remind-opening-button"))
    return Screen(text=text, items=items, nav=nav)


async def on_checklist_choice(ctx: Context, choice_id: str) -> Go | None:
    item = choice_id.removeprefix("ck.")
    if item not in ctx.campaign.checklist.items:
        return None
    ticked = ticks(ctx).ticked
    if item in ticked:
        ticked.remove(item)
    else:
        ticked.append(item)
    return Go(CHECKLIST, "main", {"page": ctx.state.page})


FLOW = Flow(CHECKLIST, {"main": Step(show_checklist, on_choice=on_checklist_choice)})
