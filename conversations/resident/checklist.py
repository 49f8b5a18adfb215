"""The document checklist: the person ticks what they already have at hand."""

from __future__ import annotations

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Choice, Screen

CHECKLIST = "checklist"


async def show_checklist(ctx: Context) -> Screen:
    checklist = ctx.campaign.checklist
    ticked = set(ctx.state.checklist)
    lines = []
    items = []
    for item in checklist.items:
        mark = "✅" if item in ticked else "⬜"
        required = "" if item in checklist.required else f" ({ctx.t('checklist-optional')})"
        lines.append(f"{mark} {ctx.t(f'checklist-{item}-label')}{required}")
        lines.append(f"    {ctx.t(f'checklist-{item}-hint')}")
        items.append(Choice(id=f"ck.{item}", label=f"{mark} {ctx.t(f'checklist-{item}-label')}"))
    ready = all(item in ticked for item in checklist.required)
    footer = ctx.t("checklist-ready" if ready else "checklist-prompt")
    text = f"{ctx.t('checklist-title')}\n\n" + "\n".join(lines) + f"\n\n{footer}"
    nav = [ctx.choice("tut.start", "menu-start"), ctx.choice("menu", "nav-menu")]
    if ctx.state.tutorial_index is not None and not ctx.state.tutorial_done:
        nav[0] = ctx.choice("tut.resume", "menu-resume", step=ctx.state.tutorial_index + 1)
    if not ready:  # the KK not at hand: a reminder tomorrow (conversations/resident/remind.py)
        nav.insert(1, ctx.choice("rm.tomorrow", "remind-tomorrow-button"))
    return Screen(text=text, items=items, nav=nav)


async def on_checklist_choice(ctx: Context, choice_id: str) -> Go | None:
    item = choice_id.removeprefix("ck.")
    if item not in ctx.campaign.checklist.items:
        return None
    ticked = ctx.state.checklist
    if item in ticked:
        ticked.remove(item)
    else:
        ticked.append(item)
    return Go(CHECKLIST, "main", {"page": ctx.state.page})


FLOW = Flow(CHECKLIST, {"main": Step(show_checklist, on_choice=on_checklist_choice)})
