"""The store contract: each port of conversations/core/ports.py exercised through the Protocol
only, against every backend. A backend is one more `store` parameter: a factory whose
`transaction()` yields something that satisfies `Stores`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.store import Store
from conversations.core.ports import Stores

NOW = datetime(2020, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
Transaction = Callable[[], AbstractAsyncContextManager[Stores]]


@pytest.fixture(params=["sqlite"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Transaction]:
    """`async with store() as tx:` one committed transaction of the backend under test."""
    if request.param == "sqlite":
        backend: Any = await Store.open(tmp_path / "contract.sqlite3")
    else:  # pragma: no cover - another backend registers itself here
        raise ValueError(request.param)
    try:
        yield backend.transaction
    finally:
        await backend.close()


@pytest.fixture
def now() -> datetime:
    return NOW


def later(minutes: int = 1) -> datetime:
    return NOW + timedelta(minutes=minutes)
