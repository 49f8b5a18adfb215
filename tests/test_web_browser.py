"""The dashboard end to end in a real Chromium (Debian's /usr/bin/chromium driven by
Playwright) against `python -m bot run` with Telegram pointed at the fake Bot API
(tests/fake_telegram.py), on a temporary database seeded through the bot itself: residents
walk the tutorial and report their households, ask for a visit, ask staff a question.

An admin and a staff member sign in through their /dasbor links and do what the office does:
Ringkasan shows the numbers of `tutor-sensus stats` and a count changes live when another
resident completes, a voucher is redeemed (and refused the second time), a visit request is
marked "dikunjungi", a question is answered and the answer reaches the resident, a broadcast
runs to 100%. Every page gets a screenshot (the folder is printed) and an axe-core pass with
no serious or critical violations.

Run: `apt-get install chromium` once, then
`.venv/bin/python -m pytest tests/test_web_browser.py -s`.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from conftest import CAMPAIGN_OPEN
from fake_telegram import FakeBotApi, TelegramUser
from playwright.async_api import Browser, Page, async_playwright, expect
from test_restart import START_TIMEOUT, BotProcess, bot_env

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())
CHROMIUM = os.environ.get("TUTOR_SENSUS_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
ADMIN, STAFF, ROOM = 7000, 7100, -100777
RESIDENTS = (9001, 9002, 9003)
LINK = re.compile(r"https?://\S+/admin/masuk/\S+")
CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{1,4}\b")
KECAMATAN_LINE = re.compile(
    r"^(?P<name>[A-Za-z ]+)\*?: \S+ (?P<pct>\S+) · (?P<persons>[\d.]+)/(?P<target>[\d.]+) orang"
    r" · (?P<households>[\d.]+) KK.* · mulai (?P<started>[\d.]+)$", re.MULTILINE)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[tuple[BotProcess, dict[str, str]]]:
    env = bot_env(api, tmp_path, TUTOR_SENSUS_ADMINS=f"telegram:{ADMIN}",
                  TUTOR_SENSUS_STAFF=f"telegram:{STAFF}",
                  TUTOR_SENSUS_HANDOFF_CHAT=f"telegram:{ROOM}",
                  TUTOR_SENSUS_QUIET_HOURS="")  # broadcasts whatever the hour the test runs
    env["TUTOR_SENSUS_PUBLIC_URL"] = f"http://127.0.0.1:{env['TUTOR_SENSUS_HTTP_PORT']}"
    process = BotProcess(env, cwd=tmp_path)
    await process.start()
    try:
        yield process, env
    finally:
        await process.terminate()
        print("\n".join(process.log[-40:]))


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert Path(CHROMIUM).is_file(), (
        f"no Chromium at {CHROMIUM}: `apt-get install chromium` (or set TUTOR_SENSUS_CHROMIUM)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        await chromium.close()


@pytest.fixture
def shots() -> Path:
    folder = Path(os.environ.get("TUTOR_SENSUS_SCREENSHOTS", "screenshots/web")).resolve()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"\nscreenshots of the dashboard: {folder}")
    return folder


# --- residents, through the bot ------------------------------------------------------------------
async def walk_and_complete(api: FakeBotApi, user: int, kk: str, persons: int,
                            kecamatan: str, problem: str | None = None) -> str:
    """The tutorial's first steps (and a problem screen of step 3), then "Saya sudah
    selesai": returns the voucher code."""
    resident = TelegramUser(api, user)
    await resident.send("/start", within=START_TIMEOUT)
    await resident.press(T("menu-start"))
    await resident.send(kecamatan)
    await resident.press(T("nav-next"))
    await resident.press(T("nav-next"))
    if problem:
        await resident.press(T("nav-problems"))
        await resident.press(T(f"problem-{problem}-label"))
    await resident.send("/menu")
    await resident.press(T("menu-done"))
    await resident.send(kk)
    await resident.press(T("done-kk-yes"))
    await resident.send(str(persons))
    if T("done-proof-skip") not in resident.labels:  # the kecamatan is known from the guide
        await resident.send(kecamatan)
    await resident.press(T("done-proof-skip"))
    await resident.press(T("done-save"))
    found = CODE.search(resident.text)
    assert found, resident.text
    return found.group()


async def ask_for_visit(api: FakeBotApi, user: int) -> None:
    resident = TelegramUser(api, user)
    await resident.send("/start", within=START_TIMEOUT)
    await resident.press(T("menu-visit"))
    await resident.press(T("visit-agree"))
    await resident.send("Blado")
    await resident.send("Kambangan")
    await resident.send("RT 3 RW 5")
    await resident.send("0812 3456 7890")
    await resident.press(T("visit-save"))


