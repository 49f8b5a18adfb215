"""The document checklist: the person ticks what they already have at hand.

Within the tone guide's 8-10 lines and its one emoji a message: one line per document (a
bullet, or a plain check mark once ticked, its name, and the hint for the required ones
only), one footer; the buttons name each document once, without marks
(the text shows what is ticked), so no line is said twice.
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
    lines = []
    items = []
    for item in checklist.items:
        mark = "✓" if item in ticked else "•"  # text marks: one emoji a message (COPY.md)
        label = ctx.t(f"checklist-{item}-label")
        if item in checklist.required:
            lines.append(f"{mark} {label}: {ctx.t(f'checklist-{item}-hint')}")
        else:
            lines.append(f"{mark} {label} ({ctx.t('checklist-optional')})")
        items.append(Choice(id=f"ck.{item}", label=label))
    ready = all(item in ticked for item in checklist.required)
    footer = ctx.t("checklist-ready" if ready else "checklist-prompt")
    text = f"{ctx.t('checklist-title')}\n\n" + "\n".join(lines) + f"\n\n{footer}"
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
