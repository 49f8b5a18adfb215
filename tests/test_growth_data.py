"""bench/growth_data.py builds its large databases fast (triggers and indexes off during the
load, then the indexes made, the counters counted and the triggers put back). The figures of
bench/growth.py hold only if that file is the one the bot would have written row by row: the
same rows in every table, the same counters and statistics, the same schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench.growth_data import build

pytestmark = pytest.mark.sqlite  # the generator writes SQLite files


def _contents(path: Path) -> dict[str, object]:
    db = sqlite3.connect(path)
    try:
        out: dict[str, object] = {"schema": sorted(db.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
            " WHERE name NOT LIKE 'sqlite_%'").fetchall())}
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'schema_migrations'")]
        for table in tables:
            rows = db.execute(f"SELECT * FROM {table}").fetchall()
            if table.startswith("tally_") or table == "row_counts":
                rows = [r for r in rows if any(v for v in r[-2:] if isinstance(v, int))]
            out[table] = sorted(rows, key=repr)
        out["integrity"] = db.execute("PRAGMA integrity_check").fetchall()
        out["auto_vacuum"] = db.execute("PRAGMA auto_vacuum").fetchone()
        return out
    finally:
        db.close()


def test_the_fast_build_writes_what_row_by_row_writing_would(tmp_path: Path) -> None:
    fast, slow = tmp_path / "fast.sqlite3", tmp_path / "slow.sqlite3"
    build(fast, 600, quiet=True, fast=True)
    build(slow, 600, quiet=True, fast=False)
    got, expected = _contents(fast), _contents(slow)
    assert got["integrity"] == [("ok",)]
    assert sum(n for _, n in _totals(got)) == 600  # people counted by the tally
    assert got.keys() == expected.keys()
    for name in expected:
        assert got[name] == expected[name], name


def _totals(contents: dict[str, object]) -> list[tuple[str, int]]:
    rows = contents["tally_totals"]
    assert isinstance(rows, list)
    return [(r[1], r[2]) for r in rows if r[0] == "people"]
