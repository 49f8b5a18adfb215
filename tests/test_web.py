"""The web dashboard over real HTTP: sign-in by a /dasbor link (expired, reused, forged),
sessions and their idle end, roles read on every request, CSRF; the server without tokens.
The actions of each page: tests/test_web_actions.py."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import seed
from conftest import Chat, RecordingConsole
from web_harness import (
    LINK,
    T,
    browser,
    csrf_of,
    free_port,
    link_for,
    page,
    person,
    serving,
    sign_in,
    signed_in,
    web_settings,
)

from bot import runner
from bot.app import App
from bot.settings import Settings
from conversations.core.clock import FakeClock
from conversations.core.voucher_codes import generate


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path)


@pytest.fixture
async def server(app: App, console: RecordingConsole) -> AsyncIterator[str]:
    async with serving(app) as url:
        yield url


async def test_a_link_signs_in_once_with_a_strict_httponly_cookie(
    app: App, console: RecordingConsole, server: str
) -> None:
    token = await link_for(app, console, "900")
    async with browser() as http:
        status, html = await page(http, f"{server}/admin/masuk/{token}")
        assert status == 200 and T("web-signin-button") in html  # a GET uses nothing
        resp = await sign_in(http, server, token)
        assert resp.status == 303 and resp.headers["Location"] == "/admin/"
        cookie = resp.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
        status, html = await page(http, f"{server}/admin/")
        assert status == 200 and T("web-overview-title") in html
        assert "console:900" in html
    async with browser() as other:  # the same link again, from anywhere
        resp = await sign_in(other, server, token)
        assert resp.status == 403
        status, html = await page(other, f"{server}/admin/")
        assert status == 401 and "/dasbor" in html
    rows = await app.store.fetch_all("SELECT token_hash FROM web_links")
    assert rows and token not in rows[0][0]  # only its hash is stored
    audit = await app.store.fetch_all(
        "SELECT channel, user_id, detail FROM events WHERE kind = 'web_signin'")
    assert audit == [("console", "900", "admin")]


async def test_expired_and_forged_links_do_not_sign_in(
    app: App, console: RecordingConsole, server: str, clock: FakeClock
) -> None:
    token = await link_for(app, console, "900")
    clock.advance(minutes=10, seconds=1)
    async with browser() as http:
        resp = await sign_in(http, server, token)
        assert resp.status == 403
        resp = await sign_in(http, server, token[:-1] + ("A" if token[-1] != "A" else "B"))
        assert resp.status == 403
        resp = await sign_in(http, server, "x" * 500)
        assert resp.status == 403
        status, _ = await page(http, f"{server}/admin/suvenir")
        assert status == 401


async def test_a_resident_gets_no_link(app: App, console: RecordingConsole) -> None:
    resident = Chat(app, console, user="5")
    await resident.send("/dasbor")
    assert "/admin/masuk/" not in resident.text
    assert await app.store.fetch_all("SELECT count(*) FROM web_links") == [(0,)]


async def test_a_session_ends_when_idle_and_at_sign_out(
    app: App, console: RecordingConsole, server: str, clock: FakeClock
) -> None:
    async with await signed_in(app, console, server) as http:
        clock.advance(minutes=29)
        assert (await page(http, f"{server}/admin/audit"))[0] == 200  # the idle clock restarts
        clock.advance(minutes=29)
        assert (await page(http, f"{server}/admin/audit"))[0] == 200
        clock.advance(minutes=31)
        status, html = await page(http, f"{server}/admin/audit")
        assert status == 401 and T("web-signed-out") in html
    async with await signed_in(app, console, server) as http:
        _, html = await page(http, f"{server}/admin/audit")
        async with http.post(f"{server}/admin/keluar", data={"csrf": csrf_of(html)}) as resp:
            assert resp.status == 200 and T("web-signed-off") in await resp.text()
        assert (await page(http, f"{server}/admin/audit"))[0] == 401


async def test_staff_see_only_their_pages(
    app: App, console: RecordingConsole, server: str
) -> None:
    async with await signed_in(app, console, server, "800") as http:
        status, _ = await page(http, f"{server}/admin/")
        assert status == 303  # to Suvenir
        status, html = await page(http, f"{server}/admin/suvenir")
        assert status == 200
        assert "/admin/pertanyaan" in html and "/admin/kunjungan" in html
        assert "/admin/siaran" not in html and "/admin/audit" not in html
        for path in ("/admin/siaran", "/admin/audit", "/admin/funnel", "/admin/tutor"):
            status, html = await page(http, f"{server}{path}")
            assert status == 403 and T("web-forbidden") in html, path
        token = csrf_of((await page(http, f"{server}/admin/suvenir"))[1])
        async with http.post(f"{server}/admin/siaran/kirim",
                             data={"csrf": token, "segmen": "everyone",
                                   "teks": "Halo semua warga"},
                             allow_redirects=False) as resp:
            assert resp.status == 403
    assert await app.store.fetch_all("SELECT count(*) FROM broadcasts") == [(0,)]


async def test_a_form_without_the_right_csrf_token_changes_nothing(
    app: App, console: RecordingConsole, server: str
) -> None:
    code = generate()
    await seed.completion(app, "7", voucher=code)
    async with await signed_in(app, console, server, "800") as http:
        for data in ({"kode": code}, {"kode": code, "csrf": "wrong"}):
            async with http.post(f"{server}/admin/suvenir/tukar", data=data,
                                 allow_redirects=False) as resp:
                assert resp.status == 403 and T("web-csrf") in await resp.text()
    rows = await app.store.fetch_all("SELECT redeemed_at FROM vouchers")
    assert rows == [(None,)]


# --- Suvenir -------------------------------------------------------------------------------------
async def test_the_role_is_read_again_on_every_request(
    app: App, console: RecordingConsole, server: str
) -> None:
    async with await signed_in(app, console, server) as http:
        assert (await page(http, f"{server}/admin/siaran"))[0] == 200
        app.settings = app.settings.model_copy(
            update={"admins": "", "staff": "console:900"})  # made staff while signed in
        status, html = await page(http, f"{server}/admin/siaran")
        assert status == 403 and T("web-forbidden") in html
        assert (await page(http, f"{server}/admin/suvenir"))[0] == 200
        app.settings = app.settings.model_copy(update={"staff": ""})  # and then no one
        assert (await page(http, f"{server}/admin/suvenir"))[0] == 403


async def test_behind_https_the_cookie_is_secure_and_links_use_the_public_url(
    app: App, console: RecordingConsole, server: str
) -> None:
    app.settings = app.settings.model_copy(update={"public_url": "https://bot.example.org"})
    app.engine.config = dataclasses.replace(app.engine.config,
                                            public_url=app.settings.dashboard_url)
    chat = person(app, console, "900")
    await chat.send("/dasbor")
    assert "https://bot.example.org/admin/masuk/" in chat.text
    token = LINK.search(chat.text)
    assert token
    async with browser() as http:
        resp = await sign_in(http, server, token.group(1))
        assert resp.status == 303 and "Secure" in resp.headers["Set-Cookie"]


async def test_run_without_any_token_serves_the_dashboard(tmp_path: Path) -> None:
    port = free_port()
    settings = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
                        TUTOR_SENSUS_HTTP_HOST="127.0.0.1", TUTOR_SENSUS_HTTP_PORT=port,
                        _env_file=None)
    running = await runner.start(settings)
    try:
        async with browser() as http:
            status, html = await page(http, f"http://127.0.0.1:{port}/admin/suvenir")
            assert status == 401 and "/dasbor" in html
            async with http.get(f"http://127.0.0.1:{port}/admin/static/app.css") as resp:
                assert resp.status == 200 and resp.content_type == "text/css"
    finally:
        await running.stop()


async def test_old_links_and_sessions_are_cleared(
    app: App, console: RecordingConsole, server: str, clock: FakeClock
) -> None:
    async with await signed_in(app, console, server):
        pass
    await link_for(app, console, "800")  # never used
    clock.advance(days=3)
    await link_for(app, console, "900")  # a new link clears what is long dead
    links = await app.store.fetch_all("SELECT user_id FROM web_links")
    sessions = await app.store.fetch_all("SELECT count(*) FROM web_sessions")
    assert links == [("900",)] and sessions == [(0,)]
