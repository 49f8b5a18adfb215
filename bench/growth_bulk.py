"""The bulk lane and /hapus_data on a grown database (for bench/growth.py).

In this process, on the database file, through the bot's own store and bulk job:

* the reminder scheduler: a nudge after inactivity ("macet-3") scheduled from scratch, as at
  the first start of this version (every resident who stopped days ago is due): the rounds
  it takes, the slowest round (what a resident could wait behind), the total;
* a broadcast to everyone: writing its recipients (once, when the admin confirms), then the
  feeding rounds (one sender batch each; the sender is played by marking the batch sent) and
  the progress counts, early in the broadcast and near its end;
* a broadcast's WhatsApp rounds once the day's templates are used up (only people inside
  their 24-hour window, found from the windows opened in the last day);
* /hapus_data (the person's data deleted) and the tutor's wrong-attempt count, per person.

Each reports milliseconds; none of them may depend on the number of residents per round.
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.services.bulk import Bulk  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.store.timefmt import iso  # noqa: E402
from conversations.core import segments  # noqa: E402
from conversations.core.campaign import Campaign, Reminder, load_campaign  # noqa: E402
from conversations.core.clock import Clock  # noqa: E402
from conversations.core.quiet_hours import QuietHours  # noqa: E402

SAMPLE_ROUNDS = 30


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class _Console:
    name = "console"
    pacing = None


async def _sent(store: Store) -> None:
    """The sender's part: the batch in the outbox went out."""
    async with store.transaction() as tx:
        await tx._write("UPDATE outbox SET status = 'sent', sent_at = not_before, payload = '{}'"
                        " WHERE status = 'pending' AND priority = 10")


async def window_only_rounds(store: Store, campaign: Campaign, clock: Clock) -> str:
    """A broadcast's WhatsApp rounds once the day's templates are used up (the limit 0 here):
    only people inside their 24-hour window may get it, found from the windows opened in
    the last day (migration 0029), not by looking through every pending recipient. The
    windows are the bot's own rows (one per WhatsApp person, moved at each message they
    send): a database built without them gets them from the people's last message, as the
    bot would have written them, and loses them again afterwards."""
    now = clock.now()
    bulk = Bulk(store, campaign, clock, {"whatsapp": _Console()},  # type: ignore[dict-item]
                quiet=QuietHours.parse(""), whatsapp_daily_limit=0)
    async with store.transaction() as tx:
        made = await tx._change(
            "INSERT OR IGNORE INTO whatsapp_window (channel, user_id, last_incoming_at)"
            " SELECT channel, user_id, last_seen FROM people WHERE channel = 'whatsapp'")
        broadcast = await tx.bulk.broadcast_create(
            admin_channel="telegram", admin_chat="1", admin_lang="id", message_key=None,
            text="Info sensus", segment=segments.parse("everyone"), now=now)
    rows = await store.fetch_all(
        "SELECT count(*), sum(last_incoming_at >= ?) FROM whatsapp_window",
        (iso(now - timedelta(hours=24)),))
    windows, open_now = int(rows[0][0]), int(rows[0][1] or 0)
    feed: list[float] = []
    queued = 0
    try:
        for _ in range(SAMPLE_ROUNDS):
            t0 = time.perf_counter()
            queued += await bulk.feed(now)
            feed.append(time.perf_counter() - t0)
            await _sent(store)
    finally:
        async with store.transaction() as tx:  # the bench's own rows: not kept
            for table, column in (("outbox", "broadcast_id"),
                                  ("broadcast_recipients", "broadcast_id"),
                                  ("broadcast_counts", "broadcast_id"), ("broadcasts", "id")):
                await tx._write(f"DELETE FROM {table} WHERE {column} = ?", (broadcast,))
            if made:
                await tx._write("DELETE FROM whatsapp_window")
    # (the first round also marks, once, the recipients on channels not run here)
    return (f"a WhatsApp round {_ms(statistics.median(feed[1:]))} (max {_ms(max(feed[1:]))},"
            f" first {_ms(feed[0])}); {queued:,} queued in {SAMPLE_ROUNDS} rounds;"
            f" {open_now:,} of {windows:,} windows open")


