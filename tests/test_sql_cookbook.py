"""docs/sql.md: every query runs unchanged on SQLite and PostgreSQL and answers correctly."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.store import Store
from pipeline.store.readonly import QueryResult, run_read_only
from tests.loading import (
    DIALECTS,
    load_air_attacks,
    load_minfin,
    load_reference,
    reference_nights,
    scratch_database,
)

COOKBOOK = Path(__file__).resolve().parents[1] / "docs" / "sql.md"
# Fourteen months of real bulletins from two sources that disagree on 76 figures, with the
# bulletins' own "(+N)", one day never fetched, and the Air Force's nights.
START, END = dt.date(2025, 3, 1), dt.date(2026, 5, 10)
NEVER_FETCHED = dt.date(2026, 4, 15)


def cookbook_queries() -> dict[str, str]:
    """Each ```sql block of the cookbook under the heading it answers."""
    queries: dict[str, str] = {}
    heading = ""
    for block in re.split(r"^(## .+)$", COOKBOOK.read_text(encoding="utf-8"), flags=re.M):
        if block.startswith("## "):
            heading = block[3:].strip()
            continue
        for number, sql in enumerate(re.findall(r"```sql\n(.*?)```", block, flags=re.S)):
            queries[heading if number == 0 else f"{heading} ({number + 1})"] = sql
    return queries


@pytest.fixture(scope="module", params=DIALECTS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, reference_dir: Path
) -> Iterator[Store]:
    """One loaded database per dialect for the whole module: these tests only read it."""
    with (
        scratch_database(request.param, tmp_path_factory.mktemp("cookbook")) as url,
        Store.open(url) as store,
    ):
        skip = frozenset({NEVER_FETCHED})
        load_reference(store, reference_dir, START, END, skip=skip, reported_changes=True)
        load_minfin(store, reference_dir, START, END, skip=skip)
        load_air_attacks(store, reference_dir, START, END)
        yield store


def run(store: Store, title: str) -> QueryResult:
    return run_read_only(store.database_url, cookbook_queries()[title])


def test_the_cookbook_answers_at_least_ten_questions() -> None:
    assert len(cookbook_queries()) >= 10


def test_every_query_runs_and_returns_rows(loaded: Store) -> None:
    empty = []
    for title, sql in cookbook_queries().items():
        result = run_read_only(loaded.database_url, sql)
        assert result.columns, title
        assert len(set(result.columns)) == len(result.columns), title
        if not result.rows:
            empty.append(title)
    assert empty == []


def test_the_last_30_days_end_on_the_newest_bulletin(loaded: Store) -> None:
    result = run(loaded, "The last 30 days of personnel losses")
    assert result.columns == ["report_date", "day", "personnel", "personnel_change"]
    assert len(result.rows) == 30
    assert str(result.rows[0][0]) == END.isoformat()


def test_monthly_sums_are_the_month_end_differences(loaded: Store, reference_dir: Path) -> None:
    rows = {row[0]: row for row in run(loaded, "Monthly sums").rows}
    # No source disagreed on personnel at these month ends.
    assert rows["2026-04"][1] == 1_330_290 - 1_297_670
    assert rows["2026-04"][2] == 1_330_290
    # The never-fetched day is missing, its loss is counted on the next day.
    assert rows["2026-04"][3] == 29


def test_the_unfetched_day_is_reported_missing_for_every_category(loaded: Store) -> None:
    from pipeline.dates import day_number

    result = run(loaded, "Days a category was not reported")
    assert result.columns == ["category", "missing_day"]
    assert {day for _category, day in result.rows} == {day_number(NEVER_FETCHED)}
    # Ground robotic systems were first reported on 3 May 2026, after it.
    assert len(result.rows) == 14


def test_disagreeing_sources_show_as_revisions_and_changes_that_differ(loaded: Store) -> None:
    revised = run(loaded, "The values a figure had before it was revised")
    # 28 March 2026: the reference says 351 helicopters, minfin (better priority) 350.
    helicopters = [
        row[2] for row in revised.rows if str(row[0]) == "2026-03-28" and row[1] == "helicopters"
    ]
    assert helicopters == [351, 350]
    differing = run(loaded, "Days where the reported change differs from the computed one")
    assert differing.rows


def test_air_force_months_sum_the_nights(loaded: Store, reference_dir: Path) -> None:
    nights = {
        night_date: night
        for night_date, night in reference_nights(reference_dir).items()
        if START <= night_date <= END and night_date.strftime("%Y-%m") == "2025-07"
    }
    rows = {
        row[0]: row
        for row in run(loaded, "The Air Force's monthly launched against shot down").rows
    }
    assert rows["2025-07"][1:4] == (
        len(nights),
        sum(night.launched for night in nights.values()),
        sum(night.shot_down for night in nights.values()),
    )
