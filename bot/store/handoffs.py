"""Queries for the "Tanya petugas" queue (part of `Tx`: they run in the update's transaction).

Claiming and answering are single conditional UPDATEs, so two staff pressing "Jawab" at the
same moment cannot both get the question: exactly one UPDATE changes the row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.store.statements import Repository
from bot.store.timefmt import iso

COLUMNS = (
    "id, channel, user_id, lang, kecamatan, question, status, claimed_by, answer, answered_by,"
    " created_at"
)


def _row(row: Any) -> dict[str, Any]:
    keys = [c.strip() for c in COLUMNS.split(",")]
    return dict(zip(keys, tuple(row), strict=True))


class HandoffQueries(Repository):

    async def handoff_add(
        self, channel: str, user_id: str, *, lang: str, kecamatan: str | None, question: str,
        now: datetime,
    ) -> int:
        return await self._insert(
            "INSERT INTO handoffs (channel, user_id, lang, kecamatan, question, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, user_id, lang, kecamatan, question, iso(now)),
        )

    async def handoff_get(self, handoff_id: int) -> dict[str, Any] | None:
        row = await self._one(f"SELECT {COLUMNS} FROM handoffs WHERE id = ?", (handoff_id,))
        return _row(row) if row else None

    async def handoffs_waiting(self, limit: int = 10) -> tuple[list[dict[str, Any]], int]:
        """The oldest unanswered questions, and how many are waiting in all."""
        rows = await self._all(
            f"SELECT {COLUMNS} FROM handoffs WHERE status != 'answered' ORDER BY id LIMIT ?",
            (limit,),
        )
        total = await self._one("SELECT count(*) FROM handoffs WHERE status != 'answered'")
        return [_row(r) for r in rows], int(total[0] if total else 0)

    async def handoff_claim(self, handoff_id: int, staff: str, now: datetime) -> bool:
        """Take an open question (or keep one you already hold)."""
        return 1 == await self._change(
            "UPDATE handoffs SET status = 'claimed', claimed_by = ?, claimed_at = ?"
            " WHERE id = ? AND (status = 'open' OR (status = 'claimed' AND claimed_by = ?))",
            (staff, iso(now), handoff_id, staff),
        )

    async def handoff_answer(
        self, handoff_id: int, staff: str, answer: str, now: datetime
    ) -> bool:
        """Answer a question that is open or claimed by this staff member, exactly once."""
        return 1 == await self._change(
            "UPDATE handoffs SET status = 'answered', answer = ?, answered_by = ?,"
            " answered_at = ?, claimed_by = coalesce(claimed_by, ?)"
            " WHERE id = ? AND (status = 'open' OR (status = 'claimed' AND claimed_by = ?))",
            (answer, staff, iso(now), staff, handoff_id, staff),
        )
