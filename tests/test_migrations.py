"""Migrations: pytest-alembic's checks on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.config import Config
from pytest_alembic.tests import (  # noqa: F401 - collected as tests of this module
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine

from pipeline.store.db import create_db_engine
from pipeline.store.migrate import alembic_config as make_alembic_config


@pytest.fixture
def alembic_engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def alembic_config(alembic_engine: Engine) -> Config:
    return make_alembic_config(alembic_engine)
