"""Admins' reports prepared in a child process (issue 14), so that they never slow a resident.

Reading tens of thousands of rows, drawing a chart and writing a workbook are Python work:
in a thread of the bot they hold the interpreter's lock (the GIL) most of the time, and every
resident's reply waits for it in turn (resident p99 3.7 times higher while an admin's reports
ran, 10k residents: bench/growth.py --in-bot-rounds). Here they run in a process of their own
at a lower priority (`NICE`), on the machine's other core when it is free and after the
bot's work when it is not.

The child reads the database itself, on its own read-only snapshot (`store.reader()`, as in
the bot, on a connection opened for the job and closed after it: each report sees the
database as it is now, and an idle child holds no connection), runs the feature's report
builder, draws the charts and writes the export files into the reports folder, and returns
the finished replies and audit events. Everything else stays in the bot: the job's claim, and
the one transaction that queues the replies and deletes the job (bot/services/reports.py).

**A warm child.** Starting a child costs more than a report: a new interpreter importing the
bot, pydantic and matplotlib (about 2.5 s of CPU; /statistik itself is a few queries on the
tallies and one chart). So the process that runs the reports keeps one child started ahead
(`Children.start`, when it takes the `reports` role), its imports done, waiting on a pipe
for the next job; it prepares one report at a time and stays for the next. A second report
while the first runs (an export beside a /statistik) gets a second child; once both are done,
one is kept and the other ends. A child is replaced, by a new one started at once, when it
dies (killed, out of memory: that report fails, and only that one), after `MAX_JOBS` reports,
or once its peak memory passed `MAX_RSS_MB` (matplotlib's caches, the allocator's
fragmentation: a long campaign does not grow one process for ever). A child found dead while
it waited is replaced before a job is given to it: no report fails for it. Each child ends
when the bot closes its pipe (or dies: the pipe closes with it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import sys
import threading
import traceback
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from conversations.core.campaign import Campaign
from conversations.core.flow import FlowConfig

log = logging.getLogger(__name__)

NICE = 10  # the children's priority below the bot's (Unix nice: 0 normal, 19 lowest)
MAX_JOBS = 200  # reports one child prepares before a fresh one takes its place
MAX_RSS_MB = 400  # a child whose peak memory went past this is replaced after its report
SPARES = 1  # idle children kept ready (each about 110 MB)

Result = tuple[list[str], list[tuple[str, str | None]]]  # replies (JSON), audit events


class ChildDied(RuntimeError):
    """The child preparing a report ended before it answered (killed, out of memory)."""


class ChildFailed(RuntimeError):
    """The report's builder raised in the child; the message is the child's traceback."""


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


class Child:
    """One child process and the bot's end of its pipe. `run` blocks (call it in a thread)."""

    def __init__(self, source: Source) -> None:
        context = get_context("spawn")  # (never forked from a running event loop)
        ours, theirs = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=serve, args=(theirs, source.postgres), name="tutor-sensus-reports",
            daemon=True)
        self.process.start()
        theirs.close()
        self.conn: Connection = ours
        self.jobs = 0
        self.peak_mb = 0.0
        self.broken = False  # died, or left in the middle of a report: never reused

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def run(self, job: ChildJob) -> Result:
        try:
            self.conn.send(job)
            outcome, value, self.peak_mb = self.conn.recv()
        except (EOFError, OSError) as error:
            self.process.join(1)
            raise ChildDied(f"the report's child process ended (exit code"
                            f" {self.process.exitcode})") from error
        self.jobs += 1
        if outcome != "done":
            raise ChildFailed(value)
        return value  # type: ignore[no-any-return]

    def usable(self) -> bool:
        return (not self.broken and self.process.is_alive() and self.jobs < MAX_JOBS
                and self.peak_mb < MAX_RSS_MB)

    def stop(self) -> None:
        """Close the pipe (an idle child ends on it); one that does not end is killed."""
        with contextlib.suppress(OSError):
            self.conn.close()
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)

    def kill(self) -> None:
        """At once, busy or not (the bot is stopping, or the report was cancelled)."""
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(2)


