"""Seeding the real SQLite store for admin tests: people, tutorial events, completions,
tutors, vouchers, WhatsApp windows, written with the transaction's own primitives."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot.app import App
from bot.store.timefmt import iso


async def person(
    app: App, user: str, *, channel: str = "console", kecamatan: str | None = None,
    step: int | None = None, done: bool = False, last_seen: datetime | None = None,
    lang: str = "id",
) -> None:
    """A person the bot knows; `step`: the tutorial step index they reached (started)."""
    now = app.clock.now()
    state: dict[str, Any] = {}
    if step is not None:
        state = {"tutorial_index": step, "tutorial_max": step, "tutorial_done": done}
    async with app.store.transaction() as tx:
        await tx._write(
            "INSERT INTO people (channel, user_id, lang, kecamatan, state, first_seen,"
            " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (channel, user, lang, kecamatan, json.dumps(state), iso(now),
             iso(last_seen or now)),
        )
        if step is not None:
            await tx.add_event(channel, user, "tutorial_start", now)
            if kecamatan:
                await tx.add_event(channel, user, "kecamatan", now, kecamatan)
            for index in range(step + 1):
                await tx.add_event(channel, user, "tutorial_step", now, None, index)
            if done:
                await tx.add_event(channel, user, "tutorial_done", now)


_hashes = iter(range(1, 10_000))


async def completion(
    app: App, user: str | None, *, channel: str = "console", kecamatan: str | None = "blado",
    persons: int = 4, in_region: bool = True, assisted: bool = False, day: str = "2020-03-02",
    tutor_id: int | None = None, own_household: bool = False, voucher: str | None = None,
    redeemed: bool = False,
) -> int:
    number = next(_hashes)
    async with app.store.transaction() as tx:
        completion_id = await tx._insert(
            "INSERT INTO completions (kk_hash, kk_mask, in_region, persons, kecamatan, channel,"
            " user_id, day, created_at, assisted, own_household, tutor_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f"hash{number}", f"•••• {number:04d}", int(in_region), persons, kecamatan,
             channel, user, day, iso(app.clock.now()), int(assisted), int(own_household),
             tutor_id),
        )
        if voucher:
            await tx._write(
                "INSERT INTO vouchers (code, completion_id, souvenir, issued_at, redeemed_at,"
                " redeemed_by) VALUES (?, ?, 'pulpen', ?, ?, ?)",
                (voucher, completion_id, iso(app.clock.now()),
                 iso(app.clock.now()) if redeemed else None, "staff" if redeemed else None),
            )
            await tx._write("UPDATE stock SET taken = taken + 1 WHERE souvenir = 'pulpen'")
    return completion_id


async def tutor(app: App, user: str, *, nip: str, name: str, opd: str = "Dinas Kesehatan",
                channel: str = "console", code: str = "K7QM4T") -> int:
    now = app.clock.now()
    async with app.store.transaction() as tx:
        tutor_id = await tx.tutors.tutor_add(nip=nip, name=name, opd=opd, opd_other=None,
                                      kecamatan=None, code=code, channel=channel,
                                      user_id=user, now=now)
    assert tutor_id is not None
    return tutor_id


async def whatsapp_window(app: App, wa_id: str, hours_ago: float) -> None:
    async with app.store.transaction() as tx:
        await tx._write(
            "INSERT INTO whatsapp_window (user_id, last_incoming_at) VALUES (?, ?)",
            (wa_id, iso(app.clock.now() - timedelta(hours=hours_ago))),
        )


async def opted_out(app: App, user: str, channel: str = "console") -> None:
    async with app.store.transaction() as tx:
        await tx.bulk.opt_out(channel, user, app.clock.now())
