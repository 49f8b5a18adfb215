"""TutorStore: one tutor per NIP, accounts linked once, the first referral wins."""

from __future__ import annotations

from datetime import datetime

from contract.conftest import Transaction, later
from conversations.core.ports import Stores


async def add(tx: Stores, nip: str, code: str, user: str, now: datetime) -> int | None:
    return await tx.tutors.tutor_add(nip=nip, name="Budi Santoso", opd="Dinas Kesehatan",
                                     opd_other=None, kecamatan="blado", code=code,
                                     channel="telegram", user_id=user, now=now)


async def test_a_tutor_is_one_per_nip_and_found_every_way(store: Transaction,
                                                          now: datetime) -> None:
    async with store() as tx:
        tutor = await add(tx, "198506122010031002", "K7QM4T", "7001", now)
        assert tutor is not None
        assert await add(tx, "198506122010031002", "P3XR8W", "7002", now) is None
        assert (await tx.tutors.tutor_by_code("K7QM4T") or {}).get("id") == tutor
        assert (await tx.tutors.tutor_by_nip("198506122010031002") or {}).get("id") == tutor
        assert (await tx.tutors.tutor_of_account("telegram", "7001") or {}).get("id") == tutor
        assert await tx.tutors.referral_code_taken("K7QM4T")
        assert not await tx.tutors.referral_code_taken("ZZZZZZ")
        assert await tx.tutors.tutor_link(tutor, "whatsapp", "62811", now)
        assert not await tx.tutors.tutor_link(tutor, "whatsapp", "62811", now)
        assert set(await tx.tutors.tutor_accounts(tutor)) == {("telegram", "7001"),
                                                              ("whatsapp", "62811")}
    async with store() as tx:
        assert await tx.tutors.tutor_revoke(tutor, "telegram:900", later())
        assert not await tx.tutors.tutor_revoke(tutor, "telegram:900", later(2))
        assert await tx.tutors.tutor_get(tutor + 1000) is None


async def test_the_first_referral_wins(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        tutor = await add(tx, "198506122010031003", "K7QM4T", "7001", now)
        event = await tx.tutors.event_add("Pengisian bersama", "EVT123", now)
        assert (await tx.tutors.event_by_code("EVT123") or {}).get("id") == event
        assert await tx.tutors.referral_add("telegram", "1", tutor_id=tutor, event_id=None,
                                            source="link", now=now)
        assert not await tx.tutors.referral_add("telegram", "1", tutor_id=None,
                                                event_id=event, source="typed", now=later())
        earlier = await tx.tutors.referral_of("telegram", "1")
        assert earlier is not None and earlier["tutor_id"] == tutor
        assert await tx.tutors.referral_of("telegram", "2") is None


async def test_registration_code_and_wrong_attempts(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        assert await tx.tutors.tutor_registration_code() is None
        await tx.tutors.tutor_set_registration_code("ASN-2020")
        assert await tx.tutors.tutor_registration_code() == "ASN-2020"
        assert await tx.tutors.tutor_wrong_attempts("telegram", "1", now) == 0
