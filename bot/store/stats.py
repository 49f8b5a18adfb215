"""Queries for the admins' statistics and exports (part of `Tx`).

The figures come from the tallies that triggers keep in the same transaction as the write
that changes them (migration 0020_tallies.sql): a few hundred rows whatever the campaign's
size, never a scan of the history. A tally may hold several rows per key (PostgreSQL's are
append-only between compactions), so every reader sums per key. `recount` rebuilds them
from the raw rows and says whether they agreed (`tutor-sensus stats --recount`).

Counts come from rows that survive /hapus_data: events are pseudonymised (the same pseudonym
for all of a person's events, so "distinct people" stays right), completions are detached
(their counts stay). A resident's kecamatan is the last one they chose in the tutorial
(a 'kecamatan' event), else their profile's. No query returns a resident's chat id; the
visit list (desa, RT/RW, phone) is for admins only, for the field stage. Exports are read in
batches (`_stream`), so a table of any size never sits in memory whole.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any

from bot.store.statements import Repository

# The tallies and their keys, compared by `recount` (value columns: the rest).
TALLIES: dict[str, tuple[str, ...]] = {
    "tally_started": ("channel", "kecamatan"),
    "tally_funnel": ("top_step", "started", "done", "completed"),
    "tally_referred": ("tutor_id", "event_id", "started", "done"),
    "tally_completions": ("kecamatan", "in_region", "channel", "assisted"),
    "tally_days": ("day", "assisted"),
    "tally_credits": ("tutor_id", "event_id", "own_household", "assisted"),
    "tally_totals": ("name", "channel"),
}
TALLY_VALUES: dict[str, tuple[str, ...]] = {
    table: ("households", "persons") if table in ("tally_completions", "tally_days",
                                                  "tally_credits") else ("n",)
    for table in TALLIES
}
BATCH = 2000  # export rows per batch
# The raw rows whose triggers change the tallies (0020_tallies*.sql), and the advisory lock
# the tallies' folding holds (bot/store/pg_tallies.py).
RECOUNT_SOURCES = ("events", "referrals", "people", "completions", "vouchers",
                   "visit_requests", "opt_outs")
TALLIES_LOCK = "tutor-sensus:tallies"


def recount_statements() -> list[str]:
    """The statements that fill the tallies from the raw rows: the part of the migration
    between its "recount" marks, so the migration's first count and every recount are the
    same SQL."""
    text = resources.files("bot.store").joinpath("migrations", "0020_tallies.sql").read_text(
        encoding="utf-8")
    body = text.split("-- recount: begin", 1)[1].split("-- recount: end", 1)[0]
    body = re.sub(r"--[^\n]*", "", body)
    return [s.strip() for s in body.split(";") if s.strip()]


Sums = dict[str, dict[tuple[Any, ...], tuple[int, ...]]]


def sums_sql(table: str, schema: str = "") -> str:
    """A tally's rows that count something, summed per key (`tallies`)."""
    keys = ", ".join(TALLIES[table])
    values = ", ".join(f"sum({v})" for v in TALLY_VALUES[table])
    return f"SELECT {keys}, {values} FROM {schema}{table} GROUP BY {keys}"


def sums_of(table: str, rows: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], tuple[int, ...]]:
    width = len(TALLIES[table])
    return {tuple(r[:width]): tuple(int(v) for v in r[width:])
            for r in rows if any(int(v) for v in r[width:])}


def compare(kept: Sums, counted: Sums) -> list[str]:
    """How the kept tallies differ from the recounted ones (nothing: they agree)."""
    differences = []
    for table in TALLIES:
        before, after = kept[table], counted[table]
        for key in sorted(before.keys() | after.keys(), key=repr):
            if before.get(key) != after.get(key):
                differences.append(f"{table} {key}: kept {before.get(key)},"
                                   f" recounted {after.get(key)}")
    return differences


