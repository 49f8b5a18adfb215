"""Queries for the web dashboard (part of `Tx`): sign-in links, sessions, the visit list and
its states, the voucher days and a filtered audit log.

Sign-in tokens and session ids are stored only as their SHA-256 (the callers hash them), so
a copy of the database cannot sign anyone in. Using a link is one conditional UPDATE: two
clicks on the same link at the same moment give one session.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from bot.store.bulk import BulkQueries
from bot.store.statements import Repository
from bot.store.timefmt import iso

STALE_AFTER = timedelta(days=1)
SESSION_ROWS_KEPT = timedelta(days=2)  # far beyond any idle timeout (at most a day)
VISIT_STATES = ("baru", "dijadwalkan", "dikunjungi", "tidak_ditemui")
# Where a request may go from each state (an officer may also correct a mistaken mark).
VISIT_MOVES = {
    "baru": ("dijadwalkan", "dikunjungi", "tidak_ditemui"),
    "dijadwalkan": ("baru", "dikunjungi", "tidak_ditemui"),
    "dikunjungi": ("dijadwalkan",),
    "tidak_ditemui": ("dijadwalkan", "dikunjungi"),
}
VISIT_COLUMNS = ("id", "created_at", "kecamatan", "desa", "rt_rw", "contact", "channel",
                 "user_id", "state", "state_by", "state_at")


class WebQueries(Repository):
    # --- sign-in links and sessions ------------------------------------------------------------
    async def web_link_add(self, token_hash: str, channel: str, user_id: str, role: int,
                           lang: str, now: datetime, expires: datetime) -> None:
        # Old links and sessions are of no use to anyone: cleared as new ones are made (a
        # day after they expired, so the "already used" answer stays right meanwhile).
        await self._write("DELETE FROM web_links WHERE expires_at < ?",
                          (iso(now - STALE_AFTER),))
        await self._write(
            "DELETE FROM web_sessions WHERE seen_at < ? OR ended_at < ?",
            (iso(now - SESSION_ROWS_KEPT), iso(now - STALE_AFTER)),
        )
        await self._write(
            "INSERT INTO web_links (token_hash, channel, user_id, role, lang, created_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (token_hash, channel, user_id, role, lang, iso(now), iso(expires)),
        )

    async def web_link_use(self, token_hash: str, now: datetime) -> dict[str, Any] | None:
        """Mark the link used and return whose it is; None when it is unknown, used or
        expired (exactly one of several simultaneous uses gets the row)."""
        row = await self._one(
            "UPDATE web_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
            " AND expires_at > ? RETURNING channel, user_id, role, lang",
            (iso(now), token_hash, iso(now)),
        )
        if row is None:
            return None
        return {"channel": row[0], "user_id": row[1], "role": int(row[2]), "lang": row[3]}

    async def web_session_add(self, token_hash: str, channel: str, user_id: str, csrf: str,
                              lang: str, now: datetime) -> None:
        await self._write(
            "INSERT INTO web_sessions (token_hash, channel, user_id, csrf, lang, created_at,"
            " seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (token_hash, channel, user_id, csrf, lang, iso(now), iso(now)),
        )

    async def web_session_touch(self, token_hash: str, now: datetime, idle_since: datetime
                                ) -> dict[str, Any] | None:
        """The live session, its idle clock restarted; None when unknown, ended or idle too
        long (then it is ended for good)."""
        row = await self._one(
            "UPDATE web_sessions SET seen_at = ? WHERE token_hash = ? AND ended_at IS NULL"
            " AND seen_at > ? RETURNING channel, user_id, csrf, lang, notices",
            (iso(now), token_hash, iso(idle_since)),
        )
        if row is None:
            await self._write(
                "UPDATE web_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
                (iso(now), token_hash),
            )
            return None
        return {"channel": row[0], "user_id": row[1], "csrf": row[2], "lang": row[3],
                "notices": row[4] or ""}

    async def web_notices_add(self, token_hash: str, notices: str) -> None:
        """Notices for the session's next page (`bot/web/routes.py`: one JSON string a
        line), appended in one statement: two forms posted at once both keep theirs."""
        await self._write(
            "UPDATE web_sessions SET notices = coalesce(notices, '') || ? WHERE token_hash = ?",
            (notices, token_hash),
        )

    async def web_notices_shown(self, token_hash: str, shown: str) -> None:
        """The notices a page showed are gone; any added since it was read stay."""
        await self._write(
            "UPDATE web_sessions SET notices = nullif(substr(notices, ?), '')"
            " WHERE token_hash = ? AND substr(notices, 1, ?) = ?",
            (len(shown) + 1, token_hash, len(shown), shown),
        )

    async def web_session_end(self, token_hash: str, now: datetime) -> None:
        await self._write(
            "UPDATE web_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
            (iso(now), token_hash),
        )

    async def web_session_lang(self, token_hash: str, lang: str) -> None:
        await self._write("UPDATE web_sessions SET lang = ? WHERE token_hash = ?",
                          (lang, token_hash))

    # --- visit requests -----------------------------------------------------------------------
    async def visits_list(self, *, kecamatan: str | None = None, state: str | None = None,
                          desa: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
        """Visit requests by kecamatan and desa, filtered; the officers' working list."""
        where, params = ["1 = 1"], []
        if kecamatan:
            where.append("kecamatan = ?")
            params.append(kecamatan)
        if state:
            where.append("state = ?")
            params.append(state)
        if desa:
            where.append("desa LIKE ? ESCAPE '\\'")
            escaped = desa.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        rows = await self._all(
            f"SELECT {', '.join(VISIT_COLUMNS)} FROM visit_requests"
            f" WHERE {' AND '.join(where)} ORDER BY kecamatan, desa, id LIMIT ?",
            (*params, limit),
        )
        return [dict(zip(VISIT_COLUMNS, r, strict=True)) for r in rows]

    async def visit_get(self, visit_id: int) -> dict[str, Any] | None:
        row = await self._one(
            f"SELECT {', '.join(VISIT_COLUMNS)} FROM visit_requests WHERE id = ?", (visit_id,)
        )
        return dict(zip(VISIT_COLUMNS, row, strict=True)) if row else None

    async def visit_set_state(self, visit_id: int, old: str, new: str, by: str,
                              now: datetime) -> bool:
        """Move a request from `old` to `new`; False when someone moved it meanwhile."""
        if new not in VISIT_MOVES.get(old, ()):
            return False
        return 1 == await self._change(
            "UPDATE visit_requests SET state = ?, state_by = ?, state_at = ?"
            " WHERE id = ? AND state = ?",
            (new, by, iso(now), visit_id, old),
        )

    async def visit_states(self) -> dict[str, int]:
        rows = await self._all("SELECT state, count(*) FROM visit_requests GROUP BY state")
        return {r[0]: int(r[1]) for r in rows}

    # --- vouchers per day ---------------------------------------------------------------------
    async def vouchers_by_day(self) -> list[tuple[str, int, int]]:
        """(day, issued, redeemed) for every day with either, oldest first (the day as the
        stored moment's date, which is in the campaign's time zone)."""
        rows = await self._all(
            "SELECT day, sum(issued), sum(redeemed) FROM ("
            " SELECT substr(issued_at, 1, 10) AS day, 1 AS issued, 0 AS redeemed FROM vouchers"
            " UNION ALL SELECT substr(redeemed_at, 1, 10), 0, 1 FROM vouchers"
            "  WHERE redeemed_at IS NOT NULL)"
            " GROUP BY day ORDER BY day"
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    # --- the tutorial funnel over a period ----------------------------------------------------
    async def funnel_between(self, since: str, until: str) -> dict[str, Any]:
        """Like `funnel`, for residents' tutorial events on days since..until (ISO dates,
        inclusive); with the problem screens opened per step index."""
        # Up to the start of the day after (not `until + "~"`, a text trick: PostgreSQL reads
        # moments as instants, and takes '2020-03-02~' for that day's midnight).
        span = (since, (date.fromisoformat(until) + timedelta(days=1)).isoformat())
        started = await self._one(
            "SELECT count(*) FROM (SELECT DISTINCT channel, user_id FROM events"
            " WHERE kind = 'tutorial_start' AND at >= ? AND at < ?)", span,
        )
        rows = await self._all(
            "WITH reach AS (SELECT channel, user_id, max(step_index) AS top FROM events"
            "   WHERE kind = 'tutorial_step' AND at >= ? AND at < ? GROUP BY channel, user_id),"
            " done AS (SELECT DISTINCT channel, user_id FROM events"
            "   WHERE kind = 'tutorial_done'),"
            " finished AS (SELECT DISTINCT channel, user_id FROM completions"
            "   WHERE user_id IS NOT NULL AND assisted = 0)"
            " SELECT r.top, count(*),"
            " sum(d.user_id IS NULL AND f.user_id IS NULL) FROM reach r"
            " LEFT JOIN done d ON d.channel = r.channel AND d.user_id = r.user_id"
            " LEFT JOIN finished f ON f.channel = r.channel AND f.user_id = r.user_id"
            " GROUP BY r.top ORDER BY r.top", span,
        )
        problems = await self._all(
            "SELECT step_index, detail, count(*) FROM events WHERE kind = 'problem'"
            " AND at >= ? AND at < ? GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2", span,
        )
        tops = {int(r[0]): (int(r[1]), int(r[2] or 0)) for r in rows if r[0] is not None}
        by_step: dict[int, list[tuple[str, int]]] = {}
        for index, problem, count in problems:
            if index is not None:
                by_step.setdefault(int(index), []).append((problem, int(count)))
        return {"started": int(started[0]) if started else 0, "tops": tops,
                "problems": by_step}

    # --- broadcasts ------------------------------------------------------------------------
    async def broadcast_latest(self) -> dict[str, Any] | None:
        row = await self._one("SELECT max(id) FROM broadcasts")
        if row is None or row[0] is None:
            return None
        # The broadcasts' own query, over this same transaction.
        return await BulkQueries(self._tx).broadcast_get(int(row[0]))

    # --- the staff inbox ----------------------------------------------------------------------
    async def handoffs_open(self, limit: int = 50) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT id, channel, user_id, lang, kecamatan, question, status, claimed_by,"
            " created_at FROM handoffs WHERE status != 'answered' ORDER BY id LIMIT ?",
            (limit,),
        )
        keys = ("id", "channel", "user_id", "lang", "kecamatan", "question", "status",
                "claimed_by", "created_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # --- the audit log ------------------------------------------------------------------------
    async def audit_filtered(self, kinds: tuple[str, ...], *, kind: str | None = None,
                             who: str | None = None, day: str | None = None,
                             limit: int = 200) -> list[dict[str, Any]]:
        """The audit events, newest first, by kind, by who ("channel:id") and by day."""
        chosen = tuple(k for k in kinds if kind is None or k == kind)
        if not chosen:
            return []
        where = [f"kind IN ({', '.join('?' for _ in chosen)})"]
        params: list[Any] = list(chosen)
        if who:
            channel, _, user = who.partition(":")
            where.append("channel = ? AND user_id = ?")
            params += [channel, user]
        if day:
            where.append("substr(at, 1, 10) = ?")
            params.append(day)
        rows = await self._all(
            f"SELECT id, at, channel, user_id, kind, detail FROM events"
            f" WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        keys = ("id", "at", "channel", "user_id", "kind", "detail")
        return [dict(zip(keys, r, strict=True)) for r in rows]
