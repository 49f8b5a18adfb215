"""TutorStore's figures: whom a completion is credited to, and what each tutor and event
reached (residents brought, tutorial started and finished, households, assisted ones)."""

from __future__ import annotations

from datetime import datetime, timedelta

from contract.conftest import Transaction
from conversations.core.ports import Stores


async def completion(tx: Stores, kk: str, user: str, persons: int, now: datetime) -> int:
    added = await tx.completions.completion_add(
        kk_hash=kk, kk_mask=f"•••• {kk[-4:]}", in_region=True, persons=persons,
        kecamatan="blado", channel="telegram", user_id=user, proof_kind=None,
        proof_file_id=None, day=now.date(), now=now)
    assert added is not None
    return added


async def test_figures_count_what_each_tutor_and_event_brought(store: Transaction,
                                                              now: datetime) -> None:
    async with store() as tx:
        tutor = await tx.tutors.tutor_add(
            nip="198506122010031002", name="Budi Santoso", opd="Dinas Kesehatan",
            opd_other=None, kecamatan="blado", code="K7QM4T", channel="telegram",
            user_id="7001", now=now)
        idle = await tx.tutors.tutor_add(
            nip="199001012015032001", name="Sri Wahyuni", opd="Dinas Pendidikan",
            opd_other=None, kecamatan="bandar", code="P3XR8W", channel="telegram",
            user_id="7002", now=now)
        assert tutor is not None and idle is not None
        event = await tx.tutors.event_add("Pengisian bersama", "EVT123", now)
        # Residents 1 and 2 came through the tutor, 3 through the event.
        for user, by_tutor in (("1", True), ("2", True), ("3", False)):
            assert await tx.tutors.referral_add(
                "telegram", user, tutor_id=tutor if by_tutor else None,
                event_id=None if by_tutor else event, source="link", now=now)
            await tx.add_event("telegram", user, "tutorial_start", now)
        await tx.add_event("telegram", "1", "tutorial_done", now)
        # The tutor's own household, resident 1's, one the tutor filled in for a household
        # without a phone, and resident 3's (the event's).
        own = await completion(tx, "h-own", "7001", 2, now)
        await tx.tutors.completion_credit(own, tutor_id=tutor, event_id=None, assisted=False,
                                          own_household=True)
        first = await completion(tx, "h-0001", "1", 4, now)
        await tx.tutors.completion_credit(first, tutor_id=tutor, event_id=None,
                                          assisted=False, own_household=False)
        helped = await completion(tx, "h-0002", "7001", 3, now)
        await tx.tutors.completion_credit(helped, tutor_id=tutor, event_id=None,
                                          assisted=True, own_household=False)
        third = await completion(tx, "h-0003", "3", 5, now)
        await tx.tutors.completion_credit(third, tutor_id=None, event_id=event,
                                          assisted=False, own_household=False)
        assert await tx.tutors.tutor_revoke(idle, "telegram:900", now)

    async with store() as tx:
        figures = {f["id"]: f for f in await tx.tutors.tutor_figures()}
        assert set(figures) == {tutor, idle}  # a revoked tutor keeps its line
        mine = figures[tutor]
        assert (mine["name"], mine["code"]) == ("Budi Santoso", "K7QM4T")
        assert {k: mine[k] for k in ("reached", "started", "tutorial_done", "own_household",
                                     "households", "persons", "assisted",
                                     "assisted_persons")} == {
            "reached": 2, "started": 2, "tutorial_done": 1, "own_household": 1,
            "households": 2, "persons": 7, "assisted": 1, "assisted_persons": 3}
        assert (figures[idle]["reached"], figures[idle]["households"]) == (0, 0)
        [outreach] = await tx.tutors.event_figures()
        assert (outreach["id"], outreach["code"]) == (event, "EVT123")
        assert {k: outreach[k] for k in ("reached", "started", "tutorial_done",
                                         "households", "persons", "assisted")} == {
            "reached": 1, "started": 1, "tutorial_done": 0, "households": 1, "persons": 5,
            "assisted": 0}
        assert await tx.tutors.tutor_has_own_household(tutor)
        assert not await tx.tutors.tutor_has_own_household(idle)


async def test_assisted_completions_are_counted_per_tutor_and_day(store: Transaction,
                                                                  now: datetime) -> None:
    tomorrow = now + timedelta(days=1)
    async with store() as tx:
        tutor = await tx.tutors.tutor_add(
            nip="198506122010031002", name="Budi Santoso", opd="Dinas Kesehatan",
            opd_other=None, kecamatan="blado", code="K7QM4T", channel="telegram",
            user_id="7001", now=now)
        assert tutor is not None
        assert await tx.tutors.assisted_on(tutor, now.date()) == 0
        for kk, assisted in (("h-1", True), ("h-2", True), ("h-3", False)):
            added = await completion(tx, kk, "7001", 1, now)
            await tx.tutors.completion_credit(added, tutor_id=tutor, event_id=None,
                                              assisted=assisted, own_household=not assisted)
    async with store() as tx:
        assert await tx.tutors.assisted_on(tutor, now.date()) == 2  # not its own household
        assert await tx.tutors.assisted_on(tutor, tomorrow.date()) == 0
        assert await tx.tutors.assisted_on(tutor + 1, now.date()) == 0
        # The credit is kept in the completion itself (the exports show it).
        rows = [r async for batch in tx.stats.export_completions() for r in batch]
        assert sorted((r["assisted"], r["own_household"], r["tutor_code"])
                      for r in rows) == [(0, 1, "K7QM4T"), (1, 0, "K7QM4T"),
                                                  (1, 0, "K7QM4T")]
