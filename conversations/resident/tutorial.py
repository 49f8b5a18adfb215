"""The guided tutorial of the census site: one screen per step, with each step's known problems.

Step ids and their problems come from the campaign file; texts from the campaign catalogue
(step-<id>-title/-body, problem-<id>-label/-body). Every step reached is an event, so the
funnel shows where residents stop.
"""

from __future__ import annotations

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from conversations.core.campaign import TutorialStep
from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Choice, Screen

TUTORIAL = "tutorial"


class Progress(BaseModel):
    """Where the person is in the tutorial: the tutorial's own part of the state. The
    resident feature's screens read it through `progress` (the menu's and the FAQ's
    "Lanjutkan langkah N"); a recorded household marks it done through the core's
    `own_completion` hook, not by writing it."""

    index: int | None = None  # the step the person is at (resume)
    furthest: int = -1  # furthest step reached
    done: bool = False
    kecamatan_asked: bool = False


# The fields as they were kept in the shared state before (read once into the part).
LEGACY_STATE = {"tutorial_index": (TUTORIAL, "index"), "tutorial_max": (TUTORIAL, "furthest"),
                "tutorial_done": (TUTORIAL, "done"),
                "kecamatan_asked": (TUTORIAL, "kecamatan_asked")}


def progress(ctx: Context) -> Progress:
    return ctx.state.part(TUTORIAL, Progress)


def resume_step(ctx: Context) -> int | None:
    """The step number (from 1) to resume at, or None: not started, or finished."""
    mine = progress(ctx)
    return None if mine.index is None or mine.done else mine.index + 1


def on_own_completion(ctx: Context) -> None:
    """The person reported their household recorded: the tutorial has done its job."""
    progress(ctx).done = True


def steps(ctx: Context) -> list[TutorialStep]:
    return ctx.campaign.tutorial.steps


def go_to_step(ctx: Context, index: int, **extra: object) -> Go:
    """Enter step `index`: remember it for resume and record it for the funnel."""
    total = len(steps(ctx))
    index = max(0, min(index, total - 1))
    mine = progress(ctx)
    mine.index = index
    mine.furthest = max(mine.furthest, index)
    ctx.emit("tutorial_step", steps(ctx)[index].id, index)
    return Go(TUTORIAL, "step", {"i": index}, **extra)  # type: ignore[arg-type]


def start(ctx: Context, *, from_beginning: bool) -> Go:
    """Open the tutorial: ask the kecamatan once, then the first (or current) step."""
    mine = progress(ctx)
    if from_beginning or mine.index is None:
        ctx.emit("tutorial_start")
        mine.done = False
        mine.index = 0
    if not mine.kecamatan_asked and ctx.person.kecamatan is None:
        return Go(TUTORIAL, "kecamatan")
    return go_to_step(ctx, mine.index or 0)


# --- kecamatan (asked once, skippable) ---------------------------------------------------------
async def show_kecamatan(ctx: Context) -> Screen:
    items = [Choice(id=f"kec.{k.id}", label=k.name) for k in ctx.campaign.region.kecamatan]
    return Screen(
        text=ctx.t("ask-kecamatan"), items=items, nav=[ctx.choice("skip", "nav-skip")]
    )


async def on_kecamatan_choice(ctx: Context, choice_id: str) -> Go | None:
    progress(ctx).kecamatan_asked = True
    if choice_id == "skip":
        return go_to_step(ctx, progress(ctx).index or 0)
    kecamatan = ctx.campaign.region.kecamatan_by_id(choice_id.removeprefix("kec."))
    if kecamatan is None:
        return None
    ctx.person.kecamatan = kecamatan.id
    ctx.emit("kecamatan", kecamatan.id)
    return go_to_step(
        ctx, progress(ctx).index or 0, say=[ctx.reply("kecamatan-saved", name=kecamatan.name)]
    )


async def on_kecamatan_text(ctx: Context, text: str) -> Go | None:
    # The engine already accepted exact and close names; here a clear "not in the list".
    names = {k.id: k.name for k in ctx.campaign.region.kecamatan}
    best = process.extractOne(text, names, scorer=fuzz.WRatio)
    hint = ctx.t("kecamatan-unknown-hint", name=best[0]) if best and best[1] >= 60 else ""
    return Go(TUTORIAL, "kecamatan", say=[ctx.reply("kecamatan-unknown", hint=hint)])