async def ask_staff(api: FakeBotApi, user: int, question: str) -> None:
    resident = TelegramUser(api, user)
    await resident.send("/start", within=START_TIMEOUT)
    await resident.send(question)
    await resident.press(T("ask-staff"))
    await resident.press(T("ask-send"))


async def link(api: FakeBotApi, user: int) -> str:
    person = TelegramUser(api, user)
    await person.send("/dasbor", within=START_TIMEOUT)
    found = LINK.search(person.text)
    assert found, person.text
    return found.group()


# --- the browser ---------------------------------------------------------------------------------
async def check_page(page: Page, shots: Path, name: str) -> None:
    """A screenshot of the whole page, and axe-core: no serious or critical violation."""
    await page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    await page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = await page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: accessibility violations {bad}"


async def sign_in(browser: Browser, url: str, *, mobile: bool = False,
                  shots: Path | None = None) -> Page:
    context = await browser.new_context(
        viewport={"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900},
        # bypass_csp: only so that axe-core can be injected; the pages' own CSP stays on
        locale="id-ID", permissions=[], bypass_csp=True)
    page = await context.new_page()
    await page.goto(url)
    if shots is not None:
        await check_page(page, shots, "00-masuk")
    await page.get_by_role("button", name=T("web-signin-button")).click()
    await page.wait_for_load_state()
    return page


async def stats_text(env: dict[str, str], cwd: Path) -> str:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "stats", env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def test_the_office_works_from_the_browser(
    api: FakeBotApi, bot: tuple[BotProcess, dict[str, str]], browser: Browser, shots: Path,
    tmp_path: Path,
) -> None:
    _, env = bot
    codes = [await walk_and_complete(api, user, f"3325 0123 0120 000{i}", persons, kecamatan,
                                     "captcha" if i == 1 else None)
             for i, (user, persons, kecamatan) in enumerate(
                 zip(RESIDENTS, (4, 3, 5), ("Blado", "Blado", "Bandar"), strict=True), 1)]
    organiser = TelegramUser(api, ADMIN)
    await organiser.send("/acara_baru Isi bersama di Pendopo", within=START_TIMEOUT)
    await ask_for_visit(api, 9101)
    api.user_sends_text(STAFF, "siap", chat_type="group", chat_id=ROOM)  # the staff group
    await ask_staff(api, 9102, "rumah saya di perbatasan dua desa, ikut desa mana?")

    # --- the admin: Ringkasan has the numbers of `tutor-sensus stats` ----------------------------
    admin_link = await link(api, ADMIN)
    admin = await sign_in(browser, admin_link, shots=shots)
    await expect(admin.locator("h1")).to_have_text(T("web-overview-title"))
    text = await stats_text(env, tmp_path)
    lines = {m["name"].strip(): m for m in KECAMATAN_LINE.finditer(text)}
    for row in await admin.locator("#per-kecamatan tbody tr").all():
        name = (await row.locator("th").inner_text()).rstrip("*")
        cells = [c.strip() for c in await row.locator("td").all_inner_texts()]
        line = lines[name]
        assert [cells[0], cells[1], cells[2], cells[3]] == [
            line["started"], line["households"], line["persons"], line["target"]], name
        assert cells[4].endswith(line["pct"]), name
    total = re.search(r"^Total: \S+ (\S+) · ([\d.]+)/([\d.]+) orang · ([\d.]+) KK", text,
                      re.MULTILINE)
    assert total
    await expect(admin.locator("#total-households")).to_have_text(total[4])
    await expect(admin.locator("#total-persons")).to_have_text(total[2])
    await expect(admin.locator("#total-progress")).to_have_text(total[1])
    await check_page(admin, shots, "01-ringkasan")

    # ...and a count changes live when another resident completes
    await expect(admin.locator("body[data-live='on']")).to_have_count(1, timeout=10_000)
    codes.append(await walk_and_complete(api, 9004, "3325 0123 0120 0009", 2, "Bandar"))
    await expect(admin.locator("#total-households")).to_have_text(
        str(int(total[4]) + 1), timeout=10_000)

    await admin.get_by_role("link", name=T("web-nav-funnel")).click()
    await expect(admin.locator("#funnel tbody tr").first.locator("td").first).to_have_text("4")
    await expect(admin.locator("#funnel tbody tr").nth(2)).to_contain_text(
        T("problem-captcha-label") + ": 1")
    await check_page(admin, shots, "02-funnel")
    await admin.get_by_role("link", name=T("web-nav-tutors")).click()
    await expect(admin.locator("#events")).to_contain_text("Isi bersama di Pendopo")
    async with admin.expect_download() as download:
        await admin.locator("#events a[download]").first.click()
    poster = await (await download.value).path()
    assert Path(poster).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    await check_page(admin, shots, "05-tutor")

    # --- staff, on a phone-sized screen: Suvenir, Kunjungan, Pertanyaan --------------------------
    staff = await sign_in(browser, await link(api, STAFF), mobile=True)
    await expect(staff.locator("h1")).to_have_text(T("web-souvenirs-title"))
    await expect(staff.get_by_role("link", name=T("web-nav-overview"))).to_have_count(0)
    await staff.get_by_label(T("web-redeem-code")).fill(codes[0].replace("-", "").lower())
    await staff.get_by_role("button", name=T("web-redeem-check")).click()
    await expect(staff.locator("#voucher-kk")).to_have_text("•••• 0001")
    await check_page(staff, shots, "04-suvenir-periksa")
    await staff.get_by_role("button", name=T("web-redeem-confirm")).click()
    await expect(staff.locator(".flash")).to_contain_text(T("redeem-done", code=codes[0]))
    await staff.get_by_label(T("web-redeem-code")).fill(codes[0])
    await staff.get_by_role("button", name=T("web-redeem-check")).click()
    await expect(staff.locator("#voucher-status")).to_contain_text(f"telegram:{STAFF}")
    await expect(staff.get_by_role("button", name=T("web-redeem-confirm"))).to_have_count(0)
    await check_page(staff, shots, "04-suvenir")

    await staff.get_by_role("link", name=T("web-nav-visits")).click()
    row = staff.locator("#visits tbody tr").first
    await expect(row).to_contain_text("Kambangan")
    await row.get_by_role("button", name=T("web-visit-state-dikunjungi")).click()
    await expect(staff.locator("#visits tbody tr").first).to_have_attribute(
        "data-state", "dikunjungi")
    await check_page(staff, shots, "03-kunjungan")

    await staff.get_by_role("link", name=T("web-nav-questions")).click()
    await staff.get_by_role("button", name=T("web-question-claim")).click()
    await staff.get_by_label(T("web-answer-start")).select_option(
        label=T("faq-cara_mengisi-label"))
    answer = staff.get_by_label(T("web-answer"), exact=True)
    await expect(answer).not_to_be_empty()
    await answer.fill("Ikut desa yang tercatat di KK Anda. Petugas akan memastikan.")
    await check_page(staff, shots, "07-pertanyaan")
    await staff.get_by_role("button", name=T("web-answer-send")).click()
    await expect(staff.locator(".flash")).to_contain_text(T("handoff-answered", id=1))
    await api.wait_until(lambda: any("Ikut desa yang tercatat" in m.text
                                     for m in api.messages_to(9102)),
                         what="the answer reaches the resident")

    # --- the admin: a broadcast runs to 100% -----------------------------------------------------
    await admin.get_by_role("link", name=T("web-nav-broadcasts")).click()
    await admin.get_by_label(T("bc-ready-thanks-label")).check()
    await admin.get_by_label(T("segment-completed-label")).check()
    await admin.get_by_role("button", name=T("web-bc-preview")).click()
    await expect(admin.locator("#bc-preview")).to_contain_text("4")
    await admin.get_by_role("button", name=T("web-bc-send")).click()
    await expect(admin.locator("#bc-percent")).to_have_text("100", timeout=30_000)
    await expect(admin.locator("#bc-progress")).to_have_attribute("value", "100")
    await expect(admin.locator("[data-bc='status-label']")).to_have_text(
        T("web-bc-status-done"), timeout=10_000)
    await expect(admin.get_by_role("button", name=T("web-bc-pause"))).to_be_hidden()
    await check_page(admin, shots, "06-siaran")
    for user in RESIDENTS:
        assert any(T("bc-ready-thanks").split("\n")[0][:15] in m.text
                   for m in api.messages_to(user)), user

    context = await browser.new_context(bypass_csp=True)
    stranger = await context.new_page()  # the admin's link again, from another browser
    await stranger.goto(admin_link)
    await stranger.get_by_role("button", name=T("web-signin-button")).click()
    await expect(stranger.locator("#denied")).to_have_text(T("web-link-invalid"))
    await check_page(stranger, shots, "09-tautan-terpakai")

    await admin.get_by_role("link", name=T("web-nav-audit")).click()
    log = admin.locator("#audit")
    for kind in ("voucher_redeemed", "visit_state", "handoff_answered", "broadcast"):
        await expect(log.locator(f"tr[data-kind='{kind}']")).not_to_have_count(0)
    await check_page(admin, shots, "08-audit")
