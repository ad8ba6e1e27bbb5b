"""Real figures in, the same figures out of the ``daily_losses`` view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from pipeline.categories import CATEGORY_KEYS
from pipeline.dates import day_number
from pipeline.store import Figure, NewDocument, SourceSpec, Store
from pipeline.store.archive import archive_document, mark_parsed, sync_sources
from pipeline.store.observations import add_observations
from pipeline.store.reconcile import reconcile
from tests.reference import load_petroivaniuk

# The parser version these hand-made readings carry.
READING = "test-1"

# Three weeks across the 2022-05-01 merge (military auto + fuel tanks became one
# series; mobile SRBM systems ended; cruise missiles began) and a 2026 window in
# which ground robotic systems open at 1306.
WINDOWS = [
    (dt.date(2022, 4, 20), dt.date(2022, 5, 10)),
    (dt.date(2026, 4, 28), dt.date(2026, 5, 8)),
]


def load_window(store: Store, series: dict[dt.date, dict[str, int]]) -> list[dt.date]:
    dates = [
        report_date
        for start, end in WINDOWS
        for report_date in sorted(series)
        if start <= report_date <= end
    ]
    with store.transaction() as session:
        source_id = sync_sources(
            session, [SourceSpec("reference", "dataset_json", "https://example.org")]
        )["reference"]
        for report_date in dates:
            document_id = archive_document(
                session,
                source_id,
                NewDocument(content=repr(series[report_date]).encode(), content_type="text/plain"),
            )
            assert document_id is not None
            mark_parsed(session, document_id, status="parsed", parser_version=READING)
            add_observations(
                session,
                document_id,
                source_id,
                [Figure(report_date, key, total) for key, total in series[report_date].items()],
                READING,
            )
        reconcile(session)
    return dates


def expected_change(
    series: dict[dt.date, dict[str, int]], report_date: dt.date, key: str
) -> int | None:
    previous = series.get(report_date - dt.timedelta(days=1))
    if previous is None or key not in series[report_date]:
        return None
    if key in previous:
        return series[report_date][key] - previous[key]
    if key == "vehicles_fuel_tanks" and "military_auto" in previous:
        return series[report_date][key] - previous["military_auto"] - previous["fuel_tanks"]
    return None


def test_daily_losses_returns_the_reference_totals_and_changes(
    store: Store, reference_dir: Path
) -> None:
    series = load_petroivaniuk(reference_dir)
    dates = load_window(store, series)
    with store.reader() as session:
        rows = (
            session.execute(text("SELECT * FROM daily_losses ORDER BY report_date"))
            .mappings()
            .all()
        )
    assert [str(row["report_date"]) for row in rows] == [d.isoformat() for d in dates]
    for row in rows:
        report_date = dt.date.fromisoformat(str(row["report_date"]))
        assert row["day"] == day_number(report_date)
        for key in CATEGORY_KEYS:
            assert row[key] == series[report_date].get(key), (report_date, key)
            if report_date - dt.timedelta(days=1) in series and (
                report_date - dt.timedelta(days=1)
            ) >= min(d for d in dates if d.year == report_date.year):
                assert row[f"{key}_change"] == expected_change(series, report_date, key), (
                    report_date,
                    key,
                )


def test_the_merge_day_continues_the_merged_series(store: Store, reference_dir: Path) -> None:
    series = load_window_and_get(store, reference_dir)
    with store.reader() as session:
        row = session.execute(
            text(
                "SELECT vehicles_fuel_tanks, vehicles_fuel_tanks_change, military_auto,"
                " mobile_srbm_systems, cruise_missiles, cruise_missiles_change"
                " FROM daily_losses WHERE day = :day"
            ),
            {"day": day_number(dt.date(2022, 5, 1))},
        ).one()
    # 1796 on 1 May against 1701 military auto + 76 fuel tanks on 30 April.
    assert row.vehicles_fuel_tanks == 1796
    assert row.vehicles_fuel_tanks_change == 1796 - 1701 - 76
    # Closed and new series are never zero-filled, and an opening balance has no change.
    assert row.military_auto is None
    assert row.mobile_srbm_systems is None
    assert row.cruise_missiles == series[dt.date(2022, 5, 1)]["cruise_missiles"]
    assert row.cruise_missiles_change is None


def test_ground_robotic_systems_open_at_their_opening_balance(
    store: Store, reference_dir: Path
) -> None:
    load_window_and_get(store, reference_dir)
    with store.reader() as session:
        opening = session.execute(
            text(
                "SELECT report_date, ground_robotic_systems, ground_robotic_systems_change"
                " FROM daily_losses WHERE ground_robotic_systems IS NOT NULL"
                " ORDER BY report_date LIMIT 1"
            )
        ).one()
    assert str(opening.report_date) == "2026-05-03"
    assert opening.ground_robotic_systems == 1306
    assert opening.ground_robotic_systems_change is None


def test_long_view_has_one_row_per_reported_figure(store: Store, reference_dir: Path) -> None:
    series = load_window_and_get(store, reference_dir)
    with store.reader() as session:
        count = session.execute(text("SELECT COUNT(*) FROM daily_losses_long")).scalar_one()
        one = session.execute(
            text(
                "SELECT total, change, sources FROM daily_losses_long"
                " WHERE category = 'tanks' AND day = :day"
            ),
            {"day": day_number(dt.date(2022, 5, 2))},
        ).one()
    expected_rows = sum(
        len(series[d]) for start, end in WINDOWS for d in series if start <= d <= end
    )
    assert count == expected_rows
    assert (one.total, one.change, one.sources) == (1048, 1048 - 1026, 1)


def test_reconciling_again_writes_nothing(store: Store, reference_dir: Path) -> None:
    load_window_and_get(store, reference_dir)
    with store.transaction() as session:
        stats = reconcile(session)
    assert (stats.inserted, stats.superseded) == (0, 0)


def load_window_and_get(store: Store, reference_dir: Path) -> dict[dt.date, dict[str, int]]:
    series = load_petroivaniuk(reference_dir)
    load_window(store, series)
    return series


def test_dates_are_iso_text_on_sqlite_and_dates_on_postgresql(
    store: Store, reference_dir: Path
) -> None:
    load_window_and_get(store, reference_dir)
    with store.reader() as session:
        value = session.execute(
            text("SELECT report_date FROM daily_losses ORDER BY report_date LIMIT 1")
        ).scalar_one()
    if store.dialect == "sqlite":
        assert value == "2022-04-20"
    else:
        assert value == dt.date(2022, 4, 20)
