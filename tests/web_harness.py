"""The dashboard over real HTTP for tests: the bot (conftest's console harness) with its
HTTP server on a free port, and a client with a cookie jar that signs in like a browser does,
through a /dasbor link sent in the chat."""

from __future__ import annotations

import itertools
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole

from bot.app import App
from bot.channels.http import build_http_app, start_http
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())
ROOM = "staffroom"
LINK = re.compile(r"/admin/masuk/(\S+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def web_settings(tmp_path: Path) -> Settings:
    """An admin (console:900), two staff (800, 801) and a staff room for questions."""
    return Settings(
        TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
        TUTOR_SENSUS_ADMINS="console:900",
        TUTOR_SENSUS_STAFF="console:800,console:801",
        TUTOR_SENSUS_HANDOFF_CHAT=f"console:{ROOM}",
        _env_file=None,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def serving(app: App) -> AsyncIterator[str]:
    """The bot's HTTP server (webhooks, /admin/) on a free port: its base address. (Port 0:
    the system picks it as it binds; a port picked first and bound later may be taken
    meanwhile by another test run on a shared machine.)"""
    runner = await start_http(build_http_app(app), "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{runner.port}"
    finally:
        await runner.cleanup()


def browser() -> aiohttp.ClientSession:
    # unsafe: keep cookies for an IP address (127.0.0.1), as a browser does
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


_updates = itertools.count(1)


def person(app: App, console: RecordingConsole, user: str) -> Chat:
    """A chat of this person whose update ids never repeat those of an earlier one."""
    chat = Chat(app, console, user=user)
    chat._counter = next(_updates) * 1000
    return chat


async def link_for(app: App, console: RecordingConsole, user: str) -> str:
    person_ = person(app, console, user)
    await person_.send("/dasbor")
    found = LINK.search(person_.text)
    assert found, person_.text
    assert "10 menit" in person_.text
    return found.group(1)


async def sign_in(http: aiohttp.ClientSession, server: str, token: str) -> aiohttp.ClientResponse:
    async with http.post(f"{server}/admin/masuk/{token}", allow_redirects=False) as resp:
        await resp.read()
        return resp


async def signed_in(app: App, console: RecordingConsole, server: str,
                    user: str = "900") -> aiohttp.ClientSession:
    http = browser()
    resp = await sign_in(http, server, await link_for(app, console, user))
    assert resp.status == 303
    return http


async def page(http: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with http.get(url, allow_redirects=False) as resp:
        return resp.status, await resp.text()


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no form with a CSRF token on the page"
    return found.group(1)


# --- sign-in -----------------------------------------------------------------------------------
