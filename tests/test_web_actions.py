"""What each dashboard page's actions do to the store and to the residents, over real HTTP:
redeeming a voucher once, moving visit requests (the resident told), answering a question
(WhatsApp's window included), a broadcast like /siaran, Ringkasan's numbers, filters."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import seed
from conftest import Chat, RecordingConsole
from web_harness import T, csrf_of, page, serving, signed_in, web_settings

from bot.app import App, build_app
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


async def test_pages_in_english_and_the_audit_log_filtered(
    app: App, console: RecordingConsole, server: str
) -> None:
    code = generate()
    await seed.completion(app, "7", voucher=code)
    async with await signed_in(app, console, server, "800") as staff:
        _, html = await page(staff, f"{server}/admin/suvenir")
        async with staff.post(f"{server}/admin/suvenir/tukar",
                              data={"csrf": csrf_of(html), "kode": code}):
            pass
    async with await signed_in(app, console, server) as http:
        _, html = await page(http, f"{server}/admin/audit")
        async with http.post(f"{server}/admin/bahasa", data={
                "csrf": csrf_of(html), "lang": "en", "next": "/admin/audit"}) as r:
            html = await r.text()
        assert r.url.path == "/admin/audit" and '<html lang="en">' in html
        assert "Audit log" in html and "redeemed a voucher" in html
        _, html = await page(http, f"{server}/admin/audit?oleh=console:800")
        assert code in html and "console:900" not in html.split("<table")[-1]
        _, html = await page(http, f"{server}/admin/audit?jenis=web_signin&oleh=console:900")
        assert code not in html and "console:900" in html.split("<table")[-1]
        _, html = await page(http, f"{server}/admin/audit?tanggal=2020-03-03")
        assert "No entries match this filter." in html
        # Details in words (issue 15), never raw identifiers; each person once, by name
        # where one is known (as the platform gave it: kept by the engine).
        async with app.store.transaction() as tx:
            await tx.personal.remember_name("console", "800", "Sari Wulandari", app.clock.now())
            await tx.personal.remember_name("console", "900", "Rahmat Hidayat", app.clock.now())
        async with http.get(f"{server}/admin/kunjungan.csv"):
            pass
        _, html = await page(http, f"{server}/admin/audit")
        table = html.split("<table")[-1]
        assert "downloaded a table</td><td>Visit requests · CSV · from the web dashboard" in table
        assert "signed in to the web dashboard</td><td>as staff" in table
        assert "Sari Wulandari (console:800)" in table
        assert "Signed in as Rahmat Hidayat (console:900)" in html  # the page's header
        assert "console:console:" not in table and "(csv, web)" not in table


async def test_a_running_broadcast_is_paused_resumed_and_cancelled_after_a_confirmation(
    app: App, console: RecordingConsole, server: str
) -> None:
    for user in ("61", "62"):
        await seed.person(app, user, kecamatan="blado", step=1)
    async with await signed_in(app, console, server) as http:
        _, html = await page(http, f"{server}/admin/siaran")
        token = csrf_of(html)
        form = {"csrf": token, "siap": "deadline", "segmen": "kecamatan", "kecamatan": "blado"}
        async with http.post(f"{server}/admin/siaran/kirim", data=form) as r:
            html = await r.text()
        assert T("web-bc-pause") in html  # not sent yet: the bulk lane has not run
        async with http.post(f"{server}/admin/siaran/1/jeda", data={"csrf": token}) as r:
            assert T("bc-paused", id=1) in await r.text()
        async with http.post(f"{server}/admin/siaran/kirim", data=form) as r:
            assert T("bc-busy", id=1) in await r.text()  # one broadcast at a time
        async with http.post(f"{server}/admin/siaran/1/lanjut", data={"csrf": token}) as r:
            assert T("bc-resumed", id=1) in await r.text()
        async with http.post(f"{server}/admin/siaran/1/batal", data={"csrf": token}) as r:
            html = await r.text()
        assert T("web-bc-cancel-title", id=1) in html  # asks first
        assert (await app.store.fetch_all("SELECT status FROM broadcasts")) == [("running",)]
        async with http.post(f"{server}/admin/siaran/1/batal",
                             data={"csrf": token, "yakin": "ya"}) as r:
            assert T("bc-cancelled", id=1) in await r.text()
    await app.step_bulk()
    assert console.sent["61"] == [] and console.sent["62"] == []  # cancelled before it went
    assert (await app.store.fetch_all("SELECT status FROM broadcasts")) == [("cancelled",)]
    audit = await app.store.fetch_all(
        "SELECT kind FROM events WHERE kind LIKE 'broadcast%' ORDER BY id")
    assert [k for (k,) in audit] == ["broadcast", "broadcast_pause", "broadcast_resume",
                                      "broadcast_cancel"]


async def test_a_notice_after_a_form_shows_once_on_the_next_page_whichever_worker_serves_it(
    app: App, console: RecordingConsole, server: str, settings: Settings, clock: FakeClock
) -> None:
    """Two workers on one database behind a load balancer: the redirect after a form may be
    followed on the other worker, which shows the form's notice, once."""
    code = generate()
    await seed.completion(app, "7", voucher=code, persons=5)
    other = await build_app(settings, clock=clock)  # a second worker, the same database
    try:
        async with serving(other) as elsewhere, \
                await signed_in(app, console, server, "800") as http:
            _, html = await page(http, f"{server}/admin/suvenir")
            async with http.post(f"{server}/admin/suvenir/tukar", allow_redirects=False,
                                 data={"csrf": csrf_of(html), "kode": code}) as r:
                assert r.status == 303
            status, html = await page(http, f"{elsewhere}/admin/suvenir")
            assert status == 200 and T("redeem-done", code=code) in html
            _, html = await page(http, f"{server}/admin/suvenir")
            assert T("redeem-done", code=code) not in html  # shown once
    finally:
        await other.close()
