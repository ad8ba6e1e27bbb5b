"""`losses history`: every version of one daily total, and what each source said."""

from __future__ import annotations

import datetime as dt

import time_machine
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.store import Figure, NewDocument, SourceSpec, Store
from pipeline.store.archive import archive_document, mark_parsed, sync_sources
from pipeline.store.observations import add_observations
from pipeline.store.reconcile import reconcile

# Real: on 2024-11-30 the General Staff moved special equipment into other categories,
# 3,640 the day before and 3,557 after a reported -85 (the bulletin's own figure).
DAY = dt.date(2024, 11, 30)
READING = "test-1"
SOURCES = [
    SourceSpec("general-staff", "telegram", "https://t.me/s/GeneralStaffZSU", priority=1),
    SourceSpec("outlet", "feed", "https://outlet.example/rss", priority=20),
]


def state(store: Store, source: str, figure: Figure, url: str) -> None:
    with store.transaction() as session:
        ids = sync_sources(session, SOURCES)
        document_id = archive_document(
            session, ids[source], NewDocument(f"{source} {figure}".encode(), "text/plain", url=url)
        )
        assert document_id is not None
        mark_parsed(session, document_id, status="parsed", parser_version=READING)
        add_observations(session, document_id, ids[source], [figure], READING)
        reconcile(session, {(figure.report_date, figure.category)})


def history(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["history", *args], env={"LOSSES_DATABASE_URL": database_url})


def test_history_shows_each_version_and_each_source(store: Store) -> None:
    moments = [dt.datetime(2024, 11, 30, hour, tzinfo=dt.UTC) for hour in (6, 8, 10)]
    with time_machine.travel(moments[0], tick=False):
        state(store, "general-staff", Figure(DAY, "special_equipment", 3642), "https://t.me/1")
    with time_machine.travel(moments[1], tick=False):
        state(store, "outlet", Figure(DAY, "special_equipment", 3557, -85), "https://o.example/2")
    with time_machine.travel(moments[2], tick=False):
        state(store, "general-staff", Figure(DAY, "special_equipment", 3557, -85), "https://t.me/3")

    result = history(store.database_url, "--date", "2024-11-30", "--category", "special_equipment")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "special_equipment on 2024-11-30:"
    # The outlet disagreed: the General Staff's priority kept 3,642 until it revised too.
    assert lines[1:4] == [
        "  3,642  single_source, 1 source(s),"
        " valid 2024-11-30T06:00:00+00:00 .. 2024-11-30T08:00:00+00:00",
        "  3,642  priority, 1 source(s),"
        " valid 2024-11-30T08:00:00+00:00 .. 2024-11-30T10:00:00+00:00",
        "  3,557  agreement, 2 source(s), valid 2024-11-30T10:00:00+00:00 .. now",
    ]
    assert lines[4] == "what each source said (oldest first):"
    assert lines[5:] == [
        "  2024-11-30T06:00:00+00:00  general-staff: 3,642  https://t.me/1",
        "  2024-11-30T08:00:00+00:00  outlet: 3,557 (-85)  https://o.example/2",
        "  2024-11-30T10:00:00+00:00  general-staff: 3,557 (-85)  https://t.me/3",
    ]


def test_an_unknown_category_is_a_usage_error(store: Store) -> None:
    result = history(store.database_url, "--date", "2024-11-30", "--category", "tank")
    assert result.exit_code == 2
    assert "unknown category 'tank'" in result.output


def test_nothing_stored_is_said_plainly(store: Store) -> None:
    result = history(store.database_url, "--date", "2024-11-30", "--category", "tanks")
    assert result.exit_code == 1
    assert "nothing stored for tanks on 2024-11-30" in result.output
