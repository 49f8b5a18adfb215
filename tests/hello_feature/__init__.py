"""A trivial feature package used by tests/test_architecture.py: it is registered through
`build_app(features=...)` alone, without any edit to the engine."""

from __future__ import annotations

from conversations.core.feature import Command, Feature, Prefix
from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Screen
from conversations.core.roles import Role

HELLO = "hello"


async def cmd_ping(ctx: Context, args: str) -> Go:
    return Go(HELLO, "main", {"said": args or "pong"})


async def show_main(ctx: Context) -> Screen:
    return Screen(
        text=f"hello: {ctx.state.data.get('said')}",
        nav=[ctx.choice("hello.admin", "menu-help"), ctx.choice("menu", "nav-menu")],
    )


async def on_admin(ctx: Context, choice_id: str) -> Go:
    return Go(HELLO, "main", {"said": "admin pressed"})


async def on_free_text(ctx: Context, text: str) -> Go | None:
    return None  # understands nothing: the engine must still answer (the home menu)


FEATURE = Feature(
    name=HELLO,
    flows=(Flow(HELLO, {"main": Step(show_main)}),),
    commands={"ping": Command(cmd_ping)},
    prefixes=(Prefix("hello.admin", Role.ADMIN, on_admin),),
)
