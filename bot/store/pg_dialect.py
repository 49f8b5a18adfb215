"""SQLite SQL → PostgreSQL SQL, so that every query and migration is written once.

The query groups and migrations are written for SQLite (the embedded default). On PostgreSQL
each statement is translated once by sqlglot (a maintained SQL parser and transpiler) and the
result cached by its text, plus the few rules sqlglot does not know for our purpose:

* `INSERT OR IGNORE` → `INSERT ... ON CONFLICT DO NOTHING`; `LIKE` → `ILIKE` (SQLite's
  LIKE ignores case);
* `?` and numbered `?N` placeholders → psycopg's `%s` (a literal `%` is doubled);
* SQLite's truth values as numbers: `sum(a IS NULL)`, `coalesce(a >= ?, 0)` count booleans as
  0/1 there; here the predicate is cast to an integer;
* `json_extract`/`json_set` on a person's state keep SQLite's meaning through the functions of
  migrations/0016_pg_compat.postgres.sql (numbers and booleans only; what our queries use);
* in migrations: `INTEGER PRIMARY KEY` → `bigint` identity, `INTEGER` → `bigint`,
  `people.state` → `jsonb`, moments → `timestamptz`, flags → `boolean` (see MOMENTS, FLAGS;
  in queries a flag's 0/1 becomes false/true, `sum(flag)` counts it as an integer, and
  `substr(moment, ...)` reads its text).

Where translation is not enough, a statement has an explicit PostgreSQL text in `OVERRIDES`
(keyed by the SQLite text with its white space collapsed), and a migration `NNNN_x.sql` may
have `NNNN_x.postgres.sql` beside it, used instead on PostgreSQL. A file named only
`*.postgres.sql` (no SQLite twin) runs on PostgreSQL alone.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp

_MARK = "tsph_placeholder_mark"
_NUMBERED = re.compile(r"'(?:[^']|'')*'|\?(\d+)")
_SPACE = re.compile(r"\s+")

# SQLite statements whose meaning sqlglot cannot carry over (SQLite's "bare column" of an
# aggregate: the row of max(id)). Key: the SQLite text, white space collapsed.
OVERRIDES: dict[str, str] = {
    " ".join("""
        WITH started AS (SELECT DISTINCT channel, user_id FROM events
           WHERE kind = 'tutorial_start'),
         chosen AS (SELECT channel, user_id, detail, max(id) FROM events
           WHERE kind = 'kecamatan' GROUP BY channel, user_id)
         SELECT coalesce(c.detail, p.kecamatan), count(*) FROM started s
         LEFT JOIN chosen c ON c.channel = s.channel AND c.user_id = s.user_id
         LEFT JOIN people p ON p.channel = s.channel AND p.user_id = s.user_id
         GROUP BY 1""".split()): (
        "WITH started AS (SELECT DISTINCT channel, user_id FROM events"
        "   WHERE kind = 'tutorial_start'),"
        " chosen AS (SELECT DISTINCT ON (channel, user_id) channel, user_id, detail FROM events"
        "   WHERE kind = 'kecamatan' ORDER BY channel, user_id, id DESC)"
        " SELECT coalesce(c.detail, p.kecamatan), count(*) FROM started s"
        " LEFT JOIN chosen c ON c.channel = s.channel AND c.user_id = s.user_id"
        " LEFT JOIN people p ON p.channel = s.channel AND p.user_id = s.user_id"
        " GROUP BY 1"
    ),
}

_BOOLEAN = (exp.Predicate, exp.Not, exp.And, exp.Or, exp.Exists)

# PostgreSQL's own types where SQLite has only TEXT and INTEGER. Moments (by column name):
# `at`, `*_at` and these; `timestamptz` keeps the instant (the offset a value was written with
# is not kept: they read back in the session's time zone, the campaign's, see
# bot/store/postgres.py). Flags (by table): `boolean`, written by the queries as 0/1
# (translated here) and read back as 0/1 (an adapter), as on SQLite. A query compares a
# column of a flag's name as an integer, so the same text serves the tally tables (issue 14,
# integers there) too.
MOMENTS = frozenset({"first_seen", "last_seen", "not_before", "claimed_until"})
FLAGS = {"completions": frozenset({"in_region", "assisted", "own_household"}),
         "tutorial_progress": frozenset({"done"})}
FLAG_NAMES = frozenset().union(*FLAGS.values())


def _is_moment(name: str) -> bool:
    return name == "at" or name.endswith("_at") or name in MOMENTS


def _is_flag(node: exp.Expression | None) -> bool:
    return isinstance(node, exp.Column) and node.name in FLAG_NAMES


def _int(node: exp.Expression) -> exp.Expression:
    return exp.Cast(this=node.copy(), to=exp.DataType.build("INT"))


def _set_flags(assignment: exp.EQ) -> bool:
    """`SET flag = 1` (UPDATE, or ON CONFLICT DO UPDATE) of a table whose flag it is: the value
    as a boolean. False when `assignment` is not such an assignment."""
    parent = assignment.parent
    if isinstance(parent, exp.Update):
        table = parent.this
    elif isinstance(parent, exp.OnConflict) and isinstance(parent.parent, exp.Insert):
        schema = parent.parent.this
        table = schema.this if isinstance(schema, exp.Schema) else schema
    else:
        return False
    column = assignment.this
    if isinstance(column, exp.Column) and isinstance(table, exp.Table) and (
        column.name in FLAGS.get(table.name, ())
    ):
        assignment.set("expression", _as_flag(assignment.expression))
    return True


def _as_flag(node: exp.Expression) -> exp.Expression:
    """A value written to a flag: 0/1 literals become false/true; a parameter or any other
    number is cast (int → boolean: PostgreSQL has no implicit cast)."""
    if _is_number(node):
        while isinstance(node, exp.Paren):
            node = node.this
        return exp.false() if str(node.this) in ("0", "0.0") else exp.true()
    if _is_flag(node) or isinstance(node, (exp.Boolean, exp.Null, *_BOOLEAN)):
        return node
    return exp.Cast(this=exp.Cast(this=node.copy(), to=exp.DataType.build("INT")),
                    to=exp.DataType.build("BOOLEAN"))


def _flags_written(insert: exp.Insert) -> None:
    """INSERT INTO t (..., flag, ...) VALUES (..., 0, ...) / SELECT ..., 1, ...: the values
    at a flag's position as booleans."""
    schema = insert.this
    if not isinstance(schema, exp.Schema):
        return
    source = insert.expression
    if isinstance(source, exp.Select):  # a parameter in a SELECT list is text, not "unknown"
        for column, value in zip(schema.expressions, source.expressions, strict=False):
            if _is_moment(column.name) and _is_parameter(value):
                value.replace(exp.Cast(this=value.copy(),
                                       to=exp.DataType.build("TIMESTAMPTZ")))
    flags = FLAGS.get(schema.this.name, frozenset()) if isinstance(schema.this, exp.Table) \
        else frozenset()
    rows = ([t.expressions for t in source.expressions] if isinstance(source, exp.Values)
            else [source.expressions] if isinstance(source, exp.Select) else [])
    for row in rows:
        for column, value in zip(schema.expressions, list(row), strict=False):
            if column.name in flags:
                if (flag := _as_flag(value)) is not value:
                    value.replace(flag)
            elif _is_flag(value):  # a flag copied into an integer (the tallies' recount)
                value.replace(_int(value))


