"""Queries for ASN tutors, their accounts, events, attribution and figures (part of `Tx`).

What must happen at most once is one statement whose result decides: one tutor per NIP
(UNIQUE nip, `ON CONFLICT DO NOTHING`), one tutor per account (PRIMARY KEY), one attribution
per resident, first touch wins (PRIMARY KEY, `ON CONFLICT DO NOTHING`).

Figures are computed from the rows (referrals, events, completions) in a few grouped
queries; conversations/reporting/leaderboard.py turns them into tables. No query here returns a
resident's id: reports never show residents' phone numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.store.statements import Repository
from bot.store.timefmt import iso

REGISTRATION_CODE_KEY = "tutor_registration_code"
TUTOR = (
    "t.id, t.nip, t.name, t.opd, t.opd_other, t.kecamatan, t.code, t.registered_at,"
    " t.revoked_at"
)
EVENT = "e.id, e.name, e.code, e.created_at"


def _tutor(row: tuple[Any, ...]) -> dict[str, Any]:
    keys = [c.strip().removeprefix("t.") for c in TUTOR.split(",")]
    tutor = dict(zip(keys, row, strict=True))
    # Active: not revoked by an admin, not deleted by its owner (/hapus_data clears the NIP).
    tutor["active"] = tutor["revoked_at"] is None and tutor["nip"] is not None
    return tutor


def _event(row: tuple[Any, ...]) -> dict[str, Any]:
    keys = [c.strip().removeprefix("e.") for c in EVENT.split(",")]
    return dict(zip(keys, row, strict=True))


class TutorQueries(Repository):
    # --- the registration code ---------------------------------------------------------------
    async def tutor_registration_code(self) -> str | None:
        """The code set by an admin (/tutor_kode); None means the setting's code applies."""
        row = await self._one("SELECT value FROM kv WHERE key = ?", (REGISTRATION_CODE_KEY,))
        return row[0] if row else None

    async def tutor_set_registration_code(self, code: str) -> None:
        await self._write(
            "INSERT INTO kv (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (REGISTRATION_CODE_KEY, code),
        )

    async def tutor_wrong_attempts(self, channel: str, user_id: str, since: datetime) -> int:
        """Wrong registration codes (and names when linking) typed by an account since then."""
        row = await self._one(
            "SELECT count(*) FROM events WHERE channel = ? AND user_id = ?"
            " AND kind = 'tutor_code_wrong' AND at >= ?",
            (channel, user_id, iso(since)),
        )
        return int(row[0]) if row else 0

    # --- tutors and their accounts -------------------------------------------------------------
    async def tutor_of_account(self, channel: str, user_id: str) -> dict[str, Any] | None:
        row = await self._one(
            f"SELECT {TUTOR} FROM tutor_accounts a JOIN tutors t ON t.id = a.tutor_id"
            " WHERE a.channel = ? AND a.user_id = ?",
            (channel, user_id),
        )
        return _tutor(row) if row else None

    async def tutor_by_nip(self, nip: str) -> dict[str, Any] | None:
        row = await self._one(f"SELECT {TUTOR} FROM tutors t WHERE t.nip = ?", (nip,))
        return _tutor(row) if row else None

    async def tutor_by_code(self, code: str) -> dict[str, Any] | None:
        row = await self._one(f"SELECT {TUTOR} FROM tutors t WHERE t.code = ?", (code,))
        return _tutor(row) if row else None

    async def tutor_get(self, tutor_id: int) -> dict[str, Any] | None:
        row = await self._one(f"SELECT {TUTOR} FROM tutors t WHERE t.id = ?", (tutor_id,))
        return _tutor(row) if row else None

    async def referral_code_taken(self, code: str) -> bool:
        """Tutors' and events' codes share one namespace."""
        row = await self._one(
            "SELECT EXISTS (SELECT 1 FROM tutors WHERE code = ?)"
            " OR EXISTS (SELECT 1 FROM outreach_events WHERE code = ?)",
            (code, code),
        )
        return bool(row and row[0])

    async def tutor_add(
        self, *, nip: str, name: str, opd: str, opd_other: str | None, kecamatan: str | None,
        code: str, channel: str, user_id: str, now: datetime,
    ) -> int | None:
        """A new tutor and its first account; None when the NIP is already registered."""
        row = await self._one(
            "INSERT INTO tutors (nip, name, opd, opd_other, kecamatan, code, channel, user_id,"
            " registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (nip) DO NOTHING RETURNING id",
            (nip, name, opd, opd_other, kecamatan, code, channel, user_id, iso(now)),
        )
        if row is None:
            return None
        tutor_id = int(row[0])
        await self.tutor_link(tutor_id, channel, user_id, now)
        return tutor_id

    async def tutor_link(self, tutor_id: int, channel: str, user_id: str, now: datetime) -> bool:
        """Add an account to a tutor (False if the account already belongs to one). A tutor
        is nobody's referral: an attribution the account had to this tutor goes."""
        linked = 1 == await self._change(
            "INSERT INTO tutor_accounts (channel, user_id, tutor_id, linked_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (channel, user_id) DO NOTHING",
            (channel, user_id, tutor_id, iso(now)),
        )
        if linked:
            await self._write(
                "DELETE FROM referrals WHERE channel = ? AND user_id = ? AND tutor_id = ?",
                (channel, user_id, tutor_id),
            )
        return linked

    async def tutor_accounts(self, tutor_id: int) -> list[tuple[str, str]]:
        rows = await self._all(
            "SELECT channel, user_id FROM tutor_accounts WHERE tutor_id = ? ORDER BY linked_at",
            (tutor_id,),
        )
        return [(r[0], r[1]) for r in rows]

    async def tutor_revoke(self, tutor_id: int, by: str, now: datetime) -> bool:
        return 1 == await self._change(
            "UPDATE tutors SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
            (iso(now), by, tutor_id),
        )

    # --- events ----------------------------------------------------------------------------------
    async def event_add(self, name: str, code: str, now: datetime) -> int:
        return await self._insert(
            "INSERT INTO outreach_events (name, code, created_at) VALUES (?, ?, ?)",
            (name, code, iso(now)),
        )

    async def event_by_code(self, code: str) -> dict[str, Any] | None:
        row = await self._one(f"SELECT {EVENT} FROM outreach_events e WHERE e.code = ?", (code,))
        return _event(row) if row else None

    async def event_get(self, event_id: int) -> dict[str, Any] | None:
        row = await self._one(f"SELECT {EVENT} FROM outreach_events e WHERE e.id = ?",
                              (event_id,))
        return _event(row) if row else None

    # --- attribution -----------------------------------------------------------------------------
    async def referral_of(self, channel: str, user_id: str) -> dict[str, Any] | None:
        row = await self._one(
            "SELECT tutor_id, event_id, source, at FROM referrals"
            " WHERE channel = ? AND user_id = ?",
            (channel, user_id),
        )
        if row is None:
            return None
        return {"tutor_id": row[0], "event_id": row[1], "source": row[2], "at": row[3]}

    async def referral_add(
        self, channel: str, user_id: str, *, tutor_id: int | None, event_id: int | None,
        source: str, now: datetime,
    ) -> bool:
        """First touch wins: False when the account was already attributed (to anyone)."""
        return 1 == await self._change(
            "INSERT INTO referrals (channel, user_id, tutor_id, event_id, source, at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, user_id) DO NOTHING",
            (channel, user_id, tutor_id, event_id, source, iso(now)),
        )

    async def completion_credit(
        self, completion_id: int, *, tutor_id: int | None, event_id: int | None,
        assisted: bool, own_household: bool,
    ) -> None:
        await self._write(
            "UPDATE completions SET tutor_id = ?, event_id = ?, assisted = ?, own_household = ?"
            " WHERE id = ?",
            (tutor_id, event_id, int(assisted), int(own_household), completion_id),
        )

    async def tutor_has_own_household(self, tutor_id: int) -> bool:
        row = await self._one(
            "SELECT EXISTS (SELECT 1 FROM completions WHERE tutor_id = ? AND own_household = 1)",
            (tutor_id,),
        )
        return bool(row and row[0])

    async def assisted_on(self, tutor_id: int, day: date) -> int:
        """Assisted completions recorded for this tutor (any of its accounts) on a day."""
        row = await self._one(
            "SELECT count(*) FROM completions WHERE tutor_id = ? AND assisted = 1 AND day = ?",
            (tutor_id, day.isoformat()),
        )
        return int(row[0]) if row else 0

    # --- figures ---------------------------------------------------------------------------------
    async def tutor_figures(self) -> list[dict[str, Any]]:
        """Every tutor (revoked and deleted ones too) with its counts; see `_figures`."""
        rows = await self._all(f"SELECT {TUTOR} FROM tutors t ORDER BY t.id")
        tutors = [_tutor(r) for r in rows]
        counts = await self._figures("tutor_id")
        return [{**t, **counts.get(t["id"], _ZERO)} for t in tutors]

    async def event_figures(self) -> list[dict[str, Any]]:
        rows = await self._all(f"SELECT {EVENT} FROM outreach_events e ORDER BY e.id")
        events = [_event(r) for r in rows]
        counts = await self._figures("event_id")
        return [{**e, **counts.get(e["id"], _ZERO)} for e in events]

    async def _figures(self, column: str) -> dict[int, dict[str, int]]:
        """Per tutor (or event): residents reached (attributed), who started and who
        finished the tutorial, and completions: the tutor's own household, households and
        persons helped (every completion credited to it but its own), assisted ones.
        Read from the tallies (migration 0020): rows per tutor, not per resident."""
        assert column in ("tutor_id", "event_id")
        out: dict[int, dict[str, int]] = {}

        def put(key: Any, **values: int) -> None:
            out.setdefault(int(key), dict(_ZERO)).update(values)

        for key, reached, started, done in await self._all(
            f"SELECT {column}, sum(n), sum(CASE WHEN started = 1 THEN n ELSE 0 END),"
            " sum(CASE WHEN done = 1 THEN n ELSE 0 END) FROM tally_referred"
            f" WHERE {column} != 0 GROUP BY {column} HAVING sum(n) != 0"
        ):
            put(key, reached=int(reached), started=int(started), tutorial_done=int(done))
        for key, own, households, persons, assisted, assisted_persons in await self._all(
            f"SELECT {column},"
            " max(CASE WHEN own_household = 1 AND households > 0 THEN 1 ELSE 0 END),"
            " sum(CASE WHEN own_household = 0 THEN households ELSE 0 END),"
            " sum(CASE WHEN own_household = 0 THEN persons ELSE 0 END),"
            " sum(CASE WHEN assisted = 1 THEN households ELSE 0 END),"
            " sum(CASE WHEN assisted = 1 THEN persons ELSE 0 END)"
            " FROM (SELECT tutor_id, event_id, own_household, assisted,"
            "   sum(households) AS households, sum(persons) AS persons FROM tally_credits"
            "   GROUP BY tutor_id, event_id, own_household, assisted) credits"
            f" WHERE {column} != 0 GROUP BY {column} HAVING sum(households) != 0"
        ):
            put(key, own_household=int(own), households=int(households),
                persons=int(persons), assisted=int(assisted),
                assisted_persons=int(assisted_persons))
        return out


_ZERO: dict[str, int] = {
    "reached": 0, "started": 0, "tutorial_done": 0, "own_household": 0, "households": 0,
    "persons": 0, "assisted": 0, "assisted_persons": 0,
}
