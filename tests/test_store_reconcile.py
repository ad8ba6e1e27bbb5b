"""Choosing the daily total among sources, keeping conflicts and revisions."""

from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import text

from pipeline.store import Figure, NewDocument, SourceSpec, Store
from pipeline.store.archive import archive_document, mark_parsed, sync_sources
from pipeline.store.observations import add_observations
from pipeline.store.queries import totals_as_of, value_history
from pipeline.store.reconcile import SourceValue, choose, reconcile

# The parser version these hand-made readings carry.
READING = "test-1"

# Real figures: tanks on 2025-01-27 and 2025-01-28 were 9871 and 9876.
DAY = dt.date(2025, 1, 28)
SOURCES = [
    SourceSpec("general-staff", "telegram", "https://t.me/s/GeneralStaffZSU", priority=1),
    SourceSpec("outlet-a", "feed", "https://a.example/rss", priority=20),
    SourceSpec("outlet-b", "feed", "https://b.example/rss", priority=20),
]


def state(store: Store, source: str, figures: list[Figure]) -> None:
    """One document from ``source`` stating ``figures``, ingested and reconciled."""
    with store.transaction() as session:
        ids = sync_sources(session, SOURCES)
        content = f"{source} {figures!r}".encode()
        document_id = archive_document(
            session, ids[source], NewDocument(content=content, content_type="text/plain")
        )
        assert document_id is not None
        mark_parsed(session, document_id, status="parsed", parser_version=READING)
        add_observations(session, document_id, ids[source], figures, READING)
        reconcile(session, {(figure.report_date, figure.category) for figure in figures})


def current_tanks(store: Store) -> tuple[int, int | None, int, str]:
    with store.reader() as session:
        row = session.execute(
            text(
                "SELECT total, change, sources, rule FROM daily_total"
                " WHERE category = 'tanks' AND report_date = :day AND valid_to IS NULL"
            ),
            {"day": DAY},
        ).one()
    return (row.total, row.change, row.sources, row.rule)


def value(source_id: int, priority: int, total: int, observation_id: int) -> SourceValue:
    return SourceValue(observation_id, source_id, priority, total, None, None)


def test_a_lone_source_is_taken_as_it_is() -> None:
    assert choose([value(1, 20, 9876, 1)]).rule == "single_source"


def test_two_sources_agreeing_beat_the_higher_priority_outlier() -> None:
    choice = choose([value(1, 1, 9786, 1), value(2, 20, 9876, 2), value(3, 20, 9876, 3)])
    assert (choice.total, choice.rule, choice.sources) == (9876, "majority", 2)


def test_without_a_majority_the_best_priority_wins() -> None:
    choice = choose([value(1, 1, 9876, 1), value(2, 20, 9875, 2)])
    assert (choice.total, choice.rule) == (9876, "priority")


def test_equal_priorities_without_a_majority_take_the_newest() -> None:
    choice = choose([value(2, 20, 9875, 7), value(3, 20, 9876, 9)])
    assert (choice.total, choice.rule) == (9876, "newest")


def test_every_source_agreeing_is_agreement() -> None:
    choice = choose([value(1, 1, 9876, 1), value(2, 20, 9876, 2)])
    assert (choice.total, choice.rule, choice.sources) == (9876, "agreement", 2)


def test_change_is_computed_from_the_previous_reported_day(store: Store) -> None:
    state(store, "general-staff", [Figure(DAY - dt.timedelta(days=1), "tanks", 9871)])
    state(store, "general-staff", [Figure(DAY, "tanks", 9876, reported_change=5)])
    assert current_tanks(store) == (9876, 5, 1, "single_source")


def test_a_disagreement_is_kept_in_the_conflict_view(store: Store) -> None:
    state(store, "general-staff", [Figure(DAY, "tanks", 9876)])
    state(store, "outlet-a", [Figure(DAY, "tanks", 9867)])
    with store.reader() as session:
        rows = session.execute(
            text(
                "SELECT source, value, chosen, rule, agrees FROM conflict"
                " WHERE category = 'tanks' ORDER BY source"
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("general-staff", 9876, 9876, "priority", 1),
        ("outlet-a", 9867, 9876, "priority", 0),
    ]


def test_a_value_revised_twice_keeps_three_rows_and_each_as_of_its_time(store: Store) -> None:
    moments = [
        dt.datetime(2025, 1, 28, 7, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 28, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 29, 7, 0, tzinfo=dt.UTC),
    ]
    for moment, total in zip(moments, [9867, 9876, 9877], strict=True):
        with time_machine.travel(moment, tick=False):
            state(store, "general-staff", [Figure(DAY, "tanks", total)])
    with store.reader() as session:
        history = value_history(session, DAY, "tanks")
        assert [(row.total, row.valid_from, row.valid_to) for row in history] == [
            (9867, moments[0], moments[1]),
            (9876, moments[1], moments[2]),
            (9877, moments[2], None),
        ]
        believed = [
            totals_as_of(session, moment + dt.timedelta(minutes=30), "tanks")[0].total
            for moment in moments
        ]
        assert totals_as_of(session, moments[0] - dt.timedelta(minutes=1)) == []
    assert believed == [9867, 9876, 9877]


def test_revising_a_day_recomputes_the_next_days_change(store: Store) -> None:
    state(store, "general-staff", [Figure(DAY - dt.timedelta(days=1), "tanks", 9781)])
    state(store, "general-staff", [Figure(DAY, "tanks", 9876)])
    state(store, "general-staff", [Figure(DAY - dt.timedelta(days=1), "tanks", 9871)])
    assert current_tanks(store) == (9876, 5, 1, "single_source")
