"""Shared fixtures: every storage test runs on a SQLite file and on real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pipeline.store import Store
from tests.fetch_fixtures import Reference
from tests.localserver import LocalServer, local_server

# The server CI starts; override to point the tests elsewhere.
POSTGRES_ADMIN_URL = os.environ.get(
    "LOSSES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REFERENCE_DIR_CANDIDATES = (
    Path(__file__).resolve().parents[1].parent / "shared" / "reference",
    Path("/work/shared/reference"),
)


def _postgres_unavailable_reason() -> str | None:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return (
            f"PostgreSQL not reachable at {make_url(POSTGRES_ADMIN_URL).render_as_string()}"
            f" ({first_line}); start it or set LOSSES_TEST_POSTGRES_URL"
        )
    return None


_POSTGRES_REASON: str | None = None
_POSTGRES_CHECKED = False


def postgres_skip_reason() -> str | None:
    global _POSTGRES_REASON, _POSTGRES_CHECKED
    if not _POSTGRES_CHECKED:
        _POSTGRES_REASON = _postgres_unavailable_reason()
        _POSTGRES_CHECKED = True
    return _POSTGRES_REASON


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    for candidate in REFERENCE_DIR_CANDIDATES:
        if (candidate / "gs_losses_daily_petroivaniuk.csv").is_file():
            return candidate
    pytest.skip("the shared reference data (../shared/reference) is not beside this checkout")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a schema of its own, dropped afterwards."""
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_ADMIN_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'losses.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each storage test runs once per dialect."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store.open(database_url) as opened:
        yield opened


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 that the test scripts."""
    with local_server() as running:
        yield running


@pytest.fixture
def reference(reference_dir: Path) -> Reference:
    return Reference(reference_dir)
