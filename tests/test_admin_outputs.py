"""Admins' outputs in the admin's language (issue 15): the audit log in Indonesian with staff
by name, and a household already recorded from another account told what to do and left
out of "belum lapor selesai" broadcasts. (XLSX cell types: tests/test_exports.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Chat, RecordingConsole
from test_completions import KK, report

from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None))
TEXT = "Jangan lupa lapor selesai di bot ini setelah mengisi sensus online ya."


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
        TUTOR_SENSUS_ADMINS="console:900",
        TUTOR_SENSUS_STAFF="console:800",
        TUTOR_SENSUS_STAFF_NAMES="console:900=Sari Wulandari",
        _env_file=None,
    )


async def test_a_household_recorded_elsewhere_is_told_whom_to_contact_and_not_nagged(
    app: App, console: RecordingConsole
) -> None:
    first, second = Chat(app, console, user="71"), Chat(app, console, user="72")
    await report(first)
    await second.send("/start")
    await second.press(T("menu-done"))
    await second.send(KK)
    await second.press(T("done-kk-yes"))
    assert "sudah tercatat pada 2 Maret 2020" in second.text
    assert "Bukan keluarga Anda yang melapor? Hubungi:" in second.text
    assert "+62 812-9905-2020" in second.text  # the campaign's contacts, not a dead end

    third = Chat(app, console, user="73")  # has not reported: gets the reminder
    await third.send("/start")
    admin = Chat(app, console, user="900")
    await admin.send("/siaran")
    await admin.send(TEXT)
    await admin.press(T("segment-not_completed-label"))
    await admin.press(T("bc-send"))
    got = {chat for chat, replies in console.sent.items() if any(r.text == TEXT for r in replies)}
    assert "73" in got
    assert "72" not in got  # their household is recorded (from the first account)
    assert "71" not in got  # reported it

    await admin.send("/audit")
    lines = admin.text.splitlines()
    started = next(line for line in lines if T("audit-broadcast") in line)
    # In Indonesian, the broadcast by number and segment, the admin by name.
    assert started.endswith(f"{T('audit-broadcast')} #1 · {T('segment-not_completed-label')}")
    assert "Sari Wulandari (console:900)" in started
    assert "not_completed" not in admin.text