class Children:
    """The bot's report children: `SPARES` kept warm, one more per report running beside."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.idle: list[Child] = []
        self.busy: list[Child] = []
        self.started = 0  # children started so far (tests, logs)
        self.warm = False  # keep a spare started ahead (the running bot: `start`)
        self._closed = False
        self._spawning: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Keep a child started ahead from now on, and start it (in the background)."""
        self._closed = False
        self.warm = True
        self._top_up()

    async def prepare(self, job: ChildJob) -> Result:
        """The report's replies (JSON, files written and images drawn) and audit events."""
        if self._spawning is not None:  # a spare being started: it is the quickest
            await asyncio.shield(self._spawning)  # (its errors are logged there)
        child = await self._take()
        self.busy.append(child)
        top_up = True
        try:
            return await asyncio.to_thread(child.run, job)
        except ChildFailed:  # the builder's error: the child itself is fine
            raise
        except asyncio.CancelledError:  # the bot stops (or gave up the role) mid-report
            child.broken, top_up = True, False
            raise
        except BaseException:  # it died
            child.broken = True
            raise
        finally:
            self.busy.remove(child)
            await self._after(child, top_up)

    async def _after(self, child: Child, top_up: bool) -> None:
        if child.usable() and len(self.idle) < SPARES and not self._closed:
            self.idle.append(child)
            return
        await self._retire(child)  # died, worn out, or one spare is enough
        if top_up:
            self._top_up()

    def pids(self) -> list[int]:
        """The children's process ids, idle ones first (tests)."""
        return [c.pid for c in self.idle + self.busy if c.pid is not None]

    async def close(self) -> None:
        """End every child at once (the bot stops; a report being prepared is prepared
        again at the next start)."""
        self._closed = True
        self.warm = False
        if self._spawning is not None:  # (it ends the child it started: closed)
            await asyncio.shield(self._spawning)
        for child in self.idle + self.busy:
            await asyncio.to_thread(child.kill)
        self.idle.clear()
        self.busy.clear()

    async def _take(self) -> Child:
        while self.idle:
            child = self.idle.pop()
            if child.process.is_alive():
                return child
            child.broken = True
            await self._retire(child)  # died while it waited: never given a job
        return await self._spawn()

    async def _spawn(self) -> Child:
        child = await asyncio.to_thread(Child, self.source)  # (a fork and exec: off the loop)
        self.started += 1
        return child

    def _top_up(self) -> None:
        """Start a spare in the background if the bot keeps one and none is ready."""
        if not self.warm or self._closed or self.idle or self._spawning is not None:
            return
        self._spawning = asyncio.get_running_loop().create_task(self._add_spare(),
                                                                name="report-child-start")

    async def _add_spare(self) -> None:
        try:
            child = await self._spawn()
        except Exception:  # (the next report tries again)
            log.exception("starting a child process for the reports failed")
            return
        finally:
            self._spawning = None
        if self._closed:
            await asyncio.to_thread(child.kill)
        else:
            self.idle.append(child)

    async def _retire(self, child: Child) -> None:
        """An idle child ends on its closed pipe; a dead or busy one is killed (reaped)."""
        await asyncio.to_thread(child.kill if child.broken else child.stop)


def serve(conn: Connection, postgres: bool) -> None:
    """In the child: the imports once, then one report after another until the pipe
    closes."""
    os.nice(NICE)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the bot, which ends us
    threading.Thread(target=_end_with_the_bot, name="bot-watch", daemon=True).start()
    _warm_up(postgres)
    loop = asyncio.new_event_loop()
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            try:
                answer: tuple[str, Any] = ("done", loop.run_until_complete(_prepare(job)))
            except Exception:
                answer = ("failed", traceback.format_exc())
            try:
                conn.send((*answer, _peak_mb()))
            except OSError:  # the bot is gone
                return
    finally:
        loop.close()


def _end_with_the_bot() -> None:
    """The bot killed (SIGKILL, out of memory) while we prepare a report: end at once, not
    when the report is done (an export at 1M runs for minutes, holding a snapshot that keeps
    SQLite's WAL from being checkpointed; the next bot prepares the job again anyway)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)


def _warm_up(postgres: bool) -> None:
    """Everything a report needs, imported before the first job arrives."""
    import bot.app
    import bot.renderers.charts
    import bot.services.reports
    if postgres:
        import bot.store.postgres  # noqa: F401


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, bytes on macOS
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def prepare(job: ChildJob) -> Result:
    """One report, start to end, in this process (a fresh event loop)."""
    return asyncio.run(_prepare(job))


async def _prepare(job: ChildJob) -> Result:
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