# --- the steps --------------------------------------------------------------------------------
def step_index(ctx: Context) -> int:
    return int(ctx.state.data.get("i", progress(ctx).index or 0))


async def show_step(ctx: Context) -> Screen:
    index = step_index(ctx)
    step = steps(ctx)[index]
    header = ctx.t("step-header", n=index + 1, total=len(steps(ctx)))
    title = ctx.t(f"step-{step.id}-title")
    text = f"{header} — {title}\n\n{ctx.t(f'step-{step.id}-body')}"
    last = index + 1 == len(steps(ctx))
    completions = ctx.calendar.completions_open
    nav = [ctx.choice("done.start", "menu-done")] if last and completions else []
    nav.append(ctx.choice("next", "nav-next"))
    if index > 0:
        nav.append(ctx.choice("back", "nav-back"))
    if step.problems:
        nav.append(ctx.choice("problems", "nav-problems"))
    nav.append(ctx.choice("menu", "nav-menu"))
    return Screen(text=text, nav=nav)


async def on_step_choice(ctx: Context, choice_id: str) -> Go | None:
    index = step_index(ctx)
    if choice_id == "next":
        if index + 1 >= len(steps(ctx)):
            progress(ctx).done = True
            ctx.emit("tutorial_done")
            return Go(TUTORIAL, "done")
        return go_to_step(ctx, index + 1)
    if choice_id == "back":
        return go_to_step(ctx, index - 1)
    if choice_id == "problems":
        return Go(TUTORIAL, "problems", {"i": index})
    return None


async def show_problems(ctx: Context) -> Screen:
    index = step_index(ctx)
    step = steps(ctx)[index]
    items = [ctx.choice(f"pr.{p}", f"problem-{p}-label") for p in step.problems]
    return Screen(
        text=ctx.t("problems-prompt", n=index + 1),
        items=items,
        nav=[ctx.choice("step", "nav-back-to-step", n=index + 1), ctx.choice("menu", "nav-menu")],
    )


async def on_problems_choice(ctx: Context, choice_id: str) -> Go | None:
    index = step_index(ctx)
    if choice_id == "step":
        return go_to_step(ctx, index)
    problem = choice_id.removeprefix("pr.")
    if problem in steps(ctx)[index].problems:
        ctx.emit("problem", problem, index)
        return Go(TUTORIAL, "problem", {"i": index, "p": problem})
    return None


async def show_problem(ctx: Context) -> Screen:
    index = step_index(ctx)
    problem = str(ctx.state.data.get("p"))
    nav = []
    if problem in ctx.campaign.tutorial.visit_problems and ctx.calendar.visits_open:
        # the officer visit is the way out, while the field stage is ahead or running
        nav.append(ctx.choice("visit.start", "menu-visit"))
    nav.append(ctx.choice("step", "nav-back-to-step", n=index + 1))
    if len(steps(ctx)[index].problems) > 1:
        nav.append(ctx.choice("problems", "nav-other-problems"))
    nav.append(ctx.choice("menu", "nav-menu"))
    return Screen(text=ctx.t(f"problem-{problem}-body"), nav=nav)


async def on_problem_choice(ctx: Context, choice_id: str) -> Go | None:
    index = step_index(ctx)
    if choice_id == "step":
        return go_to_step(ctx, index)
    if choice_id == "problems":
        return Go(TUTORIAL, "problems", {"i": index})
    return None


async def show_done(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("tutorial-done"),
        nav=[*([ctx.choice("done.start", "menu-done")] if ctx.calendar.completions_open else []),
             ctx.choice("menu", "nav-menu"), ctx.choice("tut.start", "menu-restart")],
    )


FLOW = Flow(
    TUTORIAL,
    {
        "kecamatan": Step(
            show_kecamatan, on_choice=on_kecamatan_choice, on_text=on_kecamatan_text
        ),
        "step": Step(show_step, on_choice=on_step_choice),
        "problems": Step(show_problems, on_choice=on_problems_choice),
        "problem": Step(show_problem, on_choice=on_problem_choice),
        "done": Step(show_done),
    },
)
