"""PostgreSQL only (the `--backend postgres` pass): moving an office's SQLite data over with
`tutor-sensus copy-data`, and what the SQLite → PostgreSQL translation must keep."""

from __future__ import annotations

import asyncio
import contextlib
import io
from pathlib import Path

import pytest
import seed
from conftest import Chat, RecordingConsole
from test_admin_stats import seeded

from bot.app import build_app
from bot.cli import main
from bot.secret_key import generate_key
from bot.settings import Settings
from bot.store.pg_dialect import translate
from bot.store.postgres import PgStore
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.reporting import stats

COUNTED = ("people", "events", "completions", "vouchers", "tutors", "outbox", "inbox", "kv",
           "stock", "visit_requests")


async def counts(store: object) -> dict[str, int]:
    out = {}
    for table in COUNTED:
        rows = await store.fetch_all(f"SELECT count(*) FROM {table}")  # type: ignore[attr-defined]
        out[table] = rows[0][0]
    return out


@pytest.mark.postgres
async def test_copy_data_moves_an_office_from_sqlite_to_postgresql_and_the_bot_goes_on(
    tmp_path: Path, database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = generate_key()
    local = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "data", TUTOR_SENSUS_DATABASE_URL="",
                     TUTOR_SENSUS_SECRET_KEY=key, TUTOR_SENSUS_ADMINS="console:900",
                     _env_file=None)
    app = await build_app(local, clock=clock)
    console = RecordingConsole()
    app.add_channel(console)
    await seeded(app)
    resident = Chat(app, console, user="77")
    await resident.send("/start")
    async with app.store.transaction() as tx:
        await tx.completions.visit_add("console", "v1", kecamatan="blado", desa="Kalisari",
                           rt_rw="003/005", contact="081234567890", now=clock.now())
    async with app.store.transaction() as tx:  # payloads as an older version left them
        await tx._write("INSERT INTO outbox (channel, chat_id, payload, status, not_before,"
                        " created_at) VALUES ('console', 'old', '', 'sent', ?, ?)",
                        (clock.now().isoformat(), clock.now().isoformat()))
        await tx._write("INSERT INTO inbox (channel, update_id, payload, received_at, status)"
                        " VALUES ('console', 'old-1', '<not JSON>', ?, 'failed')",
                        (clock.now().isoformat(),))
    before = await counts(app.store)
    async with app.store.transaction() as tx:  # the statistics (kept by SQLite's triggers)
        figures = await stats.gather(tx, load_campaign(), clock.today())
    await app.close()
    assert before["completions"] == 5 and before["vouchers"] == 2 and before["people"] >= 6

    monkeypatch.setenv("TUTOR_SENSUS_DATA_DIR", str(local.data_dir))
    monkeypatch.setenv("TUTOR_SENSUS_SECRET_KEY", key)
    monkeypatch.delenv("TUTOR_SENSUS_DATABASE_URL")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert await asyncio.to_thread(main, ["copy-data", "--to", database_url]) == 0
    said = out.getvalue()
    assert "every count matches" in said and "completions: 5 → 5 ok" in said
    print(said)  # the figures, in the test's output

    # A second copy into the same (now filled) database is refused, nothing doubled.
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert await asyncio.to_thread(main, ["copy-data", "--to", database_url]) == 1
    assert "already has data" in out.getvalue()

    # The bot on PostgreSQL: the same key is accepted, the same households and vouchers,
    # and new rows get new ids after the copied ones.
    remote = Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
                      TUTOR_SENSUS_DATABASE_URL=database_url, TUTOR_SENSUS_SECRET_KEY=key,
                      TUTOR_SENSUS_ADMINS="console:900", _env_file=None)
    app = await build_app(remote, clock=clock)
    try:
        assert isinstance(app.store, PgStore)
        assert await counts(app.store) == before
        # Payloads are jsonb here: the older forms became JSON ('' of a sent message '{}',
        # a failed update's shape {"shape": ...}), as migration 0030a converts them.
        assert await app.store.fetch_all(
            "SELECT payload FROM outbox WHERE chat_id = 'old'") == [("{}",)]
        assert await app.store.fetch_all(
            "SELECT payload FROM inbox WHERE update_id = 'old-1'") == [
                ('{"shape": "<not JSON>"}',)]
        assert await app.store.fetch_all(
            "SELECT data_type FROM information_schema.columns WHERE column_name = 'payload'"
            " AND table_name IN ('inbox', 'outbox')") == [("jsonb",), ("jsonb",)]
        async with app.store.transaction() as tx:  # the same statistics after the copy
            assert await stats.gather(tx, load_campaign(), clock.today()) == figures
        console = RecordingConsole()
        app.add_channel(console)
        again = Chat(app, console, user="77")
        again._counter = 100  # (its first update ids are in the copied inbox: duplicates)
        await again.send("/menu")
        assert again.last  # the person goes on where they were
        newcomer = Chat(app, console, user="78")
        await newcomer.send("/start")
        assert newcomer.last
        after = await counts(app.store)
        assert after["people"] == before["people"] + 1
        vouchers = await app.store.fetch_all(
            "SELECT code, redeemed_at IS NOT NULL FROM vouchers ORDER BY code")
        assert vouchers == [("AAAA-BBBB-CCCC", True), ("DDDD-EEEE-FFFF", False)]
        await seed.completion(app, "n", kecamatan="blado", persons=2)  # ids continue
        assert (await counts(app.store))["completions"] == 6
        async with app.store.transaction() as tx:  # counters go on right after the copy
            assert await tx.stats.recount() == []
    finally:
        await app.close()


def test_translation_keeps_sqlite_meanings() -> None:
    sql, params = translate(
        "UPDATE outbox SET status = ?2 WHERE id = ?1 AND payload LIKE '%x?'", (7, "sent"))
    assert params == ("sent", 7)  # numbered placeholders become positional, in order
    assert "'%%x?'" in sql and sql.count("%s") == 2  # literals are not placeholders
    assert translate("INSERT OR IGNORE INTO kv (key, value) VALUES (?, ?)")[0].endswith(
        "ON CONFLICT DO NOTHING")
    assert "CAST(" in translate("SELECT sum(blocked_at IS NOT NULL) FROM people")[0]
    assert "WHERE TRUE" in translate("SELECT 1 FROM people p WHERE 1")[0]
