"""Every query the admins' reports, exports and health checks send is planned by SQLite
without a scan that grows with the history: no full scan of a large table (events, outbox,
inbox, people...) where an index can serve, no scan nested inside another loop (quadratic),
no index SQLite has to build on every call. The queries are captured as they run (the real
store, a real SQLite file), so a new report query is checked without being listed here."""

from __future__ import annotations

import re
import sqlite3

import aiohttp
import pytest
import seed

from bot.app import App
from bot.channels.http import build_http_app, start_http
from bot.store.stats import recount_statements
from conversations.core.campaign import load_campaign
from conversations.reporting import exports, stats

pytestmark = pytest.mark.sqlite  # SQLite's own query planner (EXPLAIN QUERY PLAN)

CAMPAIGN = load_campaign()
# Tables that grow with every message or event: never read whole by a report, not even
# through an index (their history is what must not cost anything).
HISTORY = {"events", "outbox", "inbox", "broadcast_recipients", "reminders",
           "whatsapp_statuses"}
# Tables with a row per person, household or request: read whole only where that is the
# answer itself (a count per channel, the table's own export), and then through an index
# where one covers the columns; the small ones (tutors, stock, outreach_events) may be read.
LARGE = HISTORY | {"people", "referrals", "completions", "vouchers", "visit_requests",
                   "handoffs", "opt_outs", "report_people"}
WHOLE = {"completions", "vouchers", "visit_requests", "people"}


def _aliases(sql: str) -> dict[str, str]:
    """alias (or table name) -> table, for the large tables a statement names."""
    out: dict[str, str] = {}
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql,
                                   flags=re.IGNORECASE):
        if table in LARGE:
            out[table] = table
            if alias and alias.upper() not in {"WHERE", "GROUP", "ORDER", "JOIN", "LEFT",
                                                "ON", "LIMIT", "UNION", "INNER"}:
                out[alias] = table
    return out


def problems(db: sqlite3.Connection, sql: str) -> list[str]:
    plan = db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    aliases = _aliases(sql)
    found = []
    loops: dict[int, int] = {}  # parent -> loops seen at that level
    for node, parent, _, detail in plan:
        if detail.startswith(("SCAN", "SEARCH")):
            loops[parent] = loops.get(parent, 0) + 1
        if "AUTOMATIC" in detail:
            found.append(f"an index built on every call: {detail}")
        match = re.match(r"SCAN (\w+)", detail)
        if not match:
            continue
        name = match.group(1)
        indexed = " INDEX " in detail
        if loops[parent] > 1 and not indexed:
            found.append(f"a scan inside another loop (quadratic): {detail}")
        table = aliases.get(name)
        if table in HISTORY:
            found.append(f"a scan of all of {table}: {detail}")
        elif table and not indexed and table not in WHOLE:
            found.append(f"a scan of all of {table}: {detail}")
        del node
    return found


async def _traced(app: App) -> list[str]:
    """Seed a little of everything, then run every report with SQL tracing on."""
    for n in range(3):
        await seed.person(app, f"r{n}", kecamatan="blado", step=n, done=n == 2)
    tutor_id = await seed.tutor(app, "t1", nip="198001012005011001", name="Ani")
    await seed.completion(app, "r2", tutor_id=tutor_id, voucher="K7QM-4TXR-9")
    statements: list[str] = []
    await app.store._conn.set_trace_callback(statements.append)
    try:
        async with app.store.transaction() as tx:
            await stats.gather(tx, CAMPAIGN, app.clock.today())
            for table in await exports.tables(tx, exports.resolve("all"), CAMPAIGN,
                                              app.clock.today()):
                assert [row async for rows in table.batches() for row in rows] or (
                    table.name in ("visits", "audit"))  # (the rest has seeded rows)
            await tx.stats.audit(exports.AUDIT_KINDS, 25)
        http = build_http_app(app)
        runner = await start_http(http, "127.0.0.1", 0)
        try:
            port = runner.addresses[0][1]
            async with aiohttp.ClientSession() as client:
                for path in ("/healthz", "/metrics"):
                    async with client.get(f"http://127.0.0.1:{port}{path}") as resp:
                        assert resp.status == 200
        finally:
            await runner.cleanup()
    finally:
        await app.store._conn.set_trace_callback(None)
    return [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


async def test_every_report_query_is_planned_on_indexes(app: App) -> None:
    statements = await _traced(app)
    assert any("tally_funnel" in s for s in statements)  # the funnel was among them
    assert any("FROM completions" in s for s in statements)  # and the exports
    assert any("FROM outbox" in s for s in statements)  # and the health check
    db = sqlite3.connect(app.store.path)
    try:
        bad = {s: found for s in dict.fromkeys(statements) if (found := problems(db, s))}
    finally:
        db.close()
    assert not bad, "\n\n".join(f"{s}\n  " + "\n  ".join(f) for s, f in bad.items())


@pytest.mark.parametrize(("sql", "expected"), [
    # the funnel before issue 14: a materialised DISTINCT list scanned for every resident
    ("WITH reach AS (SELECT channel, user_id, max(step_index) AS top FROM events"
     " WHERE kind = 'tutorial_step' GROUP BY channel, user_id),"
     " done AS (SELECT DISTINCT channel, user_id FROM events WHERE kind = 'tutorial_done')"
     " SELECT r.top, count(*) FROM reach r LEFT JOIN done d"
     " ON d.channel = r.channel AND d.user_id = r.user_id GROUP BY r.top",
     "quadratic"),
    # /healthz before issue 14: every outbox row ever sent
    ("SELECT status, count(*) FROM outbox GROUP BY status", "all of outbox"),
])
async def test_the_check_catches_the_old_plans(app: App, sql: str, expected: str) -> None:
    db = sqlite3.connect(app.store.path)
    try:
        assert any(expected in p for p in problems(db, sql))
    finally:
        db.close()


async def test_the_recount_reads_the_history_once_never_per_row(app: App) -> None:
    """`stats --recount` reads every counted row (that is its job) but never a scan inside
    another loop, nor an index built on every call: linear in the history."""
    db = sqlite3.connect(app.store.path)
    try:
        bad = {s: found for s in recount_statements()
               if (found := [p for p in problems(db, s)
                             if "quadratic" in p or "every call" in p])}
    finally:
        db.close()
    assert len(recount_statements()) >= 10
    assert not bad, "\n\n".join(f"{s}\n  " + "\n  ".join(f) for s, f in bad.items())
