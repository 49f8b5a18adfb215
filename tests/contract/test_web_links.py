"""WebLinkStore: a sign-in link for the dashboard, made by `/dasbor` (admin/dashboard.py) and
used once by the dashboard (bot/web/auth.py, the store's own `web_link_use`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contract.conftest import Transaction, later


async def test_a_link_is_used_once_by_whom_it_was_made_for(store: Transaction,
                                                           now: datetime) -> None:
    async with store() as tx:
        await tx.web.web_link_add("hash-1", "telegram", "900", 3, "en", now, later(10))
        await tx.web.web_link_add("hash-2", "telegram", "800", 2, "id", now, later(10))
    async with store() as tx:
        dashboard: Any = tx.web  # the dashboard's side of the same table
        assert await dashboard.web_link_use("hash-1", later(5)) == {
            "channel": "telegram", "user_id": "900", "role": 3, "lang": "en"}
        assert await dashboard.web_link_use("hash-1", later(6)) is None  # once only
        assert await dashboard.web_link_use("hash-2", later(11)) is None  # expired
        assert await dashboard.web_link_use("hash-3", later(5)) is None  # never made

