"""Staff and admins by name without setup (issue 15): the name the platform gives (Telegram's
first and last name) is kept for staff and admins only and shown in /audit, the voucher check
and the exports; `TUTOR_SENSUS_STAFF_NAMES` overrides it; /hapus_data removes it. Over the
fake Bot API (the real PTB Application and the real parsing of `from`), and in the console."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole
from fake_telegram import FakeBotApi, TelegramUser
from telegram_harness import telegram_app
from test_completions import report, voucher_code
from test_telegram_e2e import api, clock, eventually  # noqa: F401 (Telegram fixtures)

from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())
ADMIN, STAFF, RESIDENT = 7001, 7002, 7003


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None) -> Settings:
    return Settings(
        TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
        TUTOR_SENSUS_DATABASE_URL=database_url,
        TUTOR_SENSUS_ADMINS=f"telegram:{ADMIN},console:900",
        TUTOR_SENSUS_STAFF=f"telegram:{STAFF},console:800",
        TUTOR_SENSUS_STAFF_NAMES="console:800=Sari Wulandari",
        _env_file=None,
    )


@pytest.fixture
async def telegram(settings: Settings, clock: FakeClock,  # noqa: F811 (fixture)
                   api: FakeBotApi) -> AsyncIterator[App]:  # noqa: F811 (fixture)
    async with telegram_app(settings, clock, api) as application:
        yield application


async def names(app: App) -> dict[str, str]:
    rows = await app.store.fetch_all("SELECT channel, user_id, name FROM staff_names")
    return {f"{c}:{u}": n for c, u, n in rows}


async def test_telegram_names_appear_in_the_audit_log_without_setup(
    telegram: App, api: FakeBotApi  # noqa: F811 (fixture)
) -> None:
    admin = TelegramUser(api, ADMIN, first_name="Budi Santoso")
    # A KK number typed into a display name is masked there too, as everywhere.
    staff = TelegramUser(api, STAFF, first_name="Dewi 3325 0101 0101 0001")
    resident = TelegramUser(api, RESIDENT, first_name="Siti Aminah")
    await resident.send("/start")
    await staff.send("/start")
    await admin.send("/statistik")
    await admin.send("/audit")
    line = next(x for x in admin.text.splitlines() if T("audit-admin-stats") in x)
    assert f"Budi Santoso (telegram:{ADMIN})" in line

    kept = await names(telegram)
    assert kept[f"telegram:{ADMIN}"] == "Budi Santoso"
    assert re.fullmatch(r"Dewi •+ 0001", kept[f"telegram:{STAFF}"]), kept
    assert f"telegram:{RESIDENT}" not in kept  # residents' names are never kept

    # A new name on the platform replaces the old one; /hapus_data removes it.
    api.rename(ADMIN, "Budi S.")
    await admin.send("/audit")
    assert f"Budi S. (telegram:{ADMIN})" in admin.text
    await staff.send("/hapus_data")
    api.press(STAFF, T("privacy-delete-yes"))  # answered by a text without buttons

    async def forgotten() -> bool:
        return f"telegram:{STAFF}" not in await names(telegram)
    await eventually(forgotten, "the staff member's name deleted")


async def test_the_setting_overrides_and_the_voucher_check_says_who_redeemed(
    app: App, console: RecordingConsole
) -> None:
    resident = Chat(app, console, user="71")
    await report(resident)
    code = voucher_code(resident)
    staff = Chat(app, console, user="800")
    await staff._deliver(text=f"/tukar {code}", name="sari_w")  # the console's `chat --name`
    await staff.press(T("redeem-confirm"))
    assert (await names(app))["console:800"] == "sari_w"  # kept as given...
    await staff.send(f"/tukar {code}")
    assert "oleh Sari Wulandari (console:800)" in staff.text  # ...the setting wins
    admin = Chat(app, console, user="900")
    await admin._deliver(text="/audit", name="Rahmat")
    redeemed = next(x for x in admin.text.splitlines() if T("audit-voucher-redeemed") in x)
    assert "Sari Wulandari (console:800)" in redeemed and redeemed.endswith(code)
