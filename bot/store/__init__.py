"""The database: SQLite through aiosqlite (a PostgreSQL store can follow the same interface)."""

from bot.store.db import InboxRow, OutboxRow, Store, StoreMissing, Tx

__all__ = ["InboxRow", "OutboxRow", "Store", "StoreMissing", "Tx"]
