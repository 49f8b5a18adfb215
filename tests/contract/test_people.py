"""PeopleStore: the engine's own calls."""

from __future__ import annotations

from datetime import datetime

from contract.conftest import Transaction, later


async def test_a_person_round_trips_and_an_unknown_one_is_none(store: Transaction,
                                                                now: datetime) -> None:
    async with store() as tx:
        assert await tx.get_person("telegram", "1") is None
        await tx.save_person("telegram", "1", lang="id", kecamatan="blado",
                             state={"flow": "menu", "step": "main"}, now=now)
    async with store() as tx:
        person = await tx.get_person("telegram", "1")
        assert person is not None
        assert (person["lang"], person["kecamatan"]) == ("id", "blado")
        assert person["state"] == {"flow": "menu", "step": "main"}
        await tx.save_person("telegram", "1", lang="en", kecamatan=None, state={}, now=later())
    async with store() as tx:
        person = await tx.get_person("telegram", "1")
        assert person is not None and person["lang"] == "en" and person["kecamatan"] is None
        assert await tx.get_person("whatsapp", "1") is None  # ids are per channel


async def test_a_group_is_noticed_once(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        assert await tx.group_noticed("telegram", "-100", now) is True
        assert await tx.group_noticed("telegram", "-100", now) is False
        assert await tx.group_noticed("telegram", "-200", now) is True


async def test_events_are_kept(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        await tx.add_event("telegram", "1", "tutorial_start", now)
        await tx.add_event("telegram", "1", "tutorial_step", now, "x", step_index=2)
    async with store() as tx:  # written without error, and the people are still unknown
        assert await tx.get_person("telegram", "1") is None
