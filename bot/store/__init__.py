"""The database: SQLite through aiosqlite (the default), or PostgreSQL (bot/store/postgres.py)
when `TUTOR_SENSUS_DATABASE_URL` names one. Open either with `open_store(settings)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.store.db import InboxRow, OutboxRow, Store, StoreMissing, Tx

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = ["InboxRow", "OutboxRow", "Store", "StoreMissing", "Tx", "open_store"]


async def open_store(settings: Settings, *, create: bool = True, migrate: bool = True) -> Any:
    """The store the settings name: PostgreSQL for a database URL, else the SQLite file.

    psycopg is imported only here, for PostgreSQL: the SQLite path does not need it."""
    url = settings.postgres_url
    if url:
        from bot.store.postgres import PgStore
        from conversations.core.campaign import load_campaign

        store: Any = await PgStore.open(
            url, create=create, migrate=migrate,
            timezone=load_campaign(settings.campaign).timezone)
    else:
        store = await Store.open(settings.database_path, create=create, migrate=migrate)
    store.data_dir = settings.data_dir  # files about people (the console's) live there
    return store
