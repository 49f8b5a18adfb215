"""Queries for completions, souvenir stock, vouchers and visit requests (part of `Tx`).

A household is its KK's keyed hash; the digits never reach this module. Everything that must
happen at most once is one conditional statement whose row count decides: a second report
of a household (UNIQUE kk_hash), the last pen (taken < total), a voucher redeemed twice
(redeemed_at IS NULL).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from bot.store.statements import Repository
from bot.store.timefmt import iso

COMPLETION = (
    "c.id, c.kk_hash, c.kk_mask, c.in_region, c.persons, c.kecamatan, c.channel, c.user_id,"
    " c.proof_kind, c.proof_file_id, c.proof_path, c.proof_error, c.day, c.created_at"
)
VOUCHER = "v.code, v.souvenir, v.issued_at, v.expires_on, v.redeemed_at, v.redeemed_by"


def _names(columns: str) -> list[str]:
    return [c.strip().split(".")[-1] for c in columns.split(",")]


def _completion(row: tuple[Any, ...]) -> dict[str, Any]:
    keys = _names(COMPLETION) + ["voucher_" + k for k in _names(VOUCHER)]
    return dict(zip(keys, row, strict=True))


class CompletionQueries(Repository):
    # --- completions -------------------------------------------------------------------------
    async def completion_by_hash(self, kk_hash: str) -> dict[str, Any] | None:
        """The household's completion and its voucher (voucher_* None when it has none)."""
        row = await self._one(
            f"SELECT {COMPLETION}, {VOUCHER} FROM completions c"
            " LEFT JOIN vouchers v ON v.completion_id = c.id WHERE c.kk_hash = ?",
            (kk_hash,),
        )
        return _completion(row) if row else None

    async def completions_of(self, channel: str, user_id: str) -> int:
        """How many households this account has reported (the per-account cap). A tutor's
        assisted completions have their own cap (per tutor per day) and are not counted."""
        row = await self._one(
            "SELECT count(*) FROM completions WHERE channel = ? AND user_id = ?"
            " AND assisted = 0",
            (channel, user_id),
        )
        return int(row[0]) if row else 0

    async def completion_add(
        self, *, kk_hash: str, kk_mask: str, in_region: bool, persons: int,
        kecamatan: str | None, channel: str, user_id: str, proof_kind: str | None,
        proof_file_id: str | None, day: date, now: datetime,
    ) -> int | None:
        """Record a household once; None when it was already recorded (by anyone)."""
        row = await self._one(
            "INSERT INTO completions (kk_hash, kk_mask, in_region, persons, kecamatan, channel,"
            " user_id, proof_kind, proof_file_id, day, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kk_hash) DO NOTHING RETURNING id",
            (kk_hash, kk_mask, int(in_region), persons, kecamatan, channel, user_id,
             proof_kind, proof_file_id, day.isoformat(), iso(now)),
        )
        return int(row[0]) if row else None

    # --- stock ---------------------------------------------------------------------------------
    async def stock_sync(self, souvenirs: Iterable[tuple[str, int]]) -> None:
        """Stock totals follow the campaign file; what was taken is never reset."""
        for souvenir, total in souvenirs:
            await self._write(
                "INSERT INTO stock (souvenir, total) VALUES (?, ?)"
                " ON CONFLICT (souvenir) DO UPDATE SET total = excluded.total",
                (souvenir, total),
            )

    async def stock_take(self, souvenir: str) -> bool:
        """Take one item if any is left: one conditional UPDATE, so never two last pens."""
        return 1 == await self._change(
            "UPDATE stock SET taken = taken + 1 WHERE souvenir = ? AND taken < total",
            (souvenir,),
        )

    async def stock_left(self) -> dict[str, int]:
        rows = await self._all("SELECT souvenir, total - taken FROM stock ORDER BY souvenir")
        return {r[0]: int(r[1]) for r in rows}

    # --- vouchers ------------------------------------------------------------------------------
    async def voucher_add(
        self, code: str, completion_id: int, souvenir: str, now: datetime,
        expires_on: date | None,
    ) -> bool:
        """False when the code already exists (the caller draws another)."""
        return 1 == await self._change(
            "INSERT OR IGNORE INTO vouchers (code, completion_id, souvenir, issued_at, expires_on)"
            " VALUES (?, ?, ?, ?, ?)",
            (code, completion_id, souvenir, iso(now),
             expires_on.isoformat() if expires_on else None),
        )

    async def voucher_get(self, code: str) -> dict[str, Any] | None:
        row = await self._one(
            f"SELECT {COMPLETION}, {VOUCHER} FROM vouchers v"
            " JOIN completions c ON c.id = v.completion_id WHERE v.code = ?",
            (code,),
        )
        return _completion(row) if row else None

    async def vouchers_of(self, channel: str, user_id: str) -> list[dict[str, Any]]:
        """The vouchers of the households this account reported, newest first ("Voucher
        saya"); uses the completions_person index."""
        rows = await self._all(
            f"SELECT {COMPLETION}, {VOUCHER} FROM completions c"
            " JOIN vouchers v ON v.completion_id = c.id"
            " WHERE c.channel = ? AND c.user_id = ? ORDER BY c.id DESC",
            (channel, user_id),
        )
        return [_completion(r) for r in rows]

    async def voucher_redeem(self, code: str, by: str, now: datetime) -> bool:
        """Mark redeemed; exactly one of several simultaneous calls gets True."""
        return 1 == await self._change(
            "UPDATE vouchers SET redeemed_at = ?, redeemed_by = ?"
            " WHERE code = ? AND redeemed_at IS NULL",
            (iso(now), by, code),
        )

    # --- proofs ----------------------------------------------------------------------------------
    async def proofs_to_fetch(self, limit: int = 10) -> list[tuple[int, str, str, str | None]]:
        """(completion id, channel, file reference, kind) of proofs not yet downloaded."""
        rows = await self._all(
            "SELECT id, channel, proof_file_id, proof_kind FROM completions"
            " WHERE proof_file_id IS NOT NULL AND proof_path IS NULL AND proof_error IS NULL"
            " ORDER BY id LIMIT ?",
            (limit,),
        )
        return [(int(r[0]), r[1], r[2], r[3]) for r in rows]

    async def proof_stored(self, completion_id: int, path: str) -> None:
        await self._write(
            "UPDATE completions SET proof_path = ? WHERE id = ?", (path, completion_id)
        )

    async def proof_failed(self, completion_id: int, error: str) -> None:
        """Keep the channel's file reference; staff can still open it there."""
        await self._write(
            "UPDATE completions SET proof_error = ? WHERE id = ?", (error[:200], completion_id)
        )

    async def proofs_expired(self) -> list[tuple[int, str | None]]:
        """Every completion that still has a proof file or reference."""
        rows = await self._all(
            "SELECT id, proof_path FROM completions"
            " WHERE proof_path IS NOT NULL OR proof_file_id IS NOT NULL"
        )
        return [(int(r[0]), r[1]) for r in rows]

    async def proof_forget(self, completion_id: int) -> None:
        await self._write(
            "UPDATE completions SET proof_path = NULL, proof_file_id = NULL, proof_kind = NULL"
            " WHERE id = ?",
            (completion_id,),
        )

    # --- officer visits --------------------------------------------------------------------------
    async def visit_add(
        self, channel: str, user_id: str, *, kecamatan: str | None, desa: str, rt_rw: str,
        contact: str, now: datetime,
    ) -> int:
        return await self._insert(
            "INSERT INTO visit_requests (channel, user_id, kecamatan, desa, rt_rw, contact,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (channel, user_id, kecamatan, desa, rt_rw, contact, iso(now)),
        )
