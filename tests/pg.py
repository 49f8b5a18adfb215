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


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new empty database, dropped afterwards (even with workers connected)."""
    import psycopg

    name = f"ts_test_{secrets.token_hex(6)}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
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
