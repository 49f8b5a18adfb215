"""HandoffStore: questions for staff, claimed and answered once."""

from __future__ import annotations

from datetime import datetime

from contract.conftest import Transaction, later


async def test_a_question_is_claimed_by_one_and_answered_once(store: Transaction,
                                                              now: datetime) -> None:
    async with store() as tx:
        first = await tx.handoffs.handoff_add("telegram", "1", lang="id", kecamatan="blado",
                                              question="Apakah bisa diwakilkan?", now=now)
        second = await tx.handoffs.handoff_add("whatsapp", "62", lang="id", kecamatan=None,
                                               question="NIK saya salah", now=later())
        waiting, total = await tx.handoffs.handoffs_waiting()
        assert [w["id"] for w in waiting] == [first, second] and total == 2
        assert await tx.handoffs.handoff_claim(first, "telegram:800", now) is True
        assert await tx.handoffs.handoff_claim(first, "telegram:800", now) is True  # kept
        assert await tx.handoffs.handoff_claim(first, "telegram:801", now) is False
        assert await tx.handoffs.handoff_answer(first, "telegram:801", "x", now) is False
        assert await tx.handoffs.handoff_answer(first, "telegram:800", "Bisa.", later(2))
        assert await tx.handoffs.handoff_answer(first, "telegram:800", "Lagi", later(3)) is False
    async with store() as tx:
        row = await tx.handoffs.handoff_get(first)
        assert row is not None and row["answer"] == "Bisa."
        assert row["question"] == "Apakah bisa diwakilkan?"
        waiting, total = await tx.handoffs.handoffs_waiting(limit=1)
        assert [w["id"] for w in waiting] == [second] and total == 1
        assert await tx.handoffs.handoff_get(second + 100) is None
