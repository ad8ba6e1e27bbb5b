"""`losses export`: our tables and the public datasets' formats, read back and compared."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from pipeline.analysis.petroivaniuk import EQUIPMENT_CSV_COLUMNS, EQUIPMENT_KEYS
from pipeline.analysis.russianwarship import STATS_KEYS
from pipeline.cli import main
from pipeline.dates import day_number
from pipeline.store import Store
from pipeline.store.readonly import run_read_only
from pipeline.store.series import daily_values
from tests.loading import DIALECTS, load_reference, scratch_database
from tests.reference import PETROIVANIUK_COLUMNS
from tests.test_sql_cookbook import cookbook_queries

REFERENCE_COLUMN = {key: column for column, key in PETROIVANIUK_COLUMNS.items()}


@pytest.fixture(scope="module", params=DIALECTS)
def everything(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, reference_dir: Path
) -> Iterator[Store]:
    """The whole reference series, 25 Feb 2022 to 8 Aug 2026."""
    with (
        scratch_database(request.param, tmp_path_factory.mktemp("export")) as url,
        Store.open(url) as store,
    ):
        load_reference(store, reference_dir)
        yield store


@pytest.fixture(scope="module")
def reference_rows(reference_dir: Path) -> dict[str, dict[str, str]]:
    with (reference_dir / "gs_losses_daily_petroivaniuk.csv").open(encoding="utf-8") as handle:
        return {row["date"]: row for row in csv.DictReader(handle)}


def export(store: Store, out: Path, *arguments: str) -> Result:
    result = CliRunner().invoke(
        main,
        ["export", "--out", str(out), *arguments],
        env={"LOSSES_DATABASE_URL": store.database_url},
    )
    assert result.exit_code == 0, result.output
    return result


def database_long(store: Store, since: dt.date, until: dt.date) -> pd.DataFrame:
    with store.reader() as session:
        values = daily_values(session, since, until)
    return pd.DataFrame(
        [(v.report_date.isoformat(), v.day, v.category, v.total, v.change) for v in values],
        columns=["report_date", "day", "category", "total", "change"],
    )


@pytest.mark.parametrize("file_format", ["csv", "json", "parquet"])
def test_our_tables_round_trip(everything: Store, tmp_path: Path, file_format: str) -> None:
    since, until = dt.date(2022, 4, 20), dt.date(2022, 5, 10)
    export(
        everything, tmp_path, "--format", file_format, "--since", str(since), "--until", str(until)
    )
    read = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[file_format]
    long = read(tmp_path / f"losses_daily_long.{file_format}")
    wide = read(tmp_path / f"losses_daily_wide.{file_format}")
    expected = database_long(everything, since, until)

    long["report_date"] = pd.to_datetime(long["report_date"]).dt.strftime("%Y-%m-%d")
    compared = long[expected.columns].astype({"change": "Float64"}).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        compared, expected.astype({"change": "Float64"}), check_dtype=False
    )
    assert set(long["source"]) == {"petroivaniuk"}

    assert len(wide) == (until - since).days + 1
    assert list(wide["day"]) == [day_number(since) + n for n in range(len(wide))]
    merge_day = wide[wide["day"] == day_number(dt.date(2022, 5, 1))].iloc[0]
    assert merge_day["vehicles_fuel_tanks"] == 1796
    assert merge_day["vehicles_fuel_tanks_change"] == 1796 - 1701 - 76
    assert pd.isna(merge_day["military_auto"]) and pd.isna(merge_day["cruise_missiles_change"])
    assert merge_day["source"] == "petroivaniuk"


def test_petroivaniuk_files_reproduce_the_dataset(
    everything: Store, tmp_path: Path, reference_rows: dict[str, dict[str, str]]
) -> None:
    export(everything, tmp_path, "--format", "petroivaniuk")
    equipment = json.loads((tmp_path / "russia_losses_equipment.json").read_text("utf-8"))
    personnel = json.loads((tmp_path / "russia_losses_personnel.json").read_text("utf-8"))
    assert [record["date"] for record in equipment] == sorted(reference_rows)
    assert [record["date"] for record in personnel] == sorted(reference_rows)
    for record in equipment:
        row = reference_rows[record["date"]]
        expected = {
            key: int(float(row[REFERENCE_COLUMN[ours]]))
            for key, ours in EQUIPMENT_KEYS.items()
            if row[REFERENCE_COLUMN[ours]]
        }
        # The key set changes over time exactly as in the dataset, numbers are ints.
        assert record == {"date": row["date"], "day": int(row["war_day"]), **expected}
    for record in personnel:
        row = reference_rows[record["date"]]
        expected_personnel = {
            "date": row["date"],
            "day": int(row["war_day"]),
            "personnel": int(row["personnel"]),
            "personnel*": row["personnel_qualifier"],
        }
        if row["pow"]:
            expected_personnel["POW"] = int(row["pow"])
        assert record == expected_personnel


def test_petroivaniuk_csvs_read_like_the_kaggle_files(
    everything: Store, tmp_path: Path, reference_rows: dict[str, dict[str, str]]
) -> None:
    export(everything, tmp_path, "--format", "petroivaniuk")
    equipment = pd.read_csv(tmp_path / "russia_losses_equipment.csv")
    personnel = pd.read_csv(tmp_path / "russia_losses_personnel.csv")
    assert list(equipment.columns) == EQUIPMENT_CSV_COLUMNS
    assert list(personnel.columns) == ["date", "day", "personnel", "personnel*", "POW"]
    # Newest first, as published.
    assert equipment["date"].iloc[0] == "2026-08-08" and equipment["date"].iloc[-1] == "2022-02-25"
    assert equipment["greatest losses direction"].isna().all()
    for _, line in equipment.iterrows():
        row = reference_rows[line["date"]]
        for key, ours in EQUIPMENT_KEYS.items():
            value = row[REFERENCE_COLUMN[ours]]
            if value:
                assert line[key] == int(float(value)), (line["date"], key)
            else:
                assert math.isnan(line[key]), (line["date"], key)
    assert personnel.set_index("date").loc["2025-01-29", "personnel"] == 834_670
    assert personnel.set_index("date").loc["2022-02-25", "personnel*"] == "about"


def test_russianwarship_records_have_the_api_shape(
    everything: Store, tmp_path: Path, reference_rows: dict[str, dict[str, str]]
) -> None:
    export(everything, tmp_path, "--format", "russianwarship")
    listing = json.loads((tmp_path / "russianwarship_statistics.json").read_text("utf-8"))
    latest = json.loads((tmp_path / "russianwarship_latest.json").read_text("utf-8"))
    records = listing["data"]["records"]
    assert latest["data"] == records[0]
    assert [record["date"] for record in records] == sorted(reference_rows, reverse=True)
    by_date = {record["date"]: record for record in records}
    for record in records:
        assert set(record) == {"date", "day", "resource", "stats", "increase"}
        assert list(record["stats"]) == list(STATS_KEYS)
        row = reference_rows[record["date"]]
        assert record["day"] == int(row["war_day"])
        for key, ours in STATS_KEYS.items():
            value = row[REFERENCE_COLUMN[ours]]
            if ours == "vehicles_fuel_tanks" and not value:
                expected = int(row["military_auto"]) + int(row["fuel_tank"])
            else:
                expected = int(float(value)) if value else None
            assert record["stats"][key] == expected, (record["date"], key)
    # Not yet reported is null, never zero; the increase is the day's change.
    assert by_date["2022-04-30"]["stats"]["cruise_missiles"] is None
    assert by_date["2023-09-13"]["stats"]["submarines"] is None
    assert by_date["2025-01-29"]["increase"]["personnel_units"] == 834_670 - 833_000
    assert by_date["2022-05-01"]["increase"]["vehicles_fuel_tanks"] == 1796 - 1701 - 76
    assert by_date["2026-08-08"]["resource"].endswith("#2026-08-08")


def test_parquet_without_pyarrow_names_the_extra(
    everything: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = CliRunner().invoke(
        main,
        ["export", "--format", "parquet", "--out", str(tmp_path)],
        env={"LOSSES_DATABASE_URL": everything.database_url},
    )
    assert result.exit_code == 2
    assert "pip install 'losses-pipeline[parquet]'" in result.output
    assert not list(tmp_path.iterdir())


def test_petroivaniuk_export_backfills_into_the_same_series(
    everything: Store, tmp_path: Path
) -> None:
    """Our files are read by `losses backfill --file` as the dataset itself would be."""
    # The first four months: POW, the 1 May merge, keys that come and go.
    export(everything, tmp_path, "--format", "petroivaniuk", "--until", "2022-06-30")
    files = [tmp_path / f"russia_losses_{part}.json" for part in ("equipment", "personnel")]
    series = (
        "SELECT report_date, category, total, change FROM daily_losses_long"
        " WHERE report_date <= '2022-06-30' ORDER BY 1, 2"
    )
    with scratch_database(everything.dialect, tmp_path) as url:
        backfill = CliRunner().invoke(
            main,
            ["backfill", *(arg for path in files for arg in ("--file", str(path)))],
            env={"LOSSES_DATABASE_URL": url},
        )
        assert backfill.exit_code == 0, backfill.output
        assert (
            run_read_only(url, series).rows == run_read_only(everything.database_url, series).rows
        )
        # The cookbook runs on a database filled by the backfill too.
        for title, sql in cookbook_queries().items():
            assert run_read_only(url, sql).columns, title
