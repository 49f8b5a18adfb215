"""BulkStore: opting out and back in, a reminder once per key, a broadcast's life."""

from __future__ import annotations

from datetime import datetime

from contract.conftest import Transaction, later
from conversations.core.segments import Segment


async def test_opting_out_and_back_in(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        assert not await tx.bulk.opted_out("whatsapp", "62")
        assert await tx.bulk.opt_out("whatsapp", "62", now)
        assert not await tx.bulk.opt_out("whatsapp", "62", later())  # already
        assert await tx.bulk.opted_out("whatsapp", "62")
    async with store() as tx:
        assert await tx.bulk.opt_in("whatsapp", "62")
        assert not await tx.bulk.opt_in("whatsapp", "62")
        assert not await tx.bulk.opted_out("whatsapp", "62")


async def test_a_reminder_is_kept_once_per_key(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        args = {"key": "tomorrow"}
        assert await tx.bulk.reminder_add(key="tomorrow-2020-03-03", channel="telegram",
                                          user_id="1", message_key="reminder-tomorrow",
                                          segment=Segment("everyone"), args=args,
                                          due_at=later(60 * 24))
        assert not await tx.bulk.reminder_add(key="tomorrow-2020-03-03", channel="telegram",
                                              user_id="1", message_key="reminder-tomorrow",
                                              segment=Segment("everyone"), args=args,
                                              due_at=later(60 * 25))


async def test_a_broadcast_is_created_counted_and_cancelled(store: Transaction,
                                                            now: datetime) -> None:
    async with store() as tx:
        for user in ("1", "2"):
            await tx.save_person("telegram", user, lang="id", kecamatan="blado", state={},
                                 now=now)
        counts = await tx.bulk.segment_counts(Segment("everyone"), now)
        assert (counts["total"], counts["telegram"], counts["opted_out"]) == (2, 2, 0)
        assert await tx.bulk.broadcast_active() is None
        broadcast = await tx.bulk.broadcast_create(
            admin_channel="telegram", admin_chat="900", admin_lang="id", message_key=None,
            text="Besok terakhir!", segment=Segment("everyone"), now=now)
        row = await tx.bulk.broadcast_get(broadcast)
        assert row is not None and row["total"] == 2
        assert (await tx.bulk.broadcast_active() or {}).get("id") == broadcast
        progress = await tx.bulk.broadcast_progress(broadcast)
        assert progress["pending"] == 2
    async with store() as tx:
        assert await tx.bulk.broadcast_cancel(broadcast, later())
        assert not await tx.bulk.broadcast_cancel(broadcast, later(2))
        assert await tx.bulk.broadcast_active() is None
        assert await tx.bulk.whatsapp_initiated(now) == 0


async def test_a_broadcast_moves_only_from_the_status_it_is_in(store: Transaction,
                                                               now: datetime) -> None:
    async with store() as tx:
        await tx.save_person("telegram", "1", lang="id", kecamatan="blado", state={}, now=now)
        broadcast = await tx.bulk.broadcast_create(
            admin_channel="telegram", admin_chat="900", admin_lang="id", message_key=None,
            text="Besok terakhir!", segment=Segment("everyone"), now=now)
    async with store() as tx:
        assert await tx.bulk.broadcast_set_status(broadcast, ("running",), "paused", later())
        assert not await tx.bulk.broadcast_set_status(broadcast, ("running",), "paused",
                                                      later())  # paused already
        row = await tx.bulk.broadcast_get(broadcast)
        assert row is not None and (row["status"], row["finished_at"]) == ("paused", None)
        assert (await tx.bulk.broadcast_active() or {}).get("id") == broadcast
        assert await tx.bulk.broadcast_set_status(broadcast, ("paused",), "running", later(2))
        assert await tx.bulk.broadcast_set_status(broadcast, ("running", "paused"), "done",
                                                  later(3))
        assert not await tx.bulk.broadcast_cancel(broadcast, later(4))  # done: stays done
    async with store() as tx:
        row = await tx.bulk.broadcast_get(broadcast)
        assert row is not None and row["status"] == "done" and row["finished_at"] is not None
        assert await tx.bulk.broadcast_active() is None


async def test_the_progress_shown_is_remembered(store: Transaction, now: datetime) -> None:
    async with store() as tx:
        broadcast = await tx.bulk.broadcast_create(
            admin_channel="telegram", admin_chat="900", admin_lang="id", message_key=None,
            text="Besok terakhir!", segment=Segment("everyone"), now=now)
        await tx.bulk.broadcast_progress_shown(broadcast, "Siaran #1: 0 dari 0", 25, 41)
    async with store() as tx:
        await tx.bulk.broadcast_progress_shown(broadcast, "Siaran #1: selesai", 100, None)
        row = await tx.bulk.broadcast_get(broadcast)
        assert row is not None
        # The progress message's own outbox row is kept when an update names none.
        assert (row["progress_text"], row["progress_milestone"], row["progress_outbox_id"]
                ) == ("Siaran #1: selesai", 100, 41)
