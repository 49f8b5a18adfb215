"""HouseholdStore: a household is recorded once, vouchers are redeemed once."""

from __future__ import annotations

from datetime import datetime

from contract.conftest import Transaction, later
from conversations.core.ports import Stores


async def record(tx: Stores, kk: str, user: str, now: datetime) -> int | None:
    return await tx.completions.completion_add(
        kk_hash=kk, kk_mask="•••• 8901", in_region=True, persons=4, kecamatan="blado",
        channel="telegram", user_id=user, proof_kind=None, proof_file_id=None,
        day=now.date(), now=now,
    )


async def test_a_household_is_recorded_once(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        first = await record(tx, "hash-a", "1", now)
        assert first is not None
        assert await record(tx, "hash-a", "2", later()) is None  # UNIQUE KK hash
        assert await record(tx, "hash-b", "1", later()) is not None
        assert await tx.completions.completions_of("telegram", "1") == 2
        assert await tx.completions.completions_of("telegram", "2") == 0
    async with store() as tx:
        found = await tx.completions.completion_by_hash("hash-a")
        assert found is not None and (found["channel"], found["user_id"]) == ("telegram", "1")
        assert await tx.completions.completion_by_hash("hash-z") is None


async def test_a_voucher_is_issued_once_per_code_and_redeemed_once(store: Transaction,
                                                                   now: datetime) -> None:
    async with store() as tx:
        completion = await record(tx, "hash-v", "1", now)
        assert completion is not None
        assert await tx.completions.voucher_add("K7QM-4TXR-9ABF", completion, "pulpen", now,
                                                None)
        assert not await tx.completions.voucher_add("K7QM-4TXR-9ABF", completion, "pulpen",
                                                    now, None)  # a code drawn twice
        mine = await tx.completions.vouchers_of("telegram", "1")
        assert [v["voucher_code"] for v in mine] == ["K7QM-4TXR-9ABF"]
    async with store() as tx:
        assert await tx.completions.voucher_redeem("K7QM-4TXR-9ABF", "telegram:800", later())
        assert not await tx.completions.voucher_redeem("K7QM-4TXR-9ABF", "telegram:801",
                                                       later(2))
        voucher = await tx.completions.voucher_get("K7QM-4TXR-9ABF")
        assert voucher is not None and voucher["voucher_redeemed_by"] == "telegram:800"
        assert await tx.completions.voucher_get("AAAA-BBBB-CCCC") is None
        assert await tx.completions.stock_take("no-such-souvenir") is False


async def test_a_visit_request_is_kept(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        first = await tx.completions.visit_add("whatsapp", "62", kecamatan="blado",
                                               desa="Kalisari", rt_rw="003/005",
                                               contact="081234567890", now=now)
        second = await tx.completions.visit_add("whatsapp", "62", kecamatan=None, desa="X",
                                                rt_rw="001/001", contact="0812", now=now)
        assert second > first
