"""A trivial feature package used by tests/test_architecture.py: it is registered through
`build_app(features=...)` alone, without any edit to the engine."""

from __future__ import annotations

from conversations.core.feature import Command, Feature, Prefix
from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Choice, Screen
from conversations.core.roles import Role

HELLO = "hello"


async def cmd_ping(ctx: Context, args: str) -> Go:
    return Go(HELLO, "main", {"said": args or "pong"})


async def show_main(ctx: Context) -> Screen:
    return Screen(
        text=f"hello: {ctx.state.data.get('said')}",
        nav=[ctx.choice("hello.admin", "menu-help"), ctx.choice("menu", "nav-menu")],
    )


async def cmd_many(ctx: Context, args: str) -> Go:
    """`/banyak ITEMS NAV`: a screen with that many list items and fixed buttons."""
    items, nav = (int(n) for n in args.split())
    return Go(HELLO, "many", {"items": items, "nav": nav})


async def show_many(ctx: Context) -> Screen:
    data = ctx.state.data
    return Screen(
        text="many",
        items=[Choice(id=f"hello.i{n}", label=f"Item {n}") for n in range(data["items"])],
        nav=[Choice(id=f"hello.n{n}", label=f"Tombol {n}") for n in range(data["nav"])],
    )


async def on_many_choice(ctx: Context, choice_id: str) -> Go:
    return Go(HELLO, "main", {"said": choice_id})


async def on_admin(ctx: Context, choice_id: str) -> Go:
    return Go(HELLO, "main", {"said": "admin pressed"})


async def on_free_text(ctx: Context, text: str) -> Go | None:
    return None  # understands nothing: the engine must still answer (the home menu)


FEATURE = Feature(
    name=HELLO,
    flows=(Flow(HELLO, {"main": Step(show_main),
                        "many": Step(show_many, on_choice=on_many_choice)}),),
    commands={"ping": Command(cmd_ping), "banyak": Command(cmd_many)},
    prefixes=(Prefix("hello.admin", Role.ADMIN, on_admin),),
)
