"""StatsStore: the tutorial funnel, completions per day, the audit log (events by kind)."""

from __future__ import annotations

from datetime import datetime, timedelta

from contract.conftest import Transaction, later
from conversations.core.ports import Stores


async def walk(tx: Stores, user: str, top: int, now: datetime, *, done: bool = False) -> None:
    """A resident who opened the tutorial and got as far as step `top`."""
    await tx.add_event("telegram", user, "tutorial_start", now)
    for index in range(top + 1):
        await tx.add_event("telegram", user, "tutorial_step", now, f"s{index}", index)
    if done:
        await tx.add_event("telegram", user, "tutorial_done", now)


async def test_the_funnel_shows_how_far_residents_got_and_where_they_stopped(
    store: Transaction, now: datetime
) -> None:
    async with store() as tx:
        assert await tx.stats.funnel() == {"started": 0, "tops": {}, "tutorial_done": 0}
        await walk(tx, "1", 2, now)  # stopped at the third step
        await walk(tx, "2", 3, now, done=True)
        await walk(tx, "3", 1, now)  # went to fill in the form and reported it
        await tx.completions.completion_add(
            kk_hash="h3", kk_mask="•••• 0003", in_region=True, persons=2, kecamatan="blado",
            channel="telegram", user_id="3", proof_kind=None, proof_file_id=None,
            day=now.date(), now=now)
        await walk(tx, "4", 2, now)
        await walk(tx, "1", 2, later())  # opened again, no further: one resident still
    async with store() as tx:
        funnel = await tx.stats.funnel()
    assert funnel["started"] == 4
    assert funnel["tutorial_done"] == 1
    # step index -> (residents whose furthest step it is, of whom stopped there)
    assert funnel["tops"] == {1: (1, 0), 2: (2, 2), 3: (1, 0)}


async def test_completions_by_day_oldest_first(store: Transaction, now: datetime) -> None:
    next_day = now + timedelta(days=1)
    async with store() as tx:
        assert await tx.stats.completions_by_day() == []
        for kk, persons, day in (("h1", 3, next_day), ("h2", 4, now), ("h3", 2, now)):
            added = await tx.completions.completion_add(
                kk_hash=kk, kk_mask="•••• 0001", in_region=True, persons=persons,
                kecamatan="blado", channel="telegram", user_id=kk, proof_kind=None,
                proof_file_id=None, day=day.date(), now=day)
            assert added is not None
            if kk == "h3":
                await tx.tutors.completion_credit(added, tutor_id=None, event_id=None,
                                                  assisted=True, own_household=False)
    async with store() as tx:
        assert await tx.stats.completions_by_day() == [
            (now.date().isoformat(), 2, 6, 1), (next_day.date().isoformat(), 1, 3, 0)]


async def test_the_audit_log_is_the_events_of_the_kinds_asked_newest_first(
    store: Transaction, now: datetime
) -> None:
    kinds = ("broadcast_start", "handoff_answered")
    async with store() as tx:
        await tx.add_event("telegram", "900", "broadcast_start", now, "#1")
        await tx.add_event("telegram", "1", "menu_open", later(1))  # a resident: not audited
        await tx.add_event("telegram", "800", "handoff_answered", later(2), "#7")
    async with store() as tx:
        log = await tx.stats.audit(kinds)
        assert [(e["kind"], e["user_id"], e["detail"]) for e in log] == [
            ("handoff_answered", "800", "#7"), ("broadcast_start", "900", "#1")]
        assert log[0]["channel"] == "telegram"
        assert str(log[0]["at"]) > str(log[1]["at"])
        assert [e["kind"] for e in await tx.stats.audit(kinds, limit=1)] == ["handoff_answered"]
        assert await tx.stats.audit(("voucher_redeemed",)) == []
