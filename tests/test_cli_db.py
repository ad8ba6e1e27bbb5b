"""`losses db upgrade|downgrade|current` and `losses status`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, inspect

from pipeline.cli import main


def losses(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"LOSSES_DATABASE_URL": database_url})


def schema_of(database_url: str) -> dict[str, object]:
    engine = create_engine(database_url)
    try:
        inspector = inspect(engine)
        tables = {
            table: sorted(column["name"] for column in inspector.get_columns(table))
            for table in inspector.get_table_names()
        }
        views = {
            view: [column["name"] for column in inspector.get_columns(view)]
            for view in inspector.get_view_names()
        }
        return {"tables": tables, "views": views}
    finally:
        engine.dispose()


def test_upgrade_gives_the_same_schema_on_sqlite_and_postgresql(
    sqlite_url: str, postgres_url: str
) -> None:
    for url in (sqlite_url, postgres_url):
        result = losses(url, "db", "upgrade")
        assert result.exit_code == 0, result.output
    sqlite_schema, postgres_schema = schema_of(sqlite_url), schema_of(postgres_url)
    assert sqlite_schema == postgres_schema
    assert "daily_losses" in sqlite_schema["views"]  # type: ignore[operator]


def test_downgrade_to_base_leaves_the_database_empty(database_url: str) -> None:
    assert losses(database_url, "db", "upgrade").exit_code == 0
    result = losses(database_url, "db", "downgrade", "base")
    assert result.exit_code == 0, result.output
    assert "base (empty)" in result.output
    assert schema_of(database_url) == {"tables": {}, "views": {}}


def test_current_names_the_revision(database_url: str) -> None:
    assert "base (empty)" in losses(database_url, "db", "current").output
    losses(database_url, "db", "upgrade", "0001")
    result = losses(database_url, "db", "current")
    assert result.exit_code == 0
    assert ": 0001 (newest: " in result.output


def test_status_upgrades_an_empty_database_and_counts_rows(database_url: str) -> None:
    result = losses(database_url, "status")
    # No General Staff figures yet counts as stale: exit 1 (see tests/test_status.py).
    assert result.exit_code == 1, result.output
    assert "General Staff figures: none yet" in result.output
    assert "schema revision: " in result.output
    assert "category" in result.output and "19" in result.output


def test_an_unreachable_database_is_one_clear_error() -> None:
    result = losses("postgresql+psycopg://someone:hunter2@127.0.0.1:1/nothing", "status")
    assert result.exit_code == 2
    assert result.output.startswith("error: cannot open database postgresql+psycopg://someone:***@")
    assert "hunter2" not in result.output


@pytest.mark.parametrize("command", [["db", "upgrade"], ["status"]])
def test_an_unknown_database_scheme_is_one_clear_error(command: list[str]) -> None:
    result = losses("nosuchdb://x", *command)
    assert result.exit_code == 2
    assert result.output.startswith("error: cannot open database nosuchdb://x")