def _is_parameter(node: exp.Expression) -> bool:
    return isinstance(node, exp.Var) and node.name == _MARK


def _as_int(node: exp.Expression) -> exp.Expression:
    if isinstance(node, _BOOLEAN) or _is_flag(node):
        return exp.Cast(this=exp.Paren(this=node.copy()), to=exp.DataType.build("INT"))
    if isinstance(node, exp.Subquery):  # (SELECT a >= ? ...): cast what it selects
        select = node.this
        if isinstance(select, exp.Select) and len(select.expressions) == 1:
            select.set("expressions", [_as_int(select.expressions[0])])
    return node


def _path(node: exp.Expression) -> str:
    """'$.a.b' back from sqlglot's parsed JSON path."""
    return node.sql(dialect="sqlite").strip("'")


def _rewrite(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Placeholder):
        return exp.Var(this=_MARK)
    if isinstance(node, exp.Like):  # SQLite's LIKE ignores the case of ASCII letters
        return exp.ILike(this=node.this, expression=node.expression)
    alternative = str(node.args.get("alternative") or "").upper()
    if isinstance(node, exp.Insert) and alternative == "IGNORE":
        node.set("alternative", None)
        node.set("conflict", exp.OnConflict(duplicate=False, action=exp.var("DO NOTHING")))
        return node
    if isinstance(node, (exp.JSONExtract, exp.JSONExtractScalar)):
        return exp.Anonymous(this="json_extract", expressions=[
            node.this, exp.Literal.string(_path(node.expression))])
    if isinstance(node, exp.JSONSet):
        parts = [node.this, *node.expressions]
        return exp.Anonymous(this="json_set", expressions=parts)
    if isinstance(node, (exp.Sum, exp.Max, exp.Min)):
        node.set("this", _as_int(node.this))
    if isinstance(node, exp.Coalesce):
        node.set("this", _as_int(node.this))
    if isinstance(node, exp.EQ) and _set_flags(node):
        pass  # (an assignment, not a comparison)
    elif isinstance(node, (exp.EQ, exp.NEQ)):  # flag = 1: compared as an integer
        for mine, other in (("this", "expression"), ("expression", "this")):
            if _is_flag(node.args.get(mine)) and not _is_flag(node.args.get(other)):
                node.set(mine, _int(node.args[mine]))
                if _is_parameter(node.args[other]):
                    node.set(other, _int(node.args[other]))
                break
    if isinstance(node, exp.Insert):
        _flags_written(node)
    if isinstance(node, exp.Substring) and isinstance(node.this, exp.Column) and _is_moment(
        node.this.name
    ):  # substr(at, 1, 10), the day: the text of a timestamptz in the session's zone
        node.set("this", exp.Cast(this=node.this.copy(), to=exp.DataType.build("TEXT")))
    if isinstance(node, exp.Ordered) and isinstance(
        node.parent, (exp.OnConflict, exp.IndexParameters)
    ):
        node.set("nulls_first", None)
    if isinstance(node, exp.Subquery) and not node.alias and isinstance(
        node.parent, (exp.From, exp.Join)
    ):  # PostgreSQL (before 16) wants a name for every subquery in FROM
        node.set("alias", exp.TableAlias(this=exp.to_identifier(f"sub{id(node) % 10_000}")))
    if isinstance(node, (exp.Where, exp.And, exp.Or)):
        for key in ("this", "expression"):  # SQLite's `WHERE 1`: a number as a truth value
            if _is_number(node.args.get(key)):
                node.set(key, exp.true())
    if isinstance(node, exp.Limit) and isinstance(node.expression, exp.Var):
        # SQLite's LIMIT -1 is "no limit"; PostgreSQL's is LIMIT NULL (a negative is an error)
        node.set("expression", exp.func(
            "NULLIF", exp.func("GREATEST", node.expression, exp.Literal.number(-1)),
            exp.Literal.number(-1)))
    if isinstance(node, exp.ColumnDef):
        _column_type(node)
    if isinstance(node, exp.Create) and node.kind == "TABLE":
        _rowid(node)
    return node


