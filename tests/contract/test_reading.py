"""StatsStore, PrivacyStore, DeliveryStore: the read side, forgetting a person, the window."""

from __future__ import annotations

from datetime import datetime

from contract.conftest import Transaction


async def test_statistics_count_what_was_recorded(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        for user in ("1", "2"):
            await tx.save_person("telegram", user, lang="id", kecamatan="blado", state={},
                                 now=now)
        await tx.completions.completion_add(
            kk_hash="h1", kk_mask="•••• 1", in_region=True, persons=3, kecamatan="blado",
            channel="telegram", user_id="1", proof_kind=None, proof_file_id=None,
            day=now.date(), now=now)
        await tx.completions.visit_add("telegram", "2", kecamatan="blado", desa="Kalisari",
                                       rt_rw="1/2", contact="0812", now=now)
    async with store() as tx:
        by_kecamatan = await tx.stats.completions_by_kecamatan()
        assert sum(r["households"] for r in by_kecamatan) == 1
        assert sum(r["persons"] for r in by_kecamatan) == 3
        assert (await tx.stats.people_by_channel())["telegram"]["people"] == 2
        assert await tx.stats.visit_count() == 1
        assert [len(b) async for b in tx.stats.export_completions()] == [1]
        assert [len(b) async for b in tx.stats.export_visits()] == [1]


async def test_forgetting_a_person_removes_them(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        await tx.save_person("telegram", "1", lang="id", kecamatan="blado", state={}, now=now)
        await tx.handoffs.handoff_add("telegram", "1", lang="id", kecamatan=None,
                                      question="?", now=now)
    async with store() as tx:
        assert await tx.personal.forget_person("telegram", "1") == []  # no proof files
        assert await tx.get_person("telegram", "1") is None
    async with store() as tx:
        assert await tx.get_person("telegram", "1") is None
        assert (await tx.handoffs.handoffs_waiting())[1] == 0


async def test_only_whatsapp_outside_its_window_needs_a_template(store: Transaction,
                                                                 now: datetime) -> None:
    async with store() as tx:
        assert not await tx.whatsapp.needs_template("telegram", "1", now)
        assert await tx.whatsapp.needs_template("whatsapp", "62811", now)  # never wrote
