"""/dasbor: an admin or staff member asks for a one-time link to the web dashboard.

The link carries a random token (only its SHA-256 is stored), works once, for ten minutes,
and only for the person who asked, with the role they had then (bot/web/ checks both again
when it is used). Anyone else gets the normal "unknown command" answer: the engine lets only
staff reach the command.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from conversations.core.flow import Context, Go
from conversations.core.roles import Role

LINK_MINUTES = 10
SIGN_IN_PATH = "/admin/masuk/"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def cmd_dashboard(ctx: Context, args: str) -> Go:
    here = Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data))
    if ctx.role < Role.STAFF:
        return Go("menu", "main")
    token = secrets.token_urlsafe(32)
    await ctx.tx.web.web_link_add(
        token_hash(token), ctx.person.channel, ctx.person.user, int(ctx.role), ctx.person.lang,
        ctx.now, ctx.now + timedelta(minutes=LINK_MINUTES),
    )
    base = (ctx.config.public_url or "").rstrip("/")
    here.say.append(ctx.reply("dashboard-link", link=f"{base}{SIGN_IN_PATH}{token}",
                              minutes=LINK_MINUTES))
    return here
