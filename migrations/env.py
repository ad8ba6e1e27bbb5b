"""Alembic environment: one code path for the CLI, the tests and pytest-alembic."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from pipeline.store.db import create_db_engine
from pipeline.store.migrate import migration_connection
from pipeline.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies and recreates tables.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # The CLI and pytest-alembic hand over an Engine; alembic's own CLI nothing.
    connectable = config.attributes.get("connection")
    if isinstance(connectable, Connection):
        _run(connectable)
        return
    engine = connectable if isinstance(connectable, Engine) else None
    owned = engine is None
    if engine is None:
        engine = create_db_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with migration_connection(engine) as connection:
            _run(connection)
    finally:
        if owned:
            engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
