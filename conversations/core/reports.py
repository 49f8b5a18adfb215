"""Reports prepared in the background (issue 14): what a feature's report builder is given.

An admin's /statistik or /ekspor answers at once with a reply carrying a `ReportRequest`; the
application then calls the feature's builder (`Feature.reports[kind]`) with a
`ReportContext` on a read-only snapshot of the store, outside any write transaction, and
sends the replies it returns. So a report that reads or writes for minutes never holds up a
resident. Builders do no I/O of their own: they read through `tx` and write files through
`files` (bot/renderers/tables.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

from conversations.core.campaign import Campaign
from conversations.core.flow import FlowConfig
from conversations.core.i18n import Translator
from conversations.core.models import Reply, ReportRequest
from conversations.core.ports import ExportFiles, Stores


@dataclass(frozen=True)
class ReportContext:
    tx: Stores  # a read-only snapshot: every query sees the same moment; writes fail
    files: ExportFiles  # where export files are written (the platform's size limit applied)
    campaign: Campaign
    today: date
    t: Translator  # the admin's language
    config: FlowConfig
    request: ReportRequest
    # Audit events (kind, detail) of the admin, written with the report's replies.
    events: list[tuple[str, str | None]] = field(default_factory=list)

    def emit(self, kind: str, detail: str | None = None) -> None:
        self.events.append((kind, detail))


ReportFn = Callable[[ReportContext], Awaitable[list[Reply]]]
