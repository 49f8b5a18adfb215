"""Admins' reports waiting or being prepared (issue 14, migration 0031): the job queue of
bot/services/reports.py. Not a port of the features: the processor writes a job with the
update that asked for it, the `reports` role's worker claims and finishes them.

Claiming is a conditional UPDATE (`state = 'pending'`): of two workers that read the same
job, only one changes the row (PostgreSQL re-reads the condition after the other's commit), so
exactly one runs it. Finishing deletes the row only while this worker still holds the claim,
in the transaction that queues the report: a worker that lost its claim (it was thought dead
and the job given to another) queues nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.statements import Repository
from bot.store.timefmt import iso


@dataclass(frozen=True)
class ReportJob:
    id: int
    channel: str
    chat: str
    kind: str
    request: str  # ReportRequest JSON
    attempts: int  # including this claim


class ReportJobQueries(Repository):
    async def add(self, channel: str, chat: str, kind: str, request: str,
                  now: datetime) -> None:
        await self._write(
            "INSERT INTO report_jobs (channel, chat_id, kind, request, asked_at)"
            " VALUES (?, ?, ?, ?, ?)", (channel, chat, kind, request, iso(now)))

    async def claim(self, worker: str, now: datetime, busy: tuple[str, ...] = ()
                    ) -> ReportJob | None:
        """The oldest waiting job of a kind not in `busy`, now this worker's; None if none
        (or another worker claimed it first: the caller asks again)."""
        skip = f" AND kind NOT IN ({', '.join('?' for _ in busy)})" if busy else ""
        row = await self._one(
            "SELECT id, channel, chat_id, kind, request, attempts FROM report_jobs"
            f" WHERE state = 'pending'{skip} ORDER BY id LIMIT 1", busy)
        if row is None:
            return None
        taken = await self._change(
            "UPDATE report_jobs SET state = 'running', attempts = attempts + 1,"
            " claimed_by = ?, claimed_at = ? WHERE id = ? AND state = 'pending'",
            (worker, iso(now), row[0]))
        if taken != 1:
            return None
        return ReportJob(row[0], row[1], row[2], row[3], row[4], row[5] + 1)

    async def release(self, worker: str, *, others: bool) -> int:
        """Running jobs back to waiting: those of every other worker (`others`: this one has
        just become the only worker that runs reports, so they stopped), or this worker's
        own (it is stopping; the try is not counted)."""
        if others:
            return await self._change(
                "UPDATE report_jobs SET state = 'pending', claimed_by = NULL, claimed_at = NULL"
                " WHERE state = 'running' AND (claimed_by IS NULL OR claimed_by != ?)",
                (worker,))
        return await self._change(
            "UPDATE report_jobs SET state = 'pending', claimed_by = NULL, claimed_at = NULL,"
            " attempts = attempts - 1 WHERE state = 'running' AND claimed_by = ?", (worker,))

    async def finish(self, job_id: int, worker: str) -> bool:
        """Delete the job if this worker still holds it (the caller's transaction then queues
        the report); False: it is not ours any more, queue nothing."""
        return 1 == await self._change(
            "DELETE FROM report_jobs WHERE id = ? AND state = 'running' AND claimed_by = ?",
            (job_id, worker))

    async def waiting(self) -> int:
        row = await self._one("SELECT count(*) FROM report_jobs WHERE state = 'pending'")
        return int(row[0]) if row else 0
