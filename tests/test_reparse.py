"""Reparsing the archive: a newer parser's reading replaces a misread, history kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text

from pipeline.ingest import documents_to_reparse, reparse
from pipeline.parse import PARSER_VERSION
from pipeline.store import Figure, NewDocument, SourceSpec, Store
from pipeline.store.archive import archive_document, mark_parsed, sync_sources
from pipeline.store.models import Document, Observation
from pipeline.store.observations import add_observations
from pipeline.store.queries import value_history
from pipeline.store.reconcile import reconcile

DAY = dt.date(2025, 1, 28)
OLD_PARSER = "0.9.0"
# The bulletin of 2025-01-28, real figures.
BULLETIN = (
    "Загальні бойові втрати противника з 24.02.22 по 28.01.25 орієнтовно склали:\n"
    "особового складу ‒ близько 833000 (+1380) осіб\n"
    "танків ‒ 9876 (+5) од\n"
    "бойових броньованих машин ‒ 20573 (+12) од\n"
    "артилерійських систем ‒ 22366 (+27) од\n"
)


def archive_old_reading(store: Store, figures: list[Figure]) -> int:
    """The bulletin as an older parser read it (including its mistakes)."""
    with store.transaction() as session:
        source_id = sync_sources(
            session, [SourceSpec("general-staff", "telegram", "https://t.me/s/GeneralStaffZSU")]
        )["general-staff"]
        document_id = archive_document(
            session, source_id, NewDocument(BULLETIN.encode(), "text/plain")
        )
        assert document_id is not None
        mark_parsed(session, document_id, status="parsed", parser_version=OLD_PARSER)
        add_observations(session, document_id, source_id, figures, OLD_PARSER)
        reconcile(session, {(figure.report_date, figure.category) for figure in figures})
        return document_id


def current_total(store: Store, category: str) -> int | None:
    with store.reader() as session:
        return session.execute(
            text(
                "SELECT total FROM daily_total WHERE report_date = :day AND category = :category"
                " AND valid_to IS NULL"
            ),
            {"day": DAY, "category": category},
        ).scalar_one_or_none()


def test_a_misread_figure_is_superseded_and_the_old_reading_kept(store: Store) -> None:
    # The older parser swapped two digits of the tank total.
    document_id = archive_old_reading(
        store, [Figure(DAY, "tanks", 9786, 5), Figure(DAY, "afv", 20573, 12)]
    )
    assert current_total(store, "tanks") == 9786

    assert documents_to_reparse(store) == [document_id]
    counts = reparse(store, [document_id])

    assert counts.documents_failed == 0
    assert current_total(store, "tanks") == 9876
    assert current_total(store, "personnel") == 833000
    with store.reader() as session:
        tanks = value_history(session, DAY, "tanks")
        readings = session.execute(
            select(Observation.parser_version, func.count())
            .where(Observation.document_id == document_id)
            .group_by(Observation.parser_version)
        ).all()
        version = session.execute(
            select(Document.parser_version).where(Document.id == document_id)
        ).scalar_one()
    assert [(row.total, row.valid_to is None) for row in tanks] == [(9786, False), (9876, True)]
    # Append-only: the old reading is still there, beside the new one.
    assert dict(readings) == {OLD_PARSER: 2, PARSER_VERSION: 4}
    assert version == PARSER_VERSION
    assert documents_to_reparse(store) == []


def test_a_figure_the_text_never_stated_stops_counting(store: Store) -> None:
    # The older parser took a helicopter count from nowhere.
    archive_old_reading(store, [Figure(DAY, "tanks", 9876, 5), Figure(DAY, "helicopters", 331)])
    assert current_total(store, "helicopters") == 331

    reparse(store, documents_to_reparse(store))

    assert current_total(store, "helicopters") is None
    assert current_total(store, "tanks") == 9876
    with store.reader() as session:
        history = value_history(session, DAY, "helicopters")
    assert [(row.total, row.valid_to is not None) for row in history] == [(331, True)]


def test_the_conflict_view_counts_only_current_readings(store: Store) -> None:
    archive_old_reading(store, [Figure(DAY, "tanks", 9786)])
    with store.transaction() as session:
        outlet = sync_sources(session, [SourceSpec("outlet", "feed", "https://outlet.example/rss")])
        document_id = archive_document(
            session, outlet["outlet"], NewDocument(b"tanks 9876", "text/plain")
        )
        assert document_id is not None
        mark_parsed(session, document_id, status="parsed", parser_version=PARSER_VERSION)
        add_observations(
            session, document_id, outlet["outlet"], [Figure(DAY, "tanks", 9876)], PARSER_VERSION
        )
        reconcile(session, {(DAY, "tanks")})
    with store.reader() as session:
        disputed = session.execute(text("SELECT COUNT(*) FROM conflict")).scalar_one()
    assert disputed == 2

    reparse(store, documents_to_reparse(store))

    with store.reader() as session:
        disputed = session.execute(text("SELECT COUNT(*) FROM conflict")).scalar_one()
    assert disputed == 0
    assert current_total(store, "tanks") == 9876
