"""Analysts' own SQL, run so that it cannot change the database.

The real protection is the connection: SQLite is opened read-only
(``mode=ro`` URI, and ``PRAGMA query_only``), and every PostgreSQL transaction
is ``READ ONLY``. The statement check before it exists to refuse writing
statements with a clear message instead of a driver error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

READING_STATEMENTS = {"SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN"}
WRITING_WORDS = {
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "UPSERT",
    "DROP",
    "CREATE",
    "ALTER",
    "TRUNCATE",
    "ATTACH",
    "DETACH",
    "PRAGMA",
    "VACUUM",
    "REINDEX",
    "GRANT",
    "REVOKE",
    "COPY",
    "CALL",
    "LOCK",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "SET",
    "RESET",
}
# Comments, string literals and quoted identifiers: words inside them are not SQL.
_NOT_CODE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", re.DOTALL)
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


class RefusedStatement(ValueError):
    """The statement could change the database, or is not one statement."""


class QueryFailed(RuntimeError):
    """The database could not run the statement (its message, first line)."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def check_read_only(sql: str) -> str:
    """The statement without trailing semicolons, or RefusedStatement saying why not."""
    code = _NOT_CODE.sub(" ", sql)
    statements = [part for part in code.split(";") if part.strip()]
    if not statements:
        raise RefusedStatement("no SQL statement given")
    if len(statements) > 1:
        raise RefusedStatement("give one statement at a time")
    words = [word.upper() for word in _WORD.findall(statements[0])]
    if not words or words[0] not in READING_STATEMENTS:
        first = words[0] if words else statements[0].strip()[:20]
        raise RefusedStatement(
            f"only reading statements are run (SELECT, WITH, VALUES, EXPLAIN), not {first}"
        )
    writing = sorted(WRITING_WORDS.intersection(words))
    if writing:
        raise RefusedStatement(
            f"this statement could change the database ({', '.join(writing)}): refused,"
            " the database is opened read-only"
        )
    return sql.strip().rstrip(";").strip()


def read_only_engine(database_url: str) -> Engine:
    """An engine whose connections cannot write."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            raise RefusedStatement(f"cannot open {database or 'an in-memory database'} read-only")
        path = Path(database).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"no database file at {path}")
        engine = create_engine(f"sqlite:///{path.as_uri()}?mode=ro&uri=true")

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA query_only = ON")
            cursor.close()

        return engine
    engine = create_engine(url)

    @event.listens_for(engine, "begin")
    def _read_only_transaction(connection: Any) -> None:
        # Months in the views are cut from dates printed as ISO text.
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        connection.exec_driver_sql("SET LOCAL datestyle = 'ISO'")

    return engine


def run_read_only(database_url: str, sql: str) -> QueryResult:
    """Run one reading statement on a read-only connection and return every row."""
    statement = check_read_only(sql)
    engine = read_only_engine(database_url)
    driver_error = engine.dialect.loaded_dbapi.Error
    try:
        with engine.connect() as connection, connection.begin() as transaction:
            # The driver's own cursor, so that '%' in the SQL is not taken for a placeholder.
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(statement)
            except driver_error as error:
                lines = str(error).strip().splitlines() or [type(error).__name__]
                raise QueryFailed(lines[0]) from error
            columns = [description[0] for description in cursor.description or ()]
            rows = [tuple(row) for row in cursor.fetchall()] if columns else []
            cursor.close()
            transaction.rollback()
    finally:
        engine.dispose()
    return QueryResult(columns=columns, rows=rows)
