"""Two processes writing the same day's observations at once: no duplicates, no error."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

from sqlalchemy import text

from pipeline.store import Figure, NewDocument, SourceSpec, Store
from pipeline.store.archive import archive_document, mark_parsed, sync_sources
from pipeline.store.observations import add_observations
from pipeline.store.reconcile import reconcile
from tests.reference import load_petroivaniuk

# The parser version these hand-made readings carry.
READING = "test-1"

FIRST_DAY = dt.date(2024, 11, 20)
DAYS = 15
WRITERS = 2


def write_days(database_url: str, writer: int, reference_dir: str, start: object) -> None:
    """Each day: a document both writers fetched from one outlet, and one of their own."""
    series = load_petroivaniuk(Path(reference_dir))
    start.wait()  # type: ignore[attr-defined]
    with Store.open(database_url) as store:
        for offset in range(DAYS):
            report_date = FIRST_DAY + dt.timedelta(days=offset)
            figures = [
                Figure(report_date, key, total) for key, total in series[report_date].items()
            ]
            for source in ("shared-outlet", f"writer-{writer}"):
                with store.transaction() as session:
                    ids = sync_sources(
                        session, [SourceSpec(source, "feed", f"https://{source}.example/rss")]
                    )
                    document_id = archive_document(
                        session,
                        ids[source],
                        NewDocument(
                            content=f"bulletin {report_date}".encode(), content_type="text/plain"
                        ),
                    )
                    if document_id is not None:
                        mark_parsed(session, document_id, status="parsed", parser_version=READING)
                        add_observations(session, document_id, ids[source], figures, READING)
                        reconcile(session, {(report_date, figure.category) for figure in figures})


def test_concurrent_writers_leave_one_copy_of_everything(
    store: Store, database_url: str, reference_dir: Path
) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS)
    writers = [
        context.Process(target=write_days, args=(database_url, n, str(reference_dir), start))
        for n in range(WRITERS)
    ]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    assert [process.exitcode for process in writers] == [0] * WRITERS

    series = load_petroivaniuk(reference_dir)
    days = [FIRST_DAY + dt.timedelta(days=offset) for offset in range(DAYS)]
    figures_per_day = {day: len(series[day]) for day in days}
    with store.reader() as session:
        documents = session.execute(text("SELECT COUNT(*) FROM document")).scalar_one()
        observations = session.execute(text("SELECT COUNT(*) FROM observation")).scalar_one()
        duplicates = session.execute(
            text(
                "SELECT COUNT(*) FROM (SELECT report_date, category FROM daily_total"
                " WHERE valid_to IS NULL GROUP BY report_date, category"
                " HAVING COUNT(*) > 1) AS doubled"
            )
        ).scalar_one()
        current = session.execute(
            text(
                "SELECT report_date, category, total, sources, rule FROM daily_total"
                " WHERE valid_to IS NULL"
            )
        ).all()
    assert documents == DAYS * (1 + WRITERS)
    assert observations == sum(figures_per_day.values()) * (1 + WRITERS)
    assert duplicates == 0
    assert len(current) == sum(figures_per_day.values())
    for row in current:
        day = (
            row.report_date
            if isinstance(row.report_date, dt.date)
            else dt.date.fromisoformat(row.report_date)
        )
        assert row.total == series[day][row.category]
        assert (row.sources, row.rule) == (1 + WRITERS, "agreement")
