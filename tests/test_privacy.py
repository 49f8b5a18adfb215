"""Personal data: no KK/NIK digits anywhere on disk or in logs, /hapus_data, the secret key."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole
from test_completions import KK, NIK_WOMAN, PNG_1PX, report, voucher_code

from bot.app import App, build_app
from bot.secret_key import KeyProblem, generate_key
from bot.settings import Settings
from bot.store.personal_data import NOT_PERSONAL, PERSONAL_DATA
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
        TUTOR_SENSUS_STAFF="console:800",
        TUTOR_SENSUS_HANDOFF_CHAT="console:staffroom",
        _env_file=None,
    )


def forms_of(number: str) -> list[bytes]:
    """Every way a 16-digit number could sit in a file: text, 64-bit integer, hex."""
    digits = "".join(ch for ch in number if ch.isdigit())
    value = int(digits)
    forms = [digits, number, f"{value:x}", f"{value:X}", f"{value:016x}"]
    encoded = [f.encode() for f in forms] + [f.encode("utf-16-le") for f in forms[:2]]
    encoded += [value.to_bytes(8, "little"), value.to_bytes(8, "big")]
    return encoded


async def test_no_kk_or_nik_digits_in_any_file_or_log(
    chat: Chat, app: App, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the most talkative the bot can be
    proof = tmp_path / "bukti.png"
    proof.write_bytes(PNG_1PX)
    await report(chat, proof=proof)
    await chat.send(f"nik saya {NIK_WOMAN} gk kedaftar gmn?")  # a question with a NIK
    assert "•••• 0003" in chat.text or T("ask-helpful") in chat.text
    await chat.send(f"KK: {KK}, NIK {NIK_WOMAN[:8]}-{NIK_WOMAN[8:]}")
    files = [p for p in app.settings.data_dir.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert "tutor-sensus.sqlite3-wal" in names  # the WAL is read too
    logs = "\n".join(r.getMessage() for r in caplog.records).encode()
    for number in (KK, NIK_WOMAN, f"{NIK_WOMAN[:8]}-{NIK_WOMAN[8:]}"):
        for form in forms_of(number):
            for path in files:
                assert form not in path.read_bytes(), f"{form!r} in {path.name}"
            assert form not in logs, f"{form!r} in the logs"


async def personal_rows(app: App, channel: str, user: str) -> dict[str, int]:
    counts = {}
    for entry in PERSONAL_DATA:
        rows = await app.store.fetch_all(
            f"SELECT count(*) FROM {entry.table} WHERE {entry.condition}",
            (channel, user),
        )
        counts[entry.table] = rows[0][0]
    return counts


async def statistics(app: App) -> tuple[object, ...]:
    rows = await app.store.fetch_all(
        "SELECT (SELECT count(*) FROM completions), (SELECT sum(persons) FROM completions),"
        " (SELECT count(*) FROM events WHERE kind = 'completion'),"
        " (SELECT count(DISTINCT user_id) FROM events),"
        " (SELECT count(*) FROM vouchers WHERE redeemed_at IS NOT NULL)"
    )
    return rows[0]


async def test_delete_my_data_empties_every_registered_table_and_keeps_the_counts(
    chat: Chat, app: App, console: RecordingConsole, tmp_path: Path
) -> None:
    proof = tmp_path / "bukti.png"
    proof.write_bytes(PNG_1PX)
    await report(chat, proof=proof)
    code = voucher_code(chat)
    staff = Chat(app, console, user="800")
    await staff.send(f"/tukar {code}")
    await staff.press(T("redeem-confirm"))
    await chat.send("qwertyuiop zxcv")  # a question for staff
    await chat.press(T("ask-staff"))
    await chat.press(T("ask-send"))
    await chat.send("/start")
    await chat.press(T("menu-visit"))
    await chat.press(T("visit-agree"))
    await chat.send("Blado")
    await chat.send("Kalisari")
    await chat.send("3/5")
    await chat.send("0812 3456 7890")
    await chat.press(T("visit-save"))
    stored_proof = Path((await app.store.fetch_all("SELECT proof_path FROM completions"))[0][0])
    assert stored_proof.is_file()
    before = await statistics(app)
    held = await personal_rows(app, "console", "1")
    console_tables = {"people", "handoffs", "visit_requests", "outbox", "events", "completions"}
    assert {t: n for t, n in held.items() if t in console_tables and n == 0} == {}

    await chat.send("/privasi")
    assert "kode acak dari Nomor KK" in chat.text
    await chat.send("/hapus_data")
    assert "Catat kode voucher Anda dulu" in chat.text
    await chat.press(T("privacy-delete-yes"))
    assert T("privacy-deleted") in chat.text

    assert await personal_rows(app, "console", "1") == {e.table: 0 for e in PERSONAL_DATA}
    assert await statistics(app) == before  # counts, persons, people per step, redemptions
    assert not stored_proof.exists()
    # The household cannot get a second voucher by deleting its data.
    await report(chat)
    assert "sudah tercatat" in chat.text and code not in chat.text
    # (That new conversation is personal data again, which is expected.)


async def test_every_table_with_a_person_is_in_the_registry(app: App) -> None:
    registered = {e.table for e in PERSONAL_DATA}
    rows = await app.store.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    for (table,) in rows:
        columns = {r[1] for r in await app.store.fetch_all(f"PRAGMA table_info({table})")}
        if columns & {"user_id", "chat_id", "wa_id", "phone", "contact"}:
            assert table in registered or table in NOT_PERSONAL, (
                f"table {table} holds a person's id: add it to bot/store/personal_data.py"
            )


async def test_a_different_key_is_refused_at_start(tmp_path: Path, clock: FakeClock) -> None:
    data = tmp_path / "data"
    first = Settings(TUTOR_SENSUS_DATA_DIR=data, TUTOR_SENSUS_SECRET_KEY=generate_key(),
                     _env_file=None)
    app = await build_app(first, clock=clock)
    await app.close()
    other = Settings(TUTOR_SENSUS_DATA_DIR=data, TUTOR_SENSUS_SECRET_KEY=generate_key(),
                     _env_file=None)
    with pytest.raises(KeyProblem, match="another"):
        await build_app(other, clock=clock)


async def test_public_channels_need_a_key_and_examples_are_refused(
    tmp_path: Path, clock: FakeClock
) -> None:
    no_key = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "a", TELEGRAM_BOT_TOKEN="1:x",
                      _env_file=None)
    with pytest.raises(KeyProblem, match="keygen"):
        await build_app(no_key, clock=clock)
    example = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "b", TELEGRAM_BOT_TOKEN="1:x",
                       TUTOR_SENSUS_SECRET_KEY="ganti-dengan-kunci-acak", _env_file=None)
    with pytest.raises(KeyProblem):
        await build_app(example, clock=clock)


async def test_console_default_makes_its_own_key_once(tmp_path: Path, clock: FakeClock) -> None:
    settings = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "c", _env_file=None)
    for _ in range(2):  # the second start reads the same key and passes the fingerprint check
        app = await build_app(settings, clock=clock)
        await app.close()
    key_file = tmp_path / "c" / "secret.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(tmp_path / "c" / "tutor-sensus.sqlite3") as db:
        stored = db.execute("SELECT value FROM kv WHERE key = 'secret_key_fingerprint'").fetchone()
    assert stored and key_file.read_text().strip() not in stored[0]
