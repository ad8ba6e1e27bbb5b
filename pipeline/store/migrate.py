"""Schema migrations (alembic), driven from code rather than alembic.ini."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text


def _script_location() -> Path:
    package_dir = Path(__file__).resolve().parent.parent
    # A wheel carries the migrations inside the package; a checkout has them at the top.
    for candidate in (package_dir / "_migrations", package_dir.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("the migrations folder is missing from this installation")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_script_location()))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


MIGRATION_LOCK_KEY = 7_302_202_224


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction, fit for running migrations on either dialect."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode recreates a table by copy, drop and rename; enforced foreign keys
            # would make dropping a referenced table fail. SQLite ignores this pragma
            # inside a transaction, so it is set on the driver connection before BEGIN.
            _driver(connection).execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                # Two processes starting on an empty database must not both create tables.
                # SQLite's BEGIN IMMEDIATE already serialises them; PostgreSQL needs a lock.
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                    )
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                _driver(connection).execute("PRAGMA foreign_keys=ON")


def _driver(connection: Connection) -> Any:
    return connection.connection.dbapi_connection


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine)
    config.attributes["connection"] = engine
    command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade to ``revision``; "base" leaves the database empty, bookkeeping included."""
    config = alembic_config(engine)
    config.attributes["connection"] = engine
    command.downgrade(config, revision)
    if revision == "base":
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def ensure_current(engine: Engine) -> None:
    """Upgrade to the newest schema unless the database is already there."""
    if current_revision(engine) != head_revision(engine):
        upgrade(engine)