class StatsQueries(Repository):
    async def _totals(self, name: str) -> dict[str, int]:
        rows = await self._all(
            "SELECT channel, sum(n) FROM tally_totals WHERE name = ? GROUP BY channel", (name,))
        return {r[0]: int(r[1]) for r in rows if int(r[1])}

    async def started_by_kecamatan(self) -> dict[str | None, int]:
        """Residents who started the tutorial, by kecamatan (None: not said)."""
        rows = await self._all(
            "SELECT kecamatan, sum(n) FROM tally_started GROUP BY kecamatan")
        return {(r[0] or None): int(r[1]) for r in rows if int(r[1] or 0)}

    async def people_by_channel(self) -> dict[str, dict[str, int]]:
        """Per channel: people who wrote to the bot, who started the tutorial, opted out,
        blocked the bot."""
        out: dict[str, dict[str, int]] = {}
        for channel, people in (await self._totals("people")).items():
            out.setdefault(channel, {}).update(people=people, blocked=0)
        for channel, blocked in (await self._totals("blocked")).items():
            out.setdefault(channel, {})["blocked"] = blocked
        for channel, started in await self._all(
            "SELECT channel, sum(n) FROM tally_started GROUP BY channel HAVING sum(n) != 0"
        ):
            out.setdefault(channel, {})["started"] = int(started)
        for channel, opted in (await self._totals("opted_out")).items():
            out.setdefault(channel, {})["opted_out"] = opted
        return out

    async def completions_by_kecamatan(self) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT kecamatan, in_region, sum(households), sum(persons),"
            " sum(CASE WHEN assisted = 1 THEN households ELSE 0 END),"
            " sum(CASE WHEN assisted = 1 THEN persons ELSE 0 END) FROM tally_completions"
            " GROUP BY kecamatan, in_region HAVING sum(households) != 0"
        )
        keys = ("kecamatan", "in_region", "households", "persons", "assisted",
                "assisted_persons")
        return [dict(zip(keys, (r[0] or None, bool(r[1]), *(int(v or 0) for v in r[2:])),
                         strict=True)) for r in rows]

    async def completions_by_channel(self) -> dict[str, tuple[int, int]]:
        rows = await self._all(
            "SELECT channel, sum(households), sum(persons) FROM tally_completions"
            " GROUP BY channel HAVING sum(households) != 0"
        )
        return {r[0]: (int(r[1]), int(r[2] or 0)) for r in rows}

    async def completions_by_day(self) -> list[tuple[str, int, int, int]]:
        """(day, households, persons, of which assisted households), oldest first."""
        rows = await self._all(
            "SELECT day, sum(households), sum(persons),"
            " sum(CASE WHEN assisted = 1 THEN households ELSE 0 END) FROM tally_days"
            " GROUP BY day HAVING sum(households) != 0 ORDER BY day"
        )
        return [(r[0], int(r[1]), int(r[2] or 0), int(r[3] or 0)) for r in rows]

    async def funnel(self) -> dict[str, Any]:
        """The tutorial: residents who started; per step index, how many got at least that
        far and how many stopped there (went no further, did not finish the tutorial and did
        not report a completion); who finished it."""
        started = done = 0
        tops: dict[int, tuple[int, int]] = {}
        for top, was_started, was_done, completed, n in await self._all(
            "SELECT top_step, started, done, completed, n FROM tally_funnel WHERE n != 0"
        ):
            n = int(n)
            started += n if was_started else 0
            done += n if was_done else 0
            if int(top) >= 0:
                count, stopped = tops.get(int(top), (0, 0))
                tops[int(top)] = (count + n,
                                  stopped + (n if not was_done and not completed else 0))
        return {"started": started, "tops": {top: counts for top, counts in sorted(tops.items())
                                             if counts[0]},
                "tutorial_done": done}

    async def voucher_counts(self) -> dict[str, int]:
        issued = sum((await self._totals("vouchers")).values())
        redeemed = sum((await self._totals("redeemed")).values())
        return {"issued": issued, "redeemed": redeemed}

    async def stock_rows(self) -> list[tuple[str, int, int]]:
        """(souvenir, total, taken)."""
        rows = await self._all("SELECT souvenir, total, taken FROM stock ORDER BY souvenir")
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    async def visit_count(self) -> int:
        return sum((await self._totals("visits")).values())

    async def audit(self, kinds: tuple[str, ...], limit: int | None = None
                    ) -> list[dict[str, Any]]:
        """Admin and staff actions, newest first: they are events (who, when, what), so
        the log needs no table of its own and stays in the database like the funnel."""
        marks = ", ".join("?" for _ in kinds)
        rows = await self._all(
            f"SELECT id, at, channel, user_id, kind, detail FROM events WHERE kind IN ({marks})"
            " ORDER BY id DESC LIMIT ?",
            (*kinds, -1 if limit is None else limit),
        )
        keys = ("id", "at", "channel", "user_id", "kind", "detail")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # --- recount -------------------------------------------------------------------------------
    async def tallies(self) -> Sums:
        """Every tally's rows that count something: key -> values."""
        return {table: sums_of(table, await self._all(sums_sql(table))) for table in TALLIES}

    async def recount(self) -> list[str]:
        """Rebuild every tally from the raw rows (events, completions, people, referrals,
        vouchers, visit requests, opt-outs); returns how the kept ones differed (nothing:
        they agreed). Runs in the caller's write transaction.

        While the bot runs: first no other transaction may write the raw rows or the
        tallies until this one commits (`write_alone`; on PostgreSQL the workers' updates
        wait meanwhile, and the tallies' folding, which holds the same advisory lock, skips
        its turn), so the counts kept, the raw rows and the new counts are of one moment."""
        await self._tx.write_alone((*RECOUNT_SOURCES, "report_people", *TALLIES),
                                   advisory=TALLIES_LOCK)
        before = await self.tallies()
        await self._write("DELETE FROM report_people")
        for table in TALLIES:
            await self._write(f"DELETE FROM {table}")
        for statement in recount_statements():
            await self._write(statement)
        return compare(before, await self.tallies())

    # --- exports (read in batches: a table of any size is never in memory whole) ---------------
    async def export_completions(self) -> AsyncIterator[list[dict[str, Any]]]:
        """Every completion: the KK only as its mask, assisted and own-household flags, who
        it counts for; never a chat id."""
        keys = ("id", "day", "created_at", "kecamatan", "in_region", "kk_mask", "persons",
                "channel", "assisted", "own_household", "tutor_code", "event", "proof",
                "voucher", "redeemed")
        async for rows in self._stream(
            "SELECT c.id, c.day, c.created_at, c.kecamatan, c.in_region, c.kk_mask, c.persons,"
            " c.channel, c.assisted, c.own_household, t.code, e.name,"
            " c.proof_kind IS NOT NULL OR c.proof_path IS NOT NULL, v.code IS NOT NULL,"
            " v.redeemed_at IS NOT NULL"
            " FROM completions c LEFT JOIN tutors t ON t.id = c.tutor_id"
            " LEFT JOIN outreach_events e ON e.id = c.event_id"
            " LEFT JOIN vouchers v ON v.completion_id = c.id ORDER BY c.id",
            size=BATCH,
        ):
            yield [dict(zip(keys, r, strict=True)) for r in rows]

    async def export_visits(self) -> AsyncIterator[list[dict[str, Any]]]:
        keys = ("id", "created_at", "kecamatan", "desa", "rt_rw", "contact", "channel")
        async for rows in self._stream(
            "SELECT id, created_at, kecamatan, desa, rt_rw, contact, channel"
            " FROM visit_requests ORDER BY kecamatan, desa, id",
            size=BATCH,
        ):
            yield [dict(zip(keys, r, strict=True)) for r in rows]

    async def export_vouchers(self) -> AsyncIterator[list[dict[str, Any]]]:
        keys = ("code", "souvenir", "issued_at", "expires_on", "redeemed_at", "redeemed_by",
                "kk_mask", "kecamatan", "assisted")
        # in issue order straight from an index (0021): no sort of every voucher first
        async for rows in self._stream(
            "SELECT v.code, v.souvenir, v.issued_at, v.expires_on, v.redeemed_at,"
            " v.redeemed_by, c.kk_mask, c.kecamatan, c.assisted FROM vouchers v"
            " JOIN completions c ON c.id = v.completion_id ORDER BY v.issued_at, v.code",
            size=BATCH,
        ):
            yield [dict(zip(keys, r, strict=True)) for r in rows]

    async def export_audit(self, kinds: tuple[str, ...]) -> AsyncIterator[list[dict[str, Any]]]:
        """The whole audit log (as `audit`), newest first, in batches."""
        marks = ", ".join("?" for _ in kinds)
        keys = ("id", "at", "channel", "user_id", "kind", "detail")
        async for rows in self._stream(
            f"SELECT id, at, channel, user_id, kind, detail FROM events WHERE kind IN ({marks})"
            " ORDER BY id DESC",
            kinds, size=BATCH,
        ):
            yield [dict(zip(keys, r, strict=True)) for r in rows]
