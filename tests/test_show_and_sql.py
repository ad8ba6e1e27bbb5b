"""`losses show` and `losses sql` on a database of real bulletins."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from pipeline.cli import main
from pipeline.store import Store
from pipeline.store.readonly import RefusedStatement, check_read_only, read_only_engine
from tests.loading import DIALECTS, load_reference, reference_days, scratch_database

START, END = dt.date(2026, 6, 20), dt.date(2026, 8, 8)


@pytest.fixture(scope="module", params=DIALECTS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, reference_dir: Path
) -> Iterator[Store]:
    with (
        scratch_database(request.param, tmp_path_factory.mktemp("show")) as url,
        Store.open(url) as store,
    ):
        load_reference(store, reference_dir, START, END)
        yield store


def losses(store: Store, *arguments: str) -> Result:
    return CliRunner().invoke(
        main, list(arguments), env={"LOSSES_DATABASE_URL": store.database_url}
    )


def test_show_prints_the_latest_week_with_thousands_separators(loaded: Store) -> None:
    result = losses(loaded, "show", "--category", "personnel", "--category", "tanks")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "category" in line)
    assert "2026-08-02" in header and "2026-08-08" in header and "2026-08-01" not in header
    # 8 Aug 2026: 1,456,610 personnel (+1,190 on the day), 12,251 tanks (+4).
    assert "1,456,610" in result.output and "+1,190" in result.output
    assert "12,251" in result.output and "uav" not in result.output


def test_show_long_csv_is_the_reference_series(loaded: Store, reference_dir: Path) -> None:
    reference = reference_days(reference_dir)
    result = losses(
        loaded,
        "show",
        "--long",
        "--format",
        "csv",
        "--since",
        "2026-07-01",
        "--until",
        "2026-07-31",
        "--category",
        "uav",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 31
    for row in rows:
        report_date = dt.date.fromisoformat(row["report_date"])
        previous = reference[report_date - dt.timedelta(days=1)].totals["uav"]
        assert int(row["total"]) == reference[report_date].totals["uav"]
        assert int(row["change"]) == reference[report_date].totals["uav"] - previous
        assert row["source"] == "petroivaniuk"


def test_show_monthly_json_sums_the_daily_changes(loaded: Store, reference_dir: Path) -> None:
    reference = reference_days(reference_dir)
    result = losses(loaded, "show", "--monthly", "--long", "--format", "json")
    assert result.exit_code == 0, result.output
    july = next(
        row
        for row in json.loads(result.output)
        if row["period"] == "2026-07" and row["category"] == "personnel"
    )
    expected = (
        reference[dt.date(2026, 7, 31)].totals["personnel"]
        - reference[dt.date(2026, 6, 30)].totals["personnel"]
    )
    assert (july["change"], july["days_reported"], july["last_date"]) == (
        expected,
        31,
        "2026-07-31",
    )


def test_show_weekly_table_names_the_weeks(loaded: Store) -> None:
    result = losses(loaded, "show", "--weekly", "--category", "tanks")
    assert result.exit_code == 0, result.output
    assert "week 233" in result.output and "from 2026-08-03" in result.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--category", "tank"], "unknown tank; categories are: personnel"),
        (["--since", "28.01.2025"], "'28.01.2025' is not a date like 2025-01-28"),
    ],
)
def test_show_explains_bad_options(loaded: Store, arguments: list[str], message: str) -> None:
    result = losses(loaded, "show", *arguments)
    assert result.exit_code == 2
    assert message in result.output


def test_show_says_when_there_is_nothing_to_show(loaded: Store) -> None:
    result = losses(loaded, "show", "--since", "2023-01-01", "--until", "2023-01-31")
    assert result.exit_code == 1
    assert "no figures in the database for that range" in result.output


def test_sql_prints_csv_and_json(loaded: Store) -> None:
    query = (
        "SELECT category, total FROM latest WHERE category IN ('tanks', 'ships') ORDER BY category"
    )
    as_csv = losses(loaded, "sql", query, "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.output == "category,total\nships,35\ntanks,12251\n"
    as_json = losses(loaded, "sql", query, "--format", "json")
    assert json.loads(as_json.output) == [
        {"category": "ships", "total": 35},
        {"category": "tanks", "total": 12251},
    ]


def test_sql_keeps_percent_signs_and_semicolons_in_strings(loaded: Store) -> None:
    result = losses(
        loaded,
        "sql",
        "SELECT COUNT(*) AS n FROM latest WHERE category LIKE '%tank%' -- ; x;",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert result.output == "n\n2\n"


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM daily_total",
        "DROP VIEW latest",
        "SELECT 1; DELETE FROM daily_total",
        "WITH gone AS (DELETE FROM daily_total RETURNING id) SELECT COUNT(*) FROM gone",
        "PRAGMA query_only = OFF",
    ],
)
def test_sql_refuses_statements_that_write(loaded: Store, statement: str) -> None:
    result = losses(loaded, "sql", statement)
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    with loaded.reader() as session:
        assert session.execute(text("SELECT COUNT(*) FROM daily_total")).scalar_one() > 0


def test_sql_reports_a_query_the_database_cannot_run(loaded: Store) -> None:
    result = losses(loaded, "sql", "SELECT no_such_column FROM latest")
    assert result.exit_code == 1
    assert "the database could not run the query" in result.output
    assert "no_such_column" in result.output


def test_words_inside_strings_are_not_refused() -> None:
    assert check_read_only("SELECT 'DELETE' AS word, \"update\" FROM latest;") == (
        "SELECT 'DELETE' AS word, \"update\" FROM latest"
    )
    with pytest.raises(RefusedStatement, match="INSERT"):
        check_read_only("EXPLAIN INSERT INTO source VALUES (1)")


def test_the_read_only_connection_itself_cannot_write(loaded: Store) -> None:
    engine = read_only_engine(loaded.database_url)
    try:
        with (
            engine.connect() as connection,
            connection.begin(),
            pytest.raises(DBAPIError, match=r"read-only|readonly"),
        ):
            connection.execute(text("DELETE FROM daily_total"))
    finally:
        engine.dispose()
    with loaded.reader() as session:
        assert session.execute(text("SELECT COUNT(*) FROM daily_total")).scalar_one() > 0
