"""Sign-in, sessions, roles and CSRF for the dashboard.

A `/dasbor` link opens a page with one button: pressing it (a POST) uses the link and starts
a session. The GET alone never uses it, so a chat app's link preview cannot burn it. The
session cookie is HttpOnly and SameSite=Strict (Secure behind https); its id is stored only
as a SHA-256, ends after `web_idle_minutes` without a request, and at sign-out. The role is
read from the settings on every request (an admin removed from TUTOR_SENSUS_ADMINS loses
the pages at the next click), and every form carries the session's CSRF token.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from aiohttp import web

from conversations.admin.dashboard import token_hash
from conversations.core.roles import Role, staff_names, who_by_name

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

COOKIE = "ts_dasbor"
MAX_FORM = 64 * 1024  # the largest form a page posts (a broadcast text is 800 characters)


@dataclass(frozen=True)
class Who:
    """The signed-in person: channel-scoped id, current role, session and its CSRF token."""

    channel: str
    user: str
    role: Role
    lang: str
    csrf: str
    session: str  # the hash of the cookie's value
    name: str = ""  # as the audit log names them (their platform's name, or the setting's)
    notices: str = ""  # waiting for the next page (bot/web/routes.py `flash`)

    @property
    def id(self) -> str:
        return f"{self.channel}:{self.user}"

    @property
    def label(self) -> str:
        """"Sari Wulandari (telegram:7001)", or the id alone when no name is known."""
        return who_by_name(self.id, {self.id: self.name})


Handler = Callable[[web.Request, Who], Awaitable[web.StreamResponse]]


class Denied(Exception):
    """The request may not go on: `status` and the message key of the page that says why."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key


async def current(app: App, request: web.Request) -> Who | None:
    """The session of this request's cookie, if it is live (its idle clock restarts)."""
    cookie = request.cookies.get(COOKIE, "")
    if not cookie or len(cookie) > 100:
        return None
    hashed = token_hash(cookie)
    now = app.clock.now()
    idle = timedelta(minutes=app.settings.web_idle_minutes)
    async with app.store.transaction() as tx:
        row = await tx.web.web_session_touch(hashed, now, now - idle)
        names = await staff_names(tx, app.engine.config.staff_names) if row else {}
    if row is None:
        return None
    role = app.settings.roles.role_of(row["channel"], row["user_id"])
    name = names.get(f"{row['channel']}:{row['user_id']}", "")
    return Who(row["channel"], row["user_id"], role, row["lang"], row["csrf"], hashed, name,
               row["notices"])


async def check(app: App, request: web.Request, needed: Role) -> Who:
    who = await current(app, request)
    if who is None:
        raise Denied(401, "web-signed-out")
    if who.role < needed:
        raise Denied(403, "web-forbidden")
    if request.method == "POST":
        form = await request.post()
        given = str(form.get("csrf", ""))
        if not given or not hmac.compare_digest(given.encode(), who.csrf.encode()):
            log.warning("dashboard: %s %s without the right CSRF token; refused",
                        request.method, request.path)
            raise Denied(403, "web-csrf")
    return who


async def sign_in(app: App, token: str) -> tuple[str, Who] | None:
    """Use a sign-in link: a new session (cookie value, who), or None when the link is
    unknown, used, expired, or its person no longer has the role it was made for."""
    if not token or len(token) > 100:
        return None
    now = app.clock.now()
    async with app.store.transaction() as tx:
        link = await tx.web.web_link_use(token_hash(token), now)
        if link is None:
            return None
        role = app.settings.roles.role_of(link["channel"], link["user_id"])
        if role < Role.STAFF or role != Role(link["role"]):
            return None
        cookie = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        await tx.web.web_session_add(token_hash(cookie), link["channel"], link["user_id"], csrf,
                                 link["lang"], now)
        await tx.add_event(link["channel"], link["user_id"], "web_signin", now,
                           "admin" if role >= Role.ADMIN else "staff")
    who = Who(link["channel"], link["user_id"], role, link["lang"], csrf, token_hash(cookie))
    return cookie, who


def set_cookie(app: App, response: web.StreamResponse, value: str) -> None:
    secure = app.settings.dashboard_url.startswith("https://")
    response.set_cookie(COOKIE, value, path="/admin/", httponly=True, samesite="Strict",
                        secure=secure)


def clear_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/admin/")