async def measure(path: Path, size: int, only_scheduler: bool = False) -> dict[str, str]:
    campaign = load_campaign()
    clock = Clock(campaign.timezone, today=datetime(2020, 3, 31).date())
    now = clock.now()
    store = await Store.open(path)
    out: dict[str, str] = {}
    try:
        # --- the reminder scheduler, from scratch ---------------------------------------------
        nudge = Reminder(id=f"bench-{time.time_ns()}", message="reminder-stopped",
                         segment="stopped_in_tutorial", after_inactive_days=3)
        bulk = Bulk(store, campaign.model_copy(update={"reminders": [nudge]}), clock,
                    {"telegram": _Console(), "whatsapp": _Console()},  # type: ignore[dict-item]
                    quiet=QuietHours.parse(""))
        rounds: list[float] = []
        waits: list[float] = []  # a resident's write beside the rounds: what it waited
        made = 0
        scheduling = True

        held: list[float] = []  # each of the scheduler's write transactions, lock to commit
        opened = store.transaction

        @asynccontextmanager
        async def timed() -> AsyncIterator[Any]:
            async with opened() as tx:
                t0 = time.perf_counter()
                yield tx
            held.append(time.perf_counter() - t0)

        async def resident() -> None:
            while scheduling:
                t0 = time.perf_counter()
                async with opened() as tx:
                    await tx._write("INSERT INTO kv (key, value) VALUES ('bench-probe', '1')"
                                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                waits.append(time.perf_counter() - t0)
                await asyncio.sleep(0.01)

        probe = asyncio.create_task(resident())
        store.transaction = timed  # type: ignore[method-assign]
        began = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            made += await bulk.schedule(now)
            rounds.append(time.perf_counter() - t0)
            if not getattr(bulk, "_schedule_more", False):
                break
        total = time.perf_counter() - began
        scheduling = False
        del store.transaction
        await probe
        t0 = time.perf_counter()
        await bulk.schedule(now)  # a minute later: nothing new
        again = time.perf_counter() - t0
        out["reminder scheduler"] = (
            f"{made:,} due in {len(rounds)} rounds, {total:.1f} s; a round median"
            f" {_ms(statistics.median(rounds))}, p99 {_ms(_pct(rounds, .99))}, slowest"
            f" {_ms(max(rounds))}; next run {_ms(again)}")
        out["the scheduler's write lock"] = (
            f"held median {_ms(statistics.median(held))}, p99 {_ms(_pct(held, .99))},"
            f" longest {_ms(max(held))} ({len(held)} transactions)")
        out["a resident's write beside it"] = (
            f"median {_ms(statistics.median(waits))}, p99 {_ms(_pct(waits, .99))}, worst"
            f" {_ms(max(waits))} ({len(waits)} writes)")
        async with store.transaction() as tx:  # not to be sent: the bench's own rows
            await tx._write("DELETE FROM reminders WHERE key = ?", (nudge.id,))
            await tx._write("DELETE FROM kv WHERE key IN ('bench-probe', ?)",
                            (f"reminders:{nudge.id}",))
        if only_scheduler:
            return out

        # --- a broadcast to everyone ------------------------------------------------------------
        t0 = time.perf_counter()
        async with store.transaction() as tx:
            broadcast = await tx.bulk.broadcast_create(
                admin_channel="telegram", admin_chat="1", admin_lang="id", message_key=None,
                text="Info sensus", segment=segments.parse("everyone"), now=now)
        created = time.perf_counter() - t0
        feed: list[float] = []
        progress: list[float] = []

        async def rounds_of(n: int) -> None:
            for _ in range(n):
                t0 = time.perf_counter()
                await bulk.feed(now)
                feed.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                async with store.transaction() as tx:
                    await tx.bulk.broadcast_progress(broadcast)
                progress.append(time.perf_counter() - t0)
                await _sent(store)

        await rounds_of(SAMPLE_ROUNDS)
        early = (statistics.median(feed), statistics.median(progress))
        # Near the end: all but the last rounds' recipients already queued and sent.
        async with store.transaction() as tx:
            await tx._write(
                "UPDATE broadcast_recipients SET status = 'opted_out' WHERE broadcast_id = ?"
                " AND status = 'pending' AND rowid NOT IN (SELECT rowid FROM"
                " broadcast_recipients WHERE broadcast_id = ? AND status = 'pending'"
                " ORDER BY rowid DESC LIMIT 3000)", (broadcast, broadcast))
        feed.clear()
        progress.clear()
        await rounds_of(SAMPLE_ROUNDS)
        late = (statistics.median(feed), statistics.median(progress))
        out["broadcast to everyone"] = (
            f"recipients written {created:.1f} s; a round (batch of 100+30) early"
            f" {_ms(early[0])}, late {_ms(late[0])}; progress early {_ms(early[1])},"
            f" late {_ms(late[1])}")
        async with store.transaction() as tx:  # the bench's own rows: not kept
            for table, column in (("outbox", "broadcast_id"),
                                  ("broadcast_recipients", "broadcast_id"),
                                  ("broadcast_counts", "broadcast_id"), ("broadcasts", "id")):
                await tx._write(f"DELETE FROM {table} WHERE {column} = ?", (broadcast,))

        # --- WhatsApp after the day's templates are used up -------------------------------------
        out["broadcast, templates used up"] = await window_only_rounds(store, campaign, clock)

        # --- /hapus_data and the tutor's wrong attempts, per person -----------------------------
        people = await store.fetch_all(
            "SELECT channel, user_id FROM people WHERE rowid % ? = ? LIMIT 20",
            (max(1, size // 20), time.time_ns() % max(1, size // 20)))  # others each run
        forget: list[float] = []
        wrong: list[float] = []
        for channel, user in people:
            t0 = time.perf_counter()
            async with store.transaction() as tx:
                await tx.tutors.tutor_wrong_attempts(channel, user, now - timedelta(hours=1))
            wrong.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            async with store.transaction() as tx:
                await tx.personal.forget_person(channel, user)
            forget.append(time.perf_counter() - t0)
        out["/hapus_data"] = f"{_ms(statistics.median(forget))} (max {_ms(max(forget))})"
        out["tutor wrong attempts"] = _ms(statistics.median(wrong))
    finally:
        await store.close()
    return out


def main() -> None:
    """Only this file's figures, on a database built by bench/growth_data.py (a copy is
    safest: the rounds delete what they add, /hapus_data deletes 20 people)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("database", type=Path)
    parser.add_argument("--only-window", action="store_true",
                        help="only the WhatsApp rounds after the templates are used up")
    parser.add_argument("--only-scheduler", action="store_true",
                        help="only the reminder scheduler from scratch (and a resident's"
                        " writes beside it)")
    args = parser.parse_args()
    if args.only_window:
        async def window() -> dict[str, str]:
            campaign = load_campaign()
            clock = Clock(campaign.timezone, today=datetime(2020, 3, 31).date())
            store = await Store.open(args.database)
            try:
                return {"broadcast, templates used up":
                        await window_only_rounds(store, campaign, clock)}
            finally:
                await store.close()
        figures = asyncio.run(window())
    else:
        size = int(sqlite3.connect(args.database).execute(
            "SELECT count(*) FROM people").fetchone()[0])
        figures = asyncio.run(measure(args.database, size, args.only_scheduler))
    for key, value in figures.items():
        print(f"  {key:<30} {value}")


if __name__ == "__main__":
    main()
