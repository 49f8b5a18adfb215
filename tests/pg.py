"""PostgreSQL for tests: a fresh database per test, created and dropped here.

The backend is chosen with `pytest --backend postgres` (or TUTOR_SENSUS_TEST_BACKEND=postgres);
the server with TUTOR_SENSUS_TEST_POSTGRES (default: the local server, trust auth, user
postgres). Each test gets its own database `ts_test_<random>`, so tests never share data and
the shared `test` database is never touched.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

SERVER = os.environ.get(
    "TUTOR_SENSUS_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


_template: list[str] = []


def _migrated_template() -> str:
    """A database with every migration applied, made once per test run and copied for each
    test (CREATE DATABASE ... TEMPLATE: a file copy, instead of a second of DDL per test)."""
    if _template:
        return _template[0]
    import asyncio
    import atexit
    import threading

    import psycopg

    from bot.store.postgres import PgStore

    name = f"ts_tmpl_{secrets.token_hex(6)}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    async def migrate() -> None:
        store = await PgStore.open(_with_db(SERVER, name))
        await store.close()

    failed: list[BaseException] = []

    def run() -> None:  # (a thread: a test's event loop may be running in this one)
        try:
            asyncio.run(migrate())
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]

    def drop() -> None:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    _template.append(name)
    return name


@contextmanager
def fresh_database(*, migrated: bool = False) -> Iterator[str]:
    """The URL of a new database (empty, or with the schema: `migrated`), dropped afterwards
    (even with workers connected)."""
    import psycopg

    name = f"ts_test_{secrets.token_hex(6)}"
    template = f' TEMPLATE "{_migrated_template()}"' if migrated else ""
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield _with_db(SERVER, name)
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def all_rows_text(url: str) -> bytes:
    """Every row of every table of the database, as JSON text (what a person with the
    database could read), for checks that no personal number is stored in plain text."""
    import psycopg

    out = []
    with psycopg.connect(url) as db:
        tables = [r[0] for r in db.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")]
        for table in tables:
            for (row,) in db.execute(f'SELECT row_to_json(t)::text FROM "{table}" t'):
                out.append(f"{table}: {row}")
    return "\n".join(out).encode()
