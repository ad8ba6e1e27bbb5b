"""Backfilling the history from structured sources, and reconciling two of them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from pipeline.backfill import BackfillError, backfill_files
from pipeline.config import Settings, SourceConfig
from pipeline.store import Store
from tests.reference import (
    DATASET_KEYS,
    dataset_json_files,
    load_petroivaniuk,
    load_romansverdan,
    minfin_table_page,
    petroivaniuk_qualifiers,
)

SOURCES = [
    SourceConfig(
        name="petroivaniuk-dataset",
        kind="dataset_json",
        url="https://d.example/e.json",
        priority=30,
    ),
    SourceConfig(
        name="minfin-table", kind="table", url="https://m.example/casualties/", priority=35
    ),
]


def settings_for(store: Store) -> Settings:
    return Settings(database_url=store.database_url, sources=SOURCES)


def write_dataset(
    folder: Path, series: dict[dt.date, dict[str, int]], qualifiers: dict[dt.date, str]
) -> list[Path]:
    equipment, personnel = dataset_json_files(series, qualifiers)
    paths = [folder / "russia_losses_equipment.json", folder / "russia_losses_personnel.json"]
    for path, content in zip(paths, (equipment, personnel), strict=True):
        path.write_bytes(content)
    return paths


def current_series(store: Store) -> dict[dt.date, dict[str, int]]:
    series: dict[dt.date, dict[str, int]] = {}
    with store.reader() as session:
        for row in session.execute(
            text("SELECT report_date, category, total FROM daily_total WHERE valid_to IS NULL")
        ):
            day = (
                row.report_date
                if isinstance(row.report_date, dt.date)
                else dt.date.fromisoformat(row.report_date)
            )
            series.setdefault(day, {})[row.category] = row.total
    return series


def scalar(store: Store, sql: str, **params: object) -> object:
    with store.reader() as session:
        return session.execute(text(sql), params).scalar_one()


@pytest.fixture
def reference(reference_dir: Path) -> tuple[dict[dt.date, dict[str, int]], dict[dt.date, str]]:
    return load_petroivaniuk(reference_dir), petroivaniuk_qualifiers(reference_dir)


def test_one_backfill_of_the_dataset_gives_the_full_daily_series(
    store: Store, tmp_path: Path, reference: tuple[dict, dict]
) -> None:
    series, qualifiers = reference
    result = backfill_files(store, settings_for(store), write_dataset(tmp_path, series, qualifiers))
    assert result.failures == []
    assert current_series(store) == series
    # Never zero-filled: submarines open on 2023-09-14, POW closes on 2022-04-27.
    assert scalar(
        store, "SELECT MIN(report_date) FROM daily_total WHERE category = 'submarines'"
    ) in (
        dt.date(2023, 9, 14),
        "2023-09-14",
    )
    assert scalar(store, "SELECT COUNT(*) FROM daily_losses WHERE pow IS NOT NULL") == 62
    # The merge: the first change of vehicles and fuel tanks continues military auto + fuel tanks.
    merged = series[dt.date(2022, 5, 1)]["vehicles_fuel_tanks"]
    parts = (
        series[dt.date(2022, 4, 30)]["military_auto"] + series[dt.date(2022, 4, 30)]["fuel_tanks"]
    )
    assert (
        scalar(store, "SELECT vehicles_fuel_tanks_change FROM daily_losses WHERE day = 67")
        == merged - parts
    )


def test_a_second_backfill_adds_nothing_and_a_grown_dataset_adds_only_the_new_day(
    store: Store, tmp_path: Path, reference: tuple[dict, dict]
) -> None:
    series, qualifiers = reference
    older = {day: figures for day, figures in series.items() if day < dt.date(2026, 8, 8)}
    settings = settings_for(store)
    backfill_files(store, settings, write_dataset(tmp_path, older, qualifiers))
    observations = scalar(store, "SELECT COUNT(*) FROM observation")
    again = backfill_files(store, settings, write_dataset(tmp_path, older, qualifiers))
    assert (again.counts.documents_new, again.counts.observations_new) == (0, 0)
    grown = backfill_files(store, settings, write_dataset(tmp_path, series, qualifiers))
    assert grown.counts.documents_new == 2
    assert grown.counts.observations_new == len(series[dt.date(2026, 8, 8)])
    assert scalar(store, "SELECT COUNT(*) FROM observation") == observations + len(
        series[dt.date(2026, 8, 8)]
    )


def test_a_fixed_typo_in_the_dataset_supersedes_the_daily_total(
    store: Store, tmp_path: Path, reference: tuple[dict, dict]
) -> None:
    series, qualifiers = reference
    day = dt.date(2024, 2, 26)
    typo = {d: dict(figures) for d, figures in series.items()}
    typo[day]["tanks"] = 655
    settings = settings_for(store)
    backfill_files(store, settings, write_dataset(tmp_path, typo, qualifiers))
    fixed = backfill_files(store, settings, write_dataset(tmp_path, series, qualifiers))
    assert fixed.counts.observations_new == 1
    with store.reader() as session:
        rows = session.execute(
            text(
                "SELECT total, valid_to IS NULL AS current FROM daily_total"
                " WHERE category = 'tanks' AND report_date = :day ORDER BY id"
            ),
            {"day": day},
        ).all()
    assert [(row.total, bool(row.current)) for row in rows] == [(655, False), (6555, True)]


def test_the_dataset_and_the_minfin_table_reconcile_and_every_disagreement_is_a_conflict(
    store: Store, tmp_path: Path, reference_dir: Path, reference: tuple[dict, dict]
) -> None:
    series, qualifiers = reference
    minfin = load_romansverdan(reference_dir)
    page = tmp_path / "casualties.html"
    page.write_text(minfin_table_page(minfin), encoding="utf-8")
    paths = [*write_dataset(tmp_path, series, qualifiers), page]
    backfill_files(store, settings_for(store), paths)

    chosen = current_series(store)
    for day, figures in series.items():
        for key, total in figures.items():
            if minfin.get(day, {}).get(key, total) == total:
                assert chosen[day][key] == total, (day, key)
    with store.reader() as session:
        conflicts = {
            (str(row.report_date)[:10], row.category, row.source): row.value
            for row in session.execute(
                text("SELECT report_date, category, source, value FROM conflict")
            )
        }
    names = {name: key for key, name in DATASET_KEYS.items()} | {"personnel": "personnel"}
    with (reference_dir / "crosscheck_petroivaniuk_vs_romansverdan.csv").open() as handle:
        disagreements = list(csv.DictReader(handle))
    assert len(disagreements) == 143
    for row in disagreements:
        key = names[row["category"]]
        assert conflicts[(row["date"], key, "petroivaniuk-dataset")] == int(
            row["petroivaniuk_value"]
        )
        assert conflicts[(row["date"], key, "minfin-table")] == int(row["romansverdan_value"])


def test_a_file_in_no_known_format_is_refused_before_anything_is_stored(
    store: Store, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("tanks 9876", encoding="utf-8")
    with pytest.raises(BackfillError, match=r"notes\.txt: not a structured format"):
        backfill_files(store, settings_for(store), [notes])
    assert scalar(store, "SELECT COUNT(*) FROM document") == 0


def test_a_broken_dataset_is_archived_and_reported(store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([{"date": "2025-01-28", "tank": 9876}, {"date": "28.01.2025"}]))
    result = backfill_files(store, settings_for(store), [broken])
    assert len(result.failures) == 1 and "record 1" in result.failures[0]
    assert scalar(store, "SELECT parse_status FROM document") == "failed"
