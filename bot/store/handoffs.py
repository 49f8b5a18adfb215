"""Queries for the "Tanya petugas" queue (part of `Tx`: they run in the update's transaction).

Claiming and answering are single conditional UPDATEs, so two staff pressing "Jawab" at the
same moment cannot both get the question: exactly one UPDATE changes the row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.timefmt import iso

COLUMNS = (
    "id, channel, user_id, lang, kecamatan, question, status, claimed_by, answer, answered_by,"
    " created_at"
)


def _row(row: Any) -> dict[str, Any]:
    keys = [c.strip() for c in COLUMNS.split(",")]
    return dict(zip(keys, tuple(row), strict=True))


class HandoffQueries:
    _conn: aiosqlite.Connection

    async def handoff_add(
        self, channel: str, user_id: str, *, lang: str, kecamatan: str | None, question: str,
        now: datetime,
    ) -> int:
        cur = await self._conn.execute(
            "INSERT INTO handoffs (channel, user_id, lang, kecamatan, question, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, user_id, lang, kecamatan, question, iso(now)),
        )
        return int(cur.lastrowid or 0)

    async def handoff_get(self, handoff_id: int) -> dict[str, Any] | None:
        async with self._conn.execute(
            f"SELECT {COLUMNS} FROM handoffs WHERE id = ?", (handoff_id,)
        ) as cur:
            row = await cur.fetchone()
        return _row(row) if row else None

    async def handoffs_waiting(self, limit: int = 10) -> tuple[list[dict[str, Any]], int]:
        """The oldest unanswered questions, and how many are waiting in all."""
        async with self._conn.execute(
            f"SELECT {COLUMNS} FROM handoffs WHERE status != 'answered' ORDER BY id LIMIT ?",
            (limit,),
        ) as cur:
            rows = [_row(r) for r in await cur.fetchall()]
        async with self._conn.execute(
            "SELECT count(*) FROM handoffs WHERE status != 'answered'"
        ) as cur:
            total = (await cur.fetchone() or (0,))[0]
        return rows, int(total)

    async def handoff_claim(self, handoff_id: int, staff: str, now: datetime) -> bool:
        """Take an open question (or keep one you already hold)."""
        cur = await self._conn.execute(
            "UPDATE handoffs SET status = 'claimed', claimed_by = ?, claimed_at = ?"
            " WHERE id = ? AND (status = 'open' OR (status = 'claimed' AND claimed_by = ?))",
            (staff, iso(now), handoff_id, staff),
        )
        return cur.rowcount == 1

    async def handoff_answer(
        self, handoff_id: int, staff: str, answer: str, now: datetime
    ) -> bool:
        """Answer a question that is open or claimed by this staff member, exactly once."""
        cur = await self._conn.execute(
            "UPDATE handoffs SET status = 'answered', answer = ?, answered_by = ?,"
            " answered_at = ?, claimed_by = coalesce(claimed_by, ?)"
            " WHERE id = ? AND (status = 'open' OR (status = 'claimed' AND claimed_by = ?))",
            (answer, staff, iso(now), staff, handoff_id, staff),
        )
        return cur.rowcount == 1
