"""The web dashboard over real HTTP: sign-in by a /dasbor link (expired, reused, forged),
sessions, roles, CSRF, and what each page's action does to the store and to the residents.

The bot is the real App with the console channel (conftest's harness): residents and staff
talk to it as in the chat tests; the browser side is aiohttp's client with a cookie jar.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import seed
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole

from bot import runner
from bot.app import App
from bot.channels.http import build_http_app, start_http
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator
from conversations.core.voucher_codes import generate

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())
ROOM = "staffroom"
LINK = re.compile(r"/admin/masuk/(\S+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
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


@pytest.fixture
async def server(app: App, console: RecordingConsole) -> AsyncIterator[str]:
    port = free_port()
    runner = await start_http(build_http_app(app), "127.0.0.1", port)
    yield f"http://127.0.0.1:{port}"
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
async def test_redeeming_shows_the_masked_kk_and_works_exactly_once(
    app: App, console: RecordingConsole, server: str
) -> None:
    code = generate()
    await seed.completion(app, "7", voucher=code, persons=5)
    async with await signed_in(app, console, server, "800") as http:
        _, html = await page(http, f"{server}/admin/suvenir")
        token = csrf_of(html)
        async with http.post(f"{server}/admin/suvenir/cek",
                             data={"csrf": token, "kode": code.replace("-", "").lower()}) as r:
            html = await r.text()
        assert "•••• " in html and T("web-redeem-confirm") in html
        async with http.post(f"{server}/admin/suvenir/tukar",
                             data={"csrf": token, "kode": code}) as r:
            html = await r.text()
        assert T("redeem-done", code=code) in html
        async with http.post(f"{server}/admin/suvenir/tukar",
                             data={"csrf": token, "kode": code}) as r:
            html = await r.text()
        assert T("redeem-just-redeemed", code=code) in html
        async with http.post(f"{server}/admin/suvenir/cek",
                             data={"csrf": token, "kode": code}) as r:
            html = await r.text()
        assert "console:800" in html and T("web-redeem-confirm") not in html
        async with http.post(f"{server}/admin/suvenir/cek",
                             data={"csrf": token, "kode": "ZZZZ"}) as r:
            assert r.status == 200 and T("redeem-code-shape") in await r.text()
    rows = await app.store.fetch_all("SELECT redeemed_by FROM vouchers")
    assert rows == [("console:800",)]
    audit = await app.store.fetch_all(
        "SELECT user_id, detail FROM events WHERE kind = 'voucher_redeemed'")
    assert audit == [("800", code)]


# --- Kunjungan -----------------------------------------------------------------------------------
async def ask_for_visit(app: App, console: RecordingConsole, user: str, desa: str) -> None:
    resident = Chat(app, console, user=user)
    await resident.send("/start")
    await resident.press(T("menu-visit"))
    await resident.press(T("visit-agree"))
    await resident.send("Blado")
    await resident.send(desa)
    await resident.send("003/005")
    await resident.send("081234567890")
    await resident.press(T("visit-save"))


async def test_visit_requests_move_through_their_states_and_the_resident_is_told(
    app: App, console: RecordingConsole, server: str
) -> None:
    await ask_for_visit(app, console, "21", "Kambangan")
    await ask_for_visit(app, console, "22", "Sidomulyo")
    async with await signed_in(app, console, server, "800") as http:
        _, html = await page(http, f"{server}/admin/kunjungan?desa=kamb")
        assert "Kambangan" in html and "Sidomulyo" not in html and "+6281234567890" in html
        token = csrf_of(html)
        before = len(console.sent["21"])
        move = {"csrf": token, "dari": "baru", "ke": "dijadwalkan"}
        async with http.post(f"{server}/admin/kunjungan/1", data=move) as r:
            assert T("web-visit-moved", id=1, state="dijadwalkan") in await r.text()
        await app.step()
        told = console.sent["21"][before:]
        assert len(told) == 1 and "dijadwalkan" in told[0].text and "Kambangan" in told[0].text
        async with http.post(f"{server}/admin/kunjungan/1", data=move) as r:  # stale form
            assert T("web-visit-stale", id=1, state="dijadwalkan") in await r.text()
        async with http.post(f"{server}/admin/kunjungan/1", data={
                "csrf": token, "dari": "dijadwalkan", "ke": "dikunjungi"}) as r:
            assert r.status == 200
        async with http.post(f"{server}/admin/kunjungan/2", data={
                "csrf": token, "dari": "baru", "ke": "hilang"}) as r:
            assert T("web-visit-stale", id=2, state="hilang") in await r.text()
        _, html = await page(http, f"{server}/admin/kunjungan?status=dikunjungi")
        assert "Kambangan" in html and "Sidomulyo" not in html and "console:800" in html
        async with http.get(f"{server}/admin/kunjungan.csv?status=dikunjungi") as r:
            body = (await r.read()).decode("utf-8-sig")
            assert r.headers["Content-Disposition"].startswith("attachment")
        lines = body.strip().splitlines()
        assert len(lines) == 2 and "Kambangan" in lines[1] and "dikunjungi" in lines[1]
        async with http.get(f"{server}/admin/kunjungan.xlsx") as r:
            assert r.status == 200 and (await r.read())[:2] == b"PK"
    rows = await app.store.fetch_all(
        "SELECT id, state, state_by FROM visit_requests ORDER BY id")
    assert rows == [(1, "dikunjungi", "console:800"), (2, "baru", None)]
    audit = await app.store.fetch_all(
        "SELECT detail FROM events WHERE kind = 'visit_state' ORDER BY id")
    assert audit == [("1:baru>dijadwalkan",), ("1:dijadwalkan>dikunjungi",)]


# --- Pertanyaan ----------------------------------------------------------------------------------
async def test_a_question_is_claimed_and_answered_from_the_page(
    app: App, console: RecordingConsole, server: str
) -> None:
    resident = Chat(app, console, user="31")
    await resident.send("/start")
    await resident.send("rumah saya di perbatasan dua desa, ikut desa mana?")
    await resident.press(T("ask-staff"))
    await resident.press(T("ask-send"))
    async with await signed_in(app, console, server, "800") as http, \
            await signed_in(app, console, server, "801") as late:
        _, html = await page(http, f"{server}/admin/pertanyaan")
        assert "perbatasan dua desa" in html and T("web-question-claim") in html
        token = csrf_of(html)
        async with http.post(f"{server}/admin/pertanyaan/1/ambil", data={"csrf": token}) as r:
            html = await r.text()
        assert T("web-question-claimed", id=1) in html
        assert T("faq-cara_mengisi-label") in html  # FAQ answers offered as starting text
        _, other = await page(late, f"{server}/admin/pertanyaan")
        assert T("web-question-claimed-by", who="console:800") in other
        async with late.post(f"{server}/admin/pertanyaan/1/jawab", data={
                "csrf": csrf_of(other), "jawaban": "Saya juga tahu"}) as r:
            assert T("handoff-taken", id=1) in await r.text()
        async with http.post(f"{server}/admin/pertanyaan/1/jawab", data={
                "csrf": token, "jawaban": " "}) as r:
            assert T("web-answer-empty", max=2000) in await r.text()
        before = len(console.sent["31"])
        async with http.post(f"{server}/admin/pertanyaan/1/jawab", data={
                "csrf": token, "jawaban": "Ikut desa yang tercatat di KK."}) as r:
            html = await r.text()
        assert T("handoff-answered", id=1) in html and T("web-questions-none") in html
    await app.step()
    to_resident = console.sent["31"][before:]
    assert len(to_resident) == 1 and "Ikut desa yang tercatat di KK." in to_resident[0].text
    audit = await app.store.fetch_all(
        "SELECT user_id, detail FROM events WHERE kind = 'handoff_answered'")
    assert audit == [("800", "1")]


# --- Siaran --------------------------------------------------------------------------------------
async def test_a_broadcast_from_the_page_is_the_same_as_siaran(
    app: App, console: RecordingConsole, server: str
) -> None:
    for user in ("41", "42", "43"):
        await seed.person(app, user, kecamatan="blado", step=1)
    async with await signed_in(app, console, server) as http:
        _, html = await page(http, f"{server}/admin/siaran")
        token = csrf_of(html)
        form = {"csrf": token, "siap": "", "teks": "Hi", "segmen": "everyone"}
        async with http.post(f"{server}/admin/siaran/pratinjau", data=form) as r:
            assert r.status == 400 and T("bc-text-short") in await r.text()
        form["teks"] = "Besok batas akhir SP2020 Online. Ayo isi!"
        async with http.post(f"{server}/admin/siaran/pratinjau", data=form) as r:
            html = await r.text()
        assert "Besok batas akhir" in html and T("web-bc-send") in html
        async with http.post(f"{server}/admin/siaran/kirim", data=form) as r:
            html = await r.text()
        assert T("bc-started", id=1, total=4).split("\n")[0][:20] in html
        await app.step_bulk()
        _, html = await page(http, f"{server}/admin/siaran")
        assert 'value="100"' in html and T("web-bc-status-done") in html
    got = [u for u in ("41", "42", "43") if any("Besok batas akhir" in r.text
                                                 for r in console.sent[u])]
    assert got == ["41", "42", "43"]
    audit = await app.store.fetch_all("SELECT user_id FROM events WHERE kind = 'broadcast'")
    assert audit == [("900",)]


# --- Ringkasan, Funnel, Audit --------------------------------------------------------------------
async def test_overview_has_the_numbers_of_tutor_sensus_stats(
    app: App, console: RecordingConsole, server: str
) -> None:
    await seed.person(app, "51", kecamatan="blado", step=3)
    await seed.completion(app, "51", kecamatan="blado", persons=4, day="2020-03-02")
    await seed.completion(app, None, kecamatan="bandar", persons=3, day="2020-03-01")
    await seed.completion(app, None, kecamatan=None, persons=2, in_region=False,
                          day="2020-02-20")
    async with await signed_in(app, console, server) as http:
        status, html = await page(http, f"{server}/admin/")
        assert status == 200
        total_households = re.search(r'id="total-households"[^>]*>([^<]+)<', html)
        total_persons = re.search(r'id="total-persons"[^>]*>([^<]+)<', html)
        assert total_households and total_households.group(1) == "2"  # Batang's own KK
        assert total_persons and total_persons.group(1) == "7"
        assert re.search(r'id="today-households"[^>]*>1<', html)
        assert re.search(r'id="yesterday-households">1<', html)
        assert "<svg" in html and 'class="target"' in html
        async with http.get(f"{server}/admin/langsung",
                            headers={"Accept": "text/event-stream"}) as stream:
            line = await stream.content.readline()
            assert line.startswith(b"data: ") and b'"households": 2' in line
        status, html = await page(http, f"{server}/admin/funnel?dari=2020-03-01")
        assert status == 200 and T("web-funnel-started", count="1") in html
        status, html = await page(http, f"{server}/admin/audit?jenis=web_signin")
        assert status == 200 and T("audit-web-signin") in html
        status, html = await page(http, f"{server}/admin/tutor")
        assert status == 200


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


async def test_an_answer_after_whatsapps_24_hours_goes_as_a_template(
    app: App, console: RecordingConsole, server: str
) -> None:
    wa_id = "6281234500001"
    await seed.whatsapp_window(app, wa_id, hours_ago=30)
    async with app.store.transaction() as tx:
        await tx.handoffs.handoff_add("whatsapp", wa_id, lang="id", kecamatan=None,
                             question="Bisa isi lewat HP anak?", now=app.clock.now())
    async with await signed_in(app, console, server, "800") as http:
        _, html = await page(http, f"{server}/admin/pertanyaan")
        token = csrf_of(html)
        async with http.post(f"{server}/admin/pertanyaan/1/ambil", data={"csrf": token}):
            pass
        async with http.post(f"{server}/admin/pertanyaan/1/jawab", data={
                "csrf": token, "jawaban": "Bisa, lewat HP anak."}) as r:
            assert T("handoff-answered", id=1) in await r.text()
    rows = await app.store.fetch_all(
        "SELECT payload FROM outbox WHERE channel = 'whatsapp' AND chat_id = ?", (wa_id,))
    assert len(rows) == 1
    payload = json.loads(rows[0][0])
    assert payload["template"] is not None
    assert "Bisa, lewat HP anak." in " ".join(payload["template"]["params"])
