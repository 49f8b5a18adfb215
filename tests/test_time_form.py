"""Every stored moment has one form (bot/store/timefmt.py), so that comparing and ordering them
as text is comparing and ordering them in time: the bot's own moments (+07:00, the campaign's
zone) and the platforms' (WhatsApp's delivery statuses arrive as Unix times) alike. Runs on
both stores (`--backend postgres`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from conftest import WIB
from test_whatsapp_http import USER, body, post, server, text, whatsapp  # noqa: F401 (fixtures)

from bot.app import App
from bot.store.timefmt import iso, use_zone
from conversations.core.clock import FakeClock
from conversations.core.models import Reply

FORM = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+07:00$")
MOMENT_COLUMN = re.compile(r"^(at|.+_at|first_seen|last_seen|not_before|claimed_until)$")


def test_a_moment_is_stored_in_the_campaigns_offset_whatever_zone_it_came_in() -> None:
    utc = datetime(2020, 3, 2, 3, 0, 1, tzinfo=UTC)
    assert iso(utc) == "2020-03-02T10:00:01.000000+07:00"
    assert iso(utc.astimezone(WIB)) == iso(utc)
    with pytest.raises(ValueError):
        iso(datetime(2020, 3, 2, 10, 0))  # no zone: which moment is it?
    with pytest.raises(ValueError):
        use_zone("Europe/Berlin")  # daylight saving would break the text order


async def _sent_reply(app: App, clock: FakeClock, wamid: str) -> datetime:
    """A reply the bot sent at the clock's moment, as the sender records it."""
    now = clock.now()
    async with app.store.transaction() as tx:
        await tx.enqueue("whatsapp", USER, Reply(text="Halo").model_dump_json(), now)
    [row] = await app.store.outbox_claim("whatsapp", "w1", now, now + timedelta(seconds=30), 5)
    await app.store.outbox_platform_id(row.id, wamid)
    await app.store.outbox_sent(row.id, now)
    return now


async def test_delivery_statuses_sort_in_time_with_the_bots_own_moments(
    server: str, app: App, clock: FakeClock  # noqa: F811
) -> None:
    """Sent at 10:00:00 WIB; WhatsApp says delivered 2 s and read 5 s later (Unix times, so
    03:00:02 and 03:00:05 UTC). Stored in two forms, "delivered" and "read" sorted before
    "sent" and were not "after the reply"."""
    sent = await _sent_reply(app, clock, "wamid.OUT9")
    unix = int(sent.timestamp())
    statuses = [{"id": "wamid.OUT9", "status": status, "timestamp": str(unix + later),
                 "recipient_id": USER} for status, later in (("read", 5), ("delivered", 2))]
    assert await post(server, body(statuses=statuses)) == 200

    history = await app.store.fetch_all(
        "SELECT what FROM (SELECT 'sent' AS what, sent_at AS at FROM outbox"
        " WHERE platform_id = ? UNION ALL SELECT status, at FROM whatsapp_statuses"
        " WHERE wamid = ?) AS h ORDER BY at", ("wamid.OUT9", "wamid.OUT9"))
    assert [what for (what,) in history] == ["sent", "delivered", "read"]
    after = await app.store.fetch_all(
        "SELECT count(*) FROM whatsapp_statuses WHERE at > ? AND at < ?",
        (iso(sent), iso(sent + timedelta(seconds=10))))
    assert after == [(2,)]


async def _moment_columns(app: App, backend: str) -> list[tuple[str, str]]:
    if backend == "postgres":
        sql = ("SELECT table_name, column_name FROM information_schema.columns"
               " WHERE table_schema = current_schema()")
    else:
        sql = ("SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
               " WHERE m.type = 'table'")
    return [(t, c) for t, c in await app.store.fetch_all(sql) if MOMENT_COLUMN.match(c)]


async def test_after_a_whatsapp_conversation_every_stored_moment_has_the_one_form(
    server: str, app: App, clock: FakeClock, backend: str  # noqa: F811
) -> None:
    assert await post(server, body(text("wamid.IN1", "halo"))) == 200
    await app.step()  # the engine answers (people, events, outbox); its send is retried later
    status = {"id": "wamid.OUT1", "status": "delivered", "recipient_id": USER,
              "timestamp": str(int(clock.now().timestamp()) + 1)}
    assert await post(server, body(statuses=[status])) == 200

    columns = await _moment_columns(app, backend)
    assert ("whatsapp_statuses", "at") in columns and ("events", "at") in columns
    seen = 0
    for table, column in columns:
        for (value,) in await app.store.fetch_all(
            f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"
        ):
            if isinstance(value, datetime):  # a timestamptz column holds instants, not text
                continue
            assert FORM.match(value), f"{table}.{column}: {value!r}"
            seen += 1
    assert seen >= 8


@pytest.mark.sqlite  # SQLite's text moments; on PostgreSQL they are timestamptz (no rewrite)
async def test_migration_0018_rewrites_moments_stored_in_another_form(
    app: App, clock: FakeClock
) -> None:
    """Rows written before 0018: a status in UTC, the migration log in SQLite's own form, next
    to a local event. Applying 0018 again (it is what a database from before meets) leaves
    the local rows as they were and moves the others to the same instant at +07:00."""
    local = iso(clock.now())
    async with app.store.transaction() as tx:
        await tx.add_event("whatsapp", USER, "menu_open", clock.now())
        await tx._write(
            "INSERT INTO whatsapp_statuses (wamid, status, user_id, at) VALUES"
            " ('wamid.OLD', 'read', ?, '2020-03-02T03:00:05.123456+00:00')", (USER,))
        await tx._write("UPDATE schema_migrations SET at = '2026-12-03 10:22:31'"
                        " WHERE name = '0001_init.sql'")
        await tx._write("DELETE FROM schema_migrations WHERE name = '0018_one_time_form.sql'")
    assert await app.store.migrate() == ["0018_one_time_form.sql"]

    assert await app.store.fetch_all("SELECT at FROM events") == [(local,)]
    assert await app.store.fetch_all("SELECT at FROM whatsapp_statuses") == [
        ("2020-03-02T10:00:05.123456+07:00",)]
    assert await app.store.fetch_all(
        "SELECT at FROM schema_migrations WHERE name = '0001_init.sql'"
    ) == [("2026-12-03T17:22:31.000000+07:00",)]
    logged = await app.store.fetch_all("SELECT at FROM schema_migrations")
    assert all(FORM.match(at) for (at,) in logged)
