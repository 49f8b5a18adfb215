"""Admins' reports prepared in a child process (issue 14), so that they never slow a resident.

Reading tens of thousands of rows, drawing a chart and writing a workbook are Python work:
in a thread of the bot they hold the interpreter's lock (the GIL) most of the time, and every
resident's reply waits for it in turn (resident p99 3.7 times higher while an admin's reports
ran, 10k residents: bench/growth.py --in-bot-rounds). Here they run in a process of their own
at a lower priority (`NICE`), on the machine's other core when it is free and after the
bot's work when it is not.

The child reads the database itself, on its own read-only snapshot (`store.reader()`, as in
the bot), runs the feature's report builder, draws the charts and writes the export files into
the reports folder, and returns the finished replies and audit events. Everything else stays
in the bot: the job's claim, and the one transaction that queues the replies and deletes the
job (bot/services/reports.py). Children are spawned (not forked from a running event loop)
once, on the first report, and kept for the next ones; a child that dies (killed, out of
memory) fails that report only, and the next report gets a new one.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from conversations.core.campaign import Campaign
from conversations.core.flow import FlowConfig

NICE = 10  # the children's priority below the bot's (Unix nice: 0 normal, 19 lowest)
CHILDREN = 2  # one report of each kind at a time (bot/services/reports.py)


@dataclass(frozen=True)
class Source:
    """Where the child reads: the SQLite file, or the PostgreSQL URL."""

    database: str
    postgres: bool
    timezone: str  # the campaign's (how moments are read and written)


@dataclass(frozen=True)
class ChildJob:
    source: Source
    campaign: Campaign
    config: FlowConfig
    today: date
    kind: str
    request: str  # ReportRequest JSON
    folder: str  # the reports folder (exists, 0700)
    limit: int | None  # the admin's platform's upload limit


def _lower_priority() -> None:
    os.nice(NICE)


class Children:
    """The pool of child processes, made on first use."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._pool: ProcessPoolExecutor | None = None

    async def prepare(self, job: ChildJob) -> tuple[list[str], list[tuple[str, str | None]]]:
        """The report's replies (JSON, files written and images drawn) and audit events."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(CHILDREN, mp_context=get_context("spawn"),
                                             initializer=_lower_priority)
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, prepare, job)
        except BrokenProcessPool:
            if self._pool is pool:  # a child died: the next report starts a new pool
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def prepare(job: ChildJob) -> tuple[list[str], list[tuple[str, str | None]]]:
    """In the child: one report, start to end."""
    return asyncio.run(_prepare(job))


async def _prepare(job: ChildJob) -> tuple[list[str], list[tuple[str, str | None]]]:
    from bot.app import FEATURES
    from bot.renderers import fulfil
    from bot.services.reports import Files
    from bot.store.timefmt import use_zone
    from conversations.core.i18n import Translator
    from conversations.core.models import ReportRequest
    from conversations.core.reports import ReportContext

    use_zone(job.source.timezone)
    builders = {kind: fn for feature in FEATURES for kind, fn in feature.reports.items()}
    request = ReportRequest.model_validate_json(job.request)
    events: list[tuple[str, str | None]] = []
    store = await _open(job.source)
    try:
        async with store.reader() as rx:
            context = ReportContext(
                tx=rx, files=Files(Path(job.folder), job.limit), campaign=job.campaign,
                today=job.today, t=Translator(request.lang, job.campaign, job.today),
                config=job.config, request=request, events=events)
            replies = await builders[job.kind](context)
    finally:
        await store.close()
    replies = await fulfil(replies)
    return [reply.model_dump_json() for reply in replies], events


async def _open(source: Source) -> Any:
    if source.postgres:
        from bot.store.postgres import PgStore

        return await PgStore.open(source.database, create=False, migrate=False, size=1,
                                  timezone=source.timezone)
    from bot.store import Store

    return await Store.open(Path(source.database), create=False, migrate=False)


def is_default(kind: str, builder: Any) -> bool:
    """Whether the bot's own features prepare `kind` with this builder (the child knows only
    those; a test's or another composition's own builder runs in the bot)."""
    from bot.app import FEATURES

    return any(feature.reports.get(kind) is builder for feature in FEATURES)