def _is_number(node: exp.Expression | None) -> bool:
    while isinstance(node, exp.Paren):
        node = node.this
    return isinstance(node, exp.Literal) and not node.is_string


def _rowid(create: exp.Create) -> None:
    """Every SQLite table has a rowid (insertion order; `ORDER BY r.rowid`). A table without
    an INTEGER PRIMARY KEY (which is the rowid) gets a `rowid` identity column here."""
    schema = create.this
    if not isinstance(schema, exp.Schema):
        return
    columns = [c for c in schema.expressions if isinstance(c, exp.ColumnDef)]
    if any(c.kind and c.kind.this == exp.DataType.Type.BIGINT and any(
            isinstance(k.kind, exp.GeneratedAsIdentityColumnConstraint)
            for k in c.args.get("constraints") or []) for c in columns):
        return
    schema.append("expressions", exp.ColumnDef(
        this=exp.to_identifier("rowid"), kind=exp.DataType.build("BIGINT"),
        constraints=[exp.ColumnConstraint(
            kind=exp.GeneratedAsIdentityColumnConstraint(this=False))]))


def _column_type(column: exp.ColumnDef) -> None:
    kind = column.args.get("kind")
    if kind is None:
        return
    primary = any(isinstance(c.kind, exp.PrimaryKeyColumnConstraint)
                  for c in column.args.get("constraints") or [])
    if kind.this in (exp.DataType.Type.INT, exp.DataType.Type.BIGINT):
        column.set("kind", exp.DataType.build("BIGINT"))
        if primary:  # SQLite's INTEGER PRIMARY KEY is the rowid: numbered by the database
            column.append("constraints", exp.ColumnConstraint(
                kind=exp.GeneratedAsIdentityColumnConstraint(this=False)))
    elif (column.name, _table_of(column)) == ("state", "people") and (
        kind.this == exp.DataType.Type.TEXT
    ):
        column.set("kind", exp.DataType.build("JSONB"))
    elif kind.this == exp.DataType.Type.TEXT and _is_moment(column.name):
        column.set("kind", exp.DataType.build("TIMESTAMPTZ"))
    if column.name in FLAGS.get(_table_of(column) or "", ()) and kind.this in (
        exp.DataType.Type.INT, exp.DataType.Type.BIGINT
    ):
        column.set("kind", exp.DataType.build("BOOLEAN"))
        for constraint in column.args.get("constraints") or []:
            if isinstance(constraint.kind, exp.DefaultColumnConstraint):
                constraint.kind.set("this", _as_flag(constraint.kind.this))


