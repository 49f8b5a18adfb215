"""Admins' reports as background jobs (issue 14): never on the residents' path.

A reply carrying a `ReportRequest` (/statistik, /ekspor) has already told the admin "sedang
disiapkan…" in the update's own transaction. Once that transaction has committed, the
processor hands the request here. The job reads through `store.reader()` (SQLite: a WAL
reader on a connection of its own; PostgreSQL: a connection outside the pool, one REPEATABLE
READ READ ONLY transaction), outside any write transaction and without the store's lock,
runs the feature's report builder, draws charts and writes files in worker threads, and
queues what it produced through the outbox in one short write transaction, as every reply.

One report of each kind runs at a time (the machine's cores are shared with the residents'
updates); others wait their turn, but /statistik never waits behind a long export. Export
files live in `<data>/reports/` (0700; files 0600); the outbox carries their path, the
sender deletes each file once sent, and files left behind (a send that failed for good, a
crash) are deleted after `RETENTION` at the next report.
A report being prepared when the bot stops is lost; the admin asks again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.channels.base import Channel
from bot.files import private_folder
from bot.renderers import fulfil
from conversations.core.clock import Clock
from conversations.core.engine import Engine
from conversations.core.i18n import Translator
from conversations.core.models import ExportFile, Reply, ReportRequest
from conversations.core.reports import ReportContext

log = logging.getLogger(__name__)

RETENTION = 2 * 24 * 3600  # seconds an unsent export file may stay
# What a bot may upload as a document (bytes; decimal megabytes, to stay under either
# reading): Telegram's public Bot API 50 MB (shared/domain/PLATFORMS.md), WhatsApp Cloud API
# documents 100 MB (Meta's supported media types). A channel may say otherwise with an
# `upload_limit` attribute; the console has none.
UPLOAD_LIMITS = {"telegram": 50_000_000, "whatsapp": 100_000_000}


COMPACT_EVERY = 60.0  # seconds between foldings of PostgreSQL's append-only tallies


async def compact_tallies(store: Any) -> None:
    """Fold the statistics' tally rows every minute, forever (PostgreSQL: they are
    append-only so that workers never wait on a counter's row; bot/store/postgres.py)."""
    while True:
        try:
            await store.compact_tallies()
        except Exception:
            log.exception("folding the statistics' tallies failed; trying again later")
        await asyncio.sleep(COMPACT_EVERY)


class Files:
    """The `ExportFiles` port of one job: files in the reports folder, split under the
    admin's platform's upload limit."""

    def __init__(self, folder: Path, limit: int | None) -> None:
        self.folder = folder
        self.limit = limit

    async def write(self, tables: Sequence[Any], fmt: str, file_name: str
                    ) -> list[ExportFile]:
        from bot.renderers import tables as table_files  # openpyxl: on the first export

        files = await table_files.write(tables, fmt, self.folder, file_name, self.limit)
        if not any(sum(f.rows.values()) for f in files):  # nothing to send: no file kept
            for file in files:
                Path(file.path).unlink(missing_ok=True)
            return []
        return files


class Reports:
    def __init__(self, store: Any, engine: Engine, clock: Clock,
                 channels: Mapping[str, Channel], data_dir: Path,
                 wake: asyncio.Event | None = None) -> None:
        self.store = store
        self.engine = engine
        self.clock = clock
        self.channels = channels
        self.folder = data_dir / "reports"
        self.wake = wake or asyncio.Event()
        # One report of each kind at a time: the cores are shared with the residents, and
        # /statistik (milliseconds) never waits behind a long export.
        self._turns: dict[str, asyncio.Lock] = {}
        self._jobs: set[asyncio.Task[None]] = set()

    def submit(self, channel: str, chat: str, request: ReportRequest) -> None:
        """Prepare a report in the background (call after the asking update committed)."""
        task = asyncio.create_task(self._run(channel, chat, request),
                                   name=f"report-{request.kind}")
        self._jobs.add(task)
        task.add_done_callback(self._jobs.discard)

    async def drain(self) -> None:
        """Wait for every report asked for so far (console, tests)."""
        while self._jobs:
            await asyncio.gather(*list(self._jobs), return_exceptions=True)

    async def close(self) -> None:
        for task in list(self._jobs):
            task.cancel()
        await asyncio.gather(*list(self._jobs), return_exceptions=True)

    async def _run(self, channel: str, chat: str, request: ReportRequest) -> None:
        async with self._turns.setdefault(request.kind, asyncio.Lock()):
            t = Translator(request.lang, self.engine.campaign, self.clock.today())
            events: list[tuple[str, str | None]] = []
            try:
                await asyncio.to_thread(self._sweep)
                replies = await fulfil(await self._build(channel, t, request, events))
            except Exception:
                log.exception("report %s failed", request.kind)
                replies, events = [Reply(text=t("report-failed"))], []
            now = self.clock.now()
            async with self.store.transaction() as tx:
                for kind, detail in events:  # (an admin's chat is their own: chat = user)
                    await tx.add_event(channel, chat, kind, now, detail)
                for reply in replies:
                    await tx.enqueue(channel, chat, reply.model_dump_json(), now)
            self.wake.set()

    async def _build(self, channel: str, t: Translator, request: ReportRequest,
                     events: list[tuple[str, str | None]]) -> list[Reply]:
        builder = self.engine.reports.get(request.kind)
        if builder is None:
            raise LookupError(f"no feature prepares {request.kind!r} reports")
        limit = getattr(self.channels.get(channel), "upload_limit", UPLOAD_LIMITS.get(channel))
        async with self.store.reader() as rx:
            context = ReportContext(
                tx=rx, files=Files(private_folder(self.folder), limit),
                campaign=self.engine.campaign, today=self.clock.today(), t=t,
                config=self.engine.config, request=request, events=events)
            return await builder(context)

    def _sweep(self) -> None:
        """Export files older than RETENTION (never sent): deleted."""
        if not self.folder.exists():
            return
        old = time.time() - RETENTION
        for path in self.folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < old:
                    path.unlink()
            except OSError:
                pass
