"""Actions from the dashboard go through the same flow code as the chat's commands.

A page builds a `Context` for the signed-in admin or staff member (as if they had typed the
command in their chat) and calls the flow's own function: `/balas`'s `deliver` (the outbox,
WhatsApp's 24-hour window and its template), `/siaran`'s preview and confirmation. What the
flow says to someone else goes to the outbox exactly as the processor would send it; what
it says to the actor is shown on the page. Its events are written with who did it, so the
audit log has the web's actions next to the chat's.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.renderers import fulfil
from bot.store import Tx
from bot.web.auth import Who
from conversations.core.flow import Context, ConversationState, Person
from conversations.core.i18n import Translator
from conversations.core.models import Incoming, Reply
from conversations.core.ports import Stores

if TYPE_CHECKING:
    from bot.app import App


@dataclass
class Outcome:
    notices: list[str] = field(default_factory=list)


def context(app: App, tx: Stores, who: Who, data: dict[str, Any] | None = None) -> Context:
    person = Person(who.channel, who.user, who.lang, None,
                    ConversationState(data=data or {}))
    incoming = Incoming(channel=who.channel, user=who.user,  # type: ignore[arg-type]
                        update_id=f"web-{secrets.token_hex(8)}", text="")
    now = app.clock.now()
    return Context(
        incoming=incoming, person=person, campaign=app.campaign,
        t=Translator(who.lang, app.campaign, now.date()), now=now, role=who.role, tx=tx,
        config=app.engine.config, links=app.engine.private_links, hooks=app.engine.hooks,
    )


async def settle(app: App, tx: Tx, ctx: Context, replies: list[Reply], who: Who,
                 *, to_own_chat: bool = False) -> Outcome:
    """Replies to others into the outbox, events with who did it; the rest is for the page.
    `to_own_chat`: the actor's own replies that name a message (a broadcast's progress)
    also go to their chat, where the bulk lane keeps that message up to date."""
    outcome = Outcome()
    for reply in await fulfil(replies):  # images and files rendered before they are queued
        if reply.to:
            channel, _, chat = reply.to.partition(":")
            await tx.enqueue(channel, chat, reply.model_dump_json(), ctx.now)
            continue
        if to_own_chat and reply.ref:
            await tx.enqueue(who.channel, who.user, reply.model_dump_json(), ctx.now)
        outcome.notices.append(reply.text)
    for event in ctx.events:
        await tx.add_event(who.channel, who.user, event.kind, ctx.now, event.detail,
                           event.step_index)
    return outcome


def wake(app: App) -> None:
    """The senders start on what was just queued instead of at their next poll."""
    app.processor.on_replies.set()
