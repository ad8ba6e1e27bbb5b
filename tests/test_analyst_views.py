"""The analyst views of migration 0003, on real figures, read by plain clients too."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from pipeline.dates import day_number
from pipeline.store import Store, migrate
from tests.loading import (
    DIALECTS,
    load_air_attacks,
    load_minfin,
    load_reference,
    reference_days,
    reference_nights,
    scratch_database,
)

START, END = dt.date(2022, 2, 25), dt.date(2022, 6, 30)
MINFIN_START, MINFIN_END = dt.date(2022, 5, 1), dt.date(2022, 5, 31)
AIR_START, AIR_END = dt.date(2024, 12, 1), dt.date(2025, 1, 31)
ANALYST_VIEWS = {"air_attacks_daily", "weekly_losses", "monthly_losses", "latest", "provenance"}


@pytest.fixture(scope="module", params=DIALECTS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, reference_dir: Path
) -> Iterator[Store]:
    with (
        scratch_database(request.param, tmp_path_factory.mktemp("views")) as url,
        Store.open(url) as store,
    ):
        load_reference(store, reference_dir, START, END)
        load_minfin(store, reference_dir, MINFIN_START, MINFIN_END)
        load_air_attacks(store, reference_dir, AIR_START, AIR_END)
        yield store


def rows(store: Store, sql: str, **parameters: object) -> list[dict[str, object]]:
    with store.reader() as session:
        return [dict(row) for row in session.execute(text(sql), parameters).mappings()]


def test_monthly_sums_are_the_differences_of_month_end_totals(
    loaded: Store, reference_dir: Path
) -> None:
    reference = reference_days(reference_dir)
    april = rows(
        loaded, "SELECT * FROM monthly_losses WHERE month = '2022-04' AND category = 'tanks'"
    )
    assert april == [
        {
            "month": "2022-04",
            "year": 2022,
            "month_number": 4,
            "category": "tanks",
            "change": reference[dt.date(2022, 4, 30)].totals["tanks"]
            - reference[dt.date(2022, 3, 31)].totals["tanks"],
            "total": 1008,
            "days_reported": 30,
            "first_date": april[0]["first_date"],
            "last_date": april[0]["last_date"],
            "first_day": day_number(dt.date(2022, 4, 1)),
            "last_day": day_number(dt.date(2022, 4, 30)),
        }
    ]
    assert str(april[0]["first_date"]) == "2022-04-01"
    assert str(april[0]["last_date"]) == "2022-04-30"


def test_weeks_run_monday_to_sunday(loaded: Store) -> None:
    weeks = rows(loaded, "SELECT * FROM weekly_losses WHERE category = 'personnel' ORDER BY week")
    first, second = weeks[0], weeks[1]
    # Day 1 was Thursday 24 Feb 2022; the reference starts on the 25th.
    assert (first["week"], str(first["first_date"]), str(first["last_date"])) == (
        1,
        "2022-02-25",
        "2022-02-27",
    )
    assert (second["week"], str(second["first_date"]), str(second["last_date"])) == (
        2,
        "2022-02-28",
        "2022-03-06",
    )
    for week in weeks[1:-1]:
        assert dt.date.fromisoformat(str(week["first_date"])).weekday() == 0
        assert week["days_reported"] == 7


def test_latest_gives_each_category_its_newest_figure_and_document(loaded: Store) -> None:
    latest = {row["category"]: row for row in rows(loaded, "SELECT * FROM latest")}
    assert str(latest["tanks"]["report_date"]) == END.isoformat()
    # Closed series keep their last figure.
    assert str(latest["pow"]["report_date"]) == "2022-04-27"
    assert str(latest["military_auto"]["report_date"]) == "2022-04-30"
    assert latest["military_auto"]["total"] == 1701
    assert latest["tanks"]["source"] == "petroivaniuk"
    assert str(latest["tanks"]["document_url"]).endswith(f"#{END.isoformat()}")


def test_provenance_lists_every_document_stating_the_figure(loaded: Store) -> None:
    # 10 May 2022: both sources said 1170 tanks.
    behind = rows(
        loaded,
        "SELECT source, chosen, rule, sources FROM provenance"
        " WHERE category = 'tanks' AND day = :day ORDER BY source",
        day=day_number(dt.date(2022, 5, 10)),
    )
    assert [row["source"] for row in behind] == ["minfin", "petroivaniuk"]
    assert sum(int(str(row["chosen"])) for row in behind) == 1
    assert {row["rule"] for row in behind} == {"agreement"}


def test_air_attacks_daily_sums_drones_and_missiles(loaded: Store, reference_dir: Path) -> None:
    nights = reference_nights(reference_dir)
    found = rows(loaded, "SELECT * FROM air_attacks_daily ORDER BY report_date")
    expected = [d for d in sorted(nights) if AIR_START <= d <= AIR_END]
    assert [str(row["report_date"]) for row in found] == [d.isoformat() for d in expected]
    for row in found:
        night = nights[dt.date.fromisoformat(str(row["report_date"]))]
        assert row["launched"] == night.launched
        assert row["shot_down"] == night.shot_down
        assert row["lost_locationally"] == night.lost_locationally
        if night.launched:
            assert row["share_intercepted"] == pytest.approx(night.shot_down / night.launched)


def test_views_open_in_plain_sqlite3_without_our_code(sqlite_url: str, reference_dir: Path) -> None:
    # A SQLite file is what sqlite3, DuckDB's sqlite scanner and Datasette open.
    with Store.open(sqlite_url) as store:
        # The sources disagree on helicopters from 22 March 2026 (351 against 350).
        load_reference(store, reference_dir, dt.date(2026, 3, 20), dt.date(2026, 3, 25))
        load_minfin(store, reference_dir, dt.date(2026, 3, 20), dt.date(2026, 3, 25))
        load_air_attacks(store, reference_dir, AIR_START, AIR_END)
        path = store.engine.url.database
    assert path is not None
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        for view in sorted(ANALYST_VIEWS | {"daily_losses", "daily_losses_long", "conflict"}):
            count = connection.execute(f"SELECT COUNT(*) FROM {view}").fetchone()[0]
            assert count > 0, view


def test_downgrade_drops_the_views_and_keeps_the_data(store: Store, reference_dir: Path) -> None:
    load_reference(store, reference_dir, dt.date(2022, 5, 1), dt.date(2022, 5, 3))
    migrate.downgrade(store.engine, "0002")
    assert ANALYST_VIEWS.isdisjoint(inspect(store.engine).get_view_names())
    with store.reader() as session:
        assert session.execute(text("SELECT COUNT(*) FROM daily_losses")).scalar_one() == 3
    migrate.upgrade(store.engine)
    assert set(inspect(store.engine).get_view_names()) >= ANALYST_VIEWS
