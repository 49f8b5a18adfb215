"""Common questions by topic, with their answers (faq-<topic>-label / faq-<topic>-answer)."""

from __future__ import annotations

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Screen
from conversations.resident import tutorial

FAQ = "faq"


async def show_list(ctx: Context) -> Screen:
    items = [ctx.choice(f"q.{topic}", f"faq-{topic}-label") for topic in ctx.campaign.faq.topics]
    return Screen(text=ctx.t("faq-prompt"), items=items, nav=[ctx.choice("menu", "nav-menu")])


async def on_list_choice(ctx: Context, choice_id: str) -> Go | None:
    topic = choice_id.removeprefix("q.")
    if topic not in ctx.campaign.faq.topics:
        return None
    ctx.emit("faq_topic", topic)
    return Go(FAQ, "answer", {"topic": topic})


def answer_screen(ctx: Context, topic: str) -> Screen:
    nav = [ctx.choice("faq", "nav-other-questions")]
    if (step := tutorial.resume_step(ctx)) is not None:
        nav.append(ctx.choice("tut.resume", "menu-resume", step=step))
    nav.append(ctx.choice("menu", "nav-menu"))
    return Screen(text=ctx.t(f"faq-{topic}-answer"), nav=nav)


async def show_answer(ctx: Context) -> Screen:
    return answer_screen(ctx, str(ctx.state.data.get("topic")))


async def on_answer_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id == "faq":
        return Go(FAQ, "list")
    return None


FLOW = Flow(
    FAQ,
    {
        "list": Step(show_list, on_choice=on_list_choice),
        "answer": Step(show_answer, on_choice=on_answer_choice),
    },
)