def _table_of(column: exp.ColumnDef) -> str | None:
    """The table a column definition belongs to (CREATE TABLE, or ALTER TABLE ... ADD)."""
    statement = column.find_ancestor(exp.Create, exp.Alter)
    table = statement.find(exp.Table) if statement is not None else None
    return table.name if table is not None else None


def _finish(tree: exp.Expression) -> str:
    # Children first (sqlglot's transform does not descend into a node it replaced).
    for node in reversed(list(tree.dfs())):
        new = _rewrite(node)  # type: ignore[arg-type]  # (sqlglot's Expr is an Expression)
        if new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    sql = tree.sql(dialect="postgres")
    return sql.replace("%", "%%").replace(_MARK, "%s")


@lru_cache(maxsize=4096)
def _translate(sql: str) -> tuple[str, tuple[int, ...] | None]:
    """(PostgreSQL text, order of the parameters for numbered placeholders or None)."""
    override = OVERRIDES.get(_SPACE.sub(" ", sql).strip())
    if override is not None:
        sql = override
    order: list[int] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)
        order.append(int(match.group(1)) - 1)
        return "?"

    plain = _NUMBERED.sub(number, sql)
    trees = sqlglot.parse(plain, read="sqlite")
    if len(trees) != 1 or trees[0] is None:
        raise ValueError(f"expected one statement: {sql[:200]}")
    return _finish(trees[0]), (tuple(order) if order else None)  # type: ignore[arg-type]


def translate(sql: str, params: tuple[Any, ...] = ()) -> tuple[str, tuple[Any, ...]]:
    """One SQLite statement and its parameters, for psycopg on PostgreSQL."""
    text, order = _translate(sql)
    if order is not None:
        params = tuple(params[i] for i in order)
    return text, params


@lru_cache(maxsize=256)
def _script(sql: str) -> tuple[str, ...]:
    trees = sqlglot.parse(sql, read="sqlite")
    return tuple(_finish(tree) for tree in trees if tree is not None)  # type: ignore[arg-type]


def translate_script(sql: str) -> list[str]:
    """A migration file (several statements) as PostgreSQL statements (cached by text)."""
    return list(_script(sql))


def script_statements(sql: str) -> list[str]:
    """A PostgreSQL-only migration file, split into statements (no translation)."""
    return [tree.sql(dialect="postgres") for tree in sqlglot.parse(sql, read="postgres")
            if tree is not None]
