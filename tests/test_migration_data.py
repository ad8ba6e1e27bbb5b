"""Migrations carry existing data: readings stamped with their parser version."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from pipeline.store import migrate
from pipeline.store.db import create_db_engine

INSERTS = [
    "INSERT INTO source (id, name, kind, url, priority, enabled, consecutive_failures,"
    " created_at) VALUES (1, 'general-staff', 'telegram', 'https://t.me/s/x', 1, true, 0,"
    " '2025-01-28 07:00:00')",
    "INSERT INTO document (id, source_id, fetched_at, content_type, content, sha256,"
    " parse_status, parser_version) VALUES (1, 1, '2025-01-28 07:00:00', 'text/plain', :raw,"
    " 'a', 'parsed', '1.0.0'), (2, 1, '2025-01-28 07:05:00', 'text/plain', :raw, 'b',"
    " 'pending', NULL)",
    "INSERT INTO observation (id, document_id, source_id, report_date, category, total,"
    " observed_at) VALUES (1, 1, 1, '2025-01-28', 'tanks', 9876, '2025-01-28 07:00:00'),"
    " (2, 2, 1, '2025-01-28', 'afv', 20573, '2025-01-28 07:05:00')",
    "INSERT INTO daily_total (id, report_date, day, category, total, observation_id, sources,"
    " rule, valid_from) VALUES (1, '2025-01-28', 1070, 'tanks', 9876, 1, 1, 'single_source',"
    " '2025-01-28 07:00:00')",
]


@pytest.fixture
def engine_at_0003(database_url: str) -> Engine:
    engine = create_db_engine(database_url)
    migrate.upgrade(engine, "0003")
    with engine.begin() as connection:
        for statement in INSERTS:
            connection.execute(text(statement), {"raw": b"bulletin"})
    return engine


def test_upgrade_stamps_each_reading_with_its_documents_parser_version(
    engine_at_0003: Engine,
) -> None:
    migrate.upgrade(engine_at_0003)
    with engine_at_0003.connect() as connection:
        stamped = connection.execute(
            text("SELECT id, parser_version FROM observation ORDER BY id")
        ).all()
        chosen = connection.execute(text("SELECT total FROM daily_total")).scalar_one()
    assert [tuple(row) for row in stamped] == [(1, "1.0.0"), (2, "unread")]
    assert chosen == 9876
    engine_at_0003.dispose()


def test_downgrade_is_refused_rather_than_dropping_a_reading(engine_at_0003: Engine) -> None:
    migrate.upgrade(engine_at_0003)
    with engine_at_0003.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO observation (id, document_id, source_id, parser_version, report_date,"
                " category, total, observed_at) VALUES (3, 1, 1, '1.1.0', '2025-01-28', 'tanks',"
                " 9876, '2025-01-29 07:00:00')"
            )
        )
    with pytest.raises(RuntimeError, match="1 documents hold readings of more than one"):
        migrate.downgrade(engine_at_0003, "0003")
    assert migrate.current_revision(engine_at_0003) == "0004"
    engine_at_0003.dispose()


def test_downgrade_with_one_reading_per_document_restores_the_old_key(
    engine_at_0003: Engine,
) -> None:
    migrate.upgrade(engine_at_0003)
    migrate.downgrade(engine_at_0003, "0003")
    with engine_at_0003.connect() as connection:
        rows = connection.execute(text("SELECT COUNT(*) FROM observation")).scalar_one()
        conflicts = connection.execute(text("SELECT COUNT(*) FROM conflict")).scalar_one()
    assert (rows, conflicts) == (2, 0)
    assert migrate.current_revision(engine_at_0003) == "0003"
    engine_at_0003.dispose()
