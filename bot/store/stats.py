"""Queries for the admins' statistics and exports (part of `Tx`).

Counts come from rows that survive /hapus_data: events are pseudonymised (the same pseudonym
for all of a person's events, so "distinct people" stays right), completions are detached
(their counts stay). A resident's kecamatan is the last one they chose in the tutorial
(a 'kecamatan' event), else their profile's. No query returns a resident's chat id; the
visit list (desa, RT/RW, phone) is for admins only, for the field stage.
"""

from __future__ import annotations

from typing import Any

from bot.store.statements import Repository


class StatsQueries(Repository):
    async def started_by_kecamatan(self) -> dict[str | None, int]:
        """Residents who started the tutorial, by kecamatan (None: not said).

        The starters come in index order (events_kind_person) and each one's last kecamatan
        is one index seek (events_person): linear in the residents who started, no sort of
        all events."""
        rows = await self._all(
            "WITH started AS (SELECT DISTINCT channel, user_id FROM events"
            "   WHERE kind = 'tutorial_start')"
            " SELECT coalesce((SELECT e.detail FROM events e WHERE e.channel = s.channel"
            "   AND e.user_id = s.user_id AND e.kind = 'kecamatan' ORDER BY e.id DESC LIMIT 1),"
            "   p.kecamatan), count(*) FROM started s"
            " LEFT JOIN people p ON p.channel = s.channel AND p.user_id = s.user_id"
            " GROUP BY 1"
        )
        return {r[0]: int(r[1]) for r in rows}

    async def people_by_channel(self) -> dict[str, dict[str, int]]:
        """Per channel: people who wrote to the bot, who started the tutorial, opted out."""
        out: dict[str, dict[str, int]] = {}
        # Two index-only reads (the key, and the partial index of blocked people), not a
        # read of every person's state.
        for channel, people in await self._all(
            "SELECT channel, count(*) FROM people GROUP BY 1"
        ):
            out.setdefault(channel, {}).update(people=int(people), blocked=0)
        for channel, blocked in await self._all(
            "SELECT channel, count(*) FROM people WHERE blocked_at IS NOT NULL GROUP BY 1"
        ):
            out.setdefault(channel, {})["blocked"] = int(blocked)
        for channel, started in await self._all(
            "SELECT channel, count(DISTINCT user_id) FROM events WHERE kind = 'tutorial_start'"
            " GROUP BY 1"
        ):
            out.setdefault(channel, {})["started"] = int(started)
        for channel, opted in await self._all(
            "SELECT channel, count(*) FROM opt_outs GROUP BY 1"
        ):
            out.setdefault(channel, {})["opted_out"] = int(opted)
        return out

    async def completions_by_kecamatan(self) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT kecamatan, in_region, count(*), sum(persons), sum(assisted),"
            " sum(CASE WHEN assisted = 1 THEN persons ELSE 0 END) FROM completions"
            " GROUP BY 1, 2"
        )
        keys = ("kecamatan", "in_region", "households", "persons", "assisted",
                "assisted_persons")
        return [dict(zip(keys, (r[0], bool(r[1]), *(int(v or 0) for v in r[2:])),
                         strict=True)) for r in rows]

    async def completions_by_channel(self) -> dict[str, tuple[int, int]]:
        rows = await self._all(
            "SELECT channel, count(*), sum(persons) FROM completions GROUP BY 1"
        )
        return {r[0]: (int(r[1]), int(r[2] or 0)) for r in rows}

    async def completions_by_day(self) -> list[tuple[str, int, int, int]]:
        """(day, households, persons, of which assisted households), oldest first."""
        rows = await self._all(
            "SELECT day, count(*), sum(persons), sum(assisted) FROM completions"
            " GROUP BY day ORDER BY day"
        )
        return [(r[0], int(r[1]), int(r[2] or 0), int(r[3] or 0)) for r in rows]

    async def funnel(self) -> dict[str, Any]:
        """The tutorial: residents who started; per step index, how many got at least that
        far and how many stopped there (went no further, did not finish the tutorial and did
        not report a completion); who finished it."""
        started = await self._one(
            "SELECT count(*) FROM (SELECT DISTINCT channel, user_id FROM events"
            " WHERE kind = 'tutorial_start')"
        )
        # Each resident who reached a step is checked by two index seeks (NOT EXISTS):
        # linear. (Joining against DISTINCT lists, which have no index, was quadratic.)
        rows = await self._all(
            "WITH reach AS (SELECT channel, user_id, max(step_index) AS top FROM events"
            "   WHERE kind = 'tutorial_step' GROUP BY channel, user_id)"
            " SELECT r.top, count(*), sum("
            "   NOT EXISTS (SELECT 1 FROM events d WHERE d.channel = r.channel"
            "     AND d.user_id = r.user_id AND d.kind = 'tutorial_done')"
            "   AND NOT EXISTS (SELECT 1 FROM completions f WHERE f.channel = r.channel"
            "     AND f.user_id = r.user_id AND f.assisted = 0))"
            " FROM reach r GROUP BY r.top ORDER BY r.top"
        )
        done = await self._one(
            "SELECT count(*) FROM (SELECT DISTINCT channel, user_id FROM events"
            " WHERE kind = 'tutorial_done')"
        )
        tops = {int(r[0]): (int(r[1]), int(r[2] or 0)) for r in rows if r[0] is not None}
        return {"started": int(started[0]) if started else 0, "tops": tops,
                "tutorial_done": int(done[0]) if done else 0}

    async def voucher_counts(self) -> dict[str, int]:
        row = await self._one(
            "SELECT count(*), sum(redeemed_at IS NOT NULL) FROM vouchers"
        )
        issued, redeemed = (int(row[0]), int(row[1] or 0)) if row else (0, 0)
        return {"issued": issued, "redeemed": redeemed}

    async def stock_rows(self) -> list[tuple[str, int, int]]:
        """(souvenir, total, taken)."""
        rows = await self._all("SELECT souvenir, total, taken FROM stock ORDER BY souvenir")
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    async def visit_count(self) -> int:
        row = await self._one("SELECT count(*) FROM visit_requests")
        return int(row[0]) if row else 0

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

    # --- exports ------------------------------------------------------------------------------
    async def export_completions(self) -> list[dict[str, Any]]:
        """Every completion: the KK only as its mask, assisted and own-household flags, who
        it counts for; never a chat id."""
        rows = await self._all(
            "SELECT c.id, c.day, c.created_at, c.kecamatan, c.in_region, c.kk_mask, c.persons,"
            " c.channel, c.assisted, c.own_household, t.code, e.name,"
            " c.proof_kind IS NOT NULL OR c.proof_path IS NOT NULL, v.code IS NOT NULL,"
            " v.redeemed_at IS NOT NULL"
            " FROM completions c LEFT JOIN tutors t ON t.id = c.tutor_id"
            " LEFT JOIN outreach_events e ON e.id = c.event_id"
            " LEFT JOIN vouchers v ON v.completion_id = c.id ORDER BY c.id"
        )
        keys = ("id", "day", "created_at", "kecamatan", "in_region", "kk_mask", "persons",
                "channel", "assisted", "own_household", "tutor_code", "event", "proof",
                "voucher", "redeemed")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    async def export_visits(self) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT id, created_at, kecamatan, desa, rt_rw, contact, channel"
            " FROM visit_requests ORDER BY kecamatan, desa, id"
        )
        keys = ("id", "created_at", "kecamatan", "desa", "rt_rw", "contact", "channel")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    async def export_vouchers(self) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT v.code, v.souvenir, v.issued_at, v.expires_on, v.redeemed_at,"
            " v.redeemed_by, c.kk_mask, c.kecamatan, c.assisted FROM vouchers v"
            " JOIN completions c ON c.id = v.completion_id ORDER BY v.issued_at"
        )
        keys = ("code", "souvenir", "issued_at", "expires_on", "redeemed_at", "redeemed_by",
                "kk_mask", "kecamatan", "assisted")
        return [dict(zip(keys, r, strict=True)) for r in rows]
