"""``losses db grant-readonly ROLE``: analysts read everything and write nothing."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from pipeline.cli import main
from pipeline.store import Store
from tests.conftest import POSTGRES_ADMIN_URL


def config_for(tmp_path: Path, database_url: str) -> str:
    config = tmp_path / "losses.toml"
    config.write_text(f"database_url = {json.dumps(database_url)}\n", encoding="utf-8")
    return str(config)


def test_a_readonly_role_can_query_the_views_but_not_write(
    postgres_url: str, tmp_path: Path
) -> None:
    role = f"analyst_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    as_analyst = create_engine(make_url(postgres_url).set(username=role))
    try:
        Store.open(postgres_url).close()
        result = CliRunner().invoke(
            main, ["db", "grant-readonly", role, "--config", config_for(tmp_path, postgres_url)]
        )
        assert result.exit_code == 0, result.output
        assert "GRANT SELECT ON ALL TABLES IN SCHEMA" in result.output

        with as_analyst.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM daily_losses")).scalar() == 0
            assert connection.execute(text("SELECT count(*) FROM category")).scalar() == 19
            with pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text("DELETE FROM category"))
    finally:
        as_analyst.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def test_an_unknown_role_is_a_clear_error(postgres_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["db", "grant-readonly", "nobody_here", "--config", config_for(tmp_path, postgres_url)],
    )

    assert result.exit_code == 2
    assert "role 'nobody_here' does not exist; create it first" in result.output


def test_sqlite_has_no_roles(sqlite_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["db", "grant-readonly", "analyst", "--config", config_for(tmp_path, sqlite_url)]
    )

    assert result.exit_code == 2
    assert "read-only roles are a PostgreSQL feature; this database is sqlite" in result.output
