"""Structured sources read into per-day figures: the API, the dataset files, minfin tables."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline.dataset_keys import RUSSIANWARSHIP_KEYS
from pipeline.parse.structured import StructuredFormatError, detect_format, parse_structured
from tests.reference import (
    dataset_json_files,
    load_petroivaniuk,
    load_romansverdan,
    minfin_table_page,
    petroivaniuk_qualifiers,
)

DAY = dt.date(2025, 1, 28)


def api_record(series: dict[dt.date, dict[str, int]], day: dt.date) -> dict[str, object]:
    """A russianwarship.rip record as the API gives it (zeros for series not yet open)."""
    keys = RUSSIANWARSHIP_KEYS
    today, before = series[day], series[day - dt.timedelta(days=1)]
    return {
        "date": day.isoformat(),
        "day": (day - dt.date(2022, 2, 23)).days,
        "resource": f"https://www.facebook.com/GeneralStaff.ua/posts/{day:%Y%m%d}",
        "stats": {api: today.get(key, 0) for api, key in keys.items()},
        "increase": {api: today.get(key, 0) - before.get(key, 0) for api, key in keys.items()},
    }


def test_an_api_record_gives_totals_changes_and_the_source_post(reference_dir: Path) -> None:
    series = load_petroivaniuk(reference_dir)
    payload = {"message": "ok", "data": api_record(series, DAY)}
    result = parse_structured(json.dumps(payload).encode())
    assert result is not None and result.format == "json_api"
    (day,) = result.days
    expected = {key: total for key, total in series[DAY].items() if key != "mobile_srbm_systems"}
    assert day.figures == expected
    assert day.deltas["tanks"] == series[DAY]["tanks"] - series[DAY - dt.timedelta(days=1)]["tanks"]
    assert day.resource == "https://www.facebook.com/GeneralStaff.ua/posts/20250128"
    assert day.day == 1070


def test_api_zeros_for_series_not_open_yet_are_not_figures(reference_dir: Path) -> None:
    series = load_petroivaniuk(reference_dir)
    record = api_record(series, dt.date(2022, 3, 1))
    result = parse_structured(json.dumps({"data": {"records": [record]}}).encode())
    assert result is not None
    figures = result.days[0].figures
    assert "submarines" not in figures and "cruise_missiles" not in figures
    assert figures["tanks"] == series[dt.date(2022, 3, 1)]["tanks"]


def test_a_negative_reported_increase_is_kept(reference_dir: Path) -> None:
    series = load_petroivaniuk(reference_dir)
    record = api_record(series, dt.date(2024, 11, 30))
    result = parse_structured(json.dumps({"data": record}).encode())
    assert result is not None
    assert result.days[0].deltas["special_equipment"] == -83


def test_the_dataset_files_give_every_day_with_the_personnel_qualifier(
    reference_dir: Path,
) -> None:
    series = load_petroivaniuk(reference_dir)
    equipment, personnel = dataset_json_files(series, petroivaniuk_qualifiers(reference_dir))
    equipment_days = parse_structured(equipment)
    personnel_days = parse_structured(personnel)
    assert equipment_days is not None and personnel_days is not None
    assert equipment_days.format == personnel_days.format == "dataset_json"
    assert len(equipment_days.days) == len(series) == 1626
    merge_day = next(d for d in equipment_days.days if d.report_date == dt.date(2022, 5, 1))
    assert "military_auto" not in merge_day.figures
    assert (
        merge_day.figures["vehicles_fuel_tanks"]
        == series[dt.date(2022, 5, 1)]["vehicles_fuel_tanks"]
    )
    first = personnel_days.days[0]
    assert first.figures == {"personnel": 2800, "pow": 0}
    assert first.qualifiers == {"personnel": "about"}


def test_dataset_keys_that_changed_over_time_are_all_read() -> None:
    records = [
        {"date": "2022-03-26", "day": 31, "tank": 575, "mobile SRBM system": 2, "BUK": 1},
        {"date": "2026-05-03", "day": 1530, "groun d robotic systems": 1306},
    ]
    result = parse_structured(json.dumps(records).encode())
    assert result is not None
    assert [day.figures for day in result.days] == [
        {"tanks": 575, "mobile_srbm_systems": 2},
        {"ground_robotic_systems": 1306},
    ]


def test_a_minfin_page_gives_each_day_with_its_changes(reference_dir: Path) -> None:
    series = load_romansverdan(reference_dir)
    month = {day: figures for day, figures in series.items() if day.strftime("%Y-%m") == "2025-01"}
    result = parse_structured(minfin_table_page(month).encode())
    assert result is not None and result.format == "table"
    assert [day.report_date for day in result.days] == sorted(month)
    day = next(d for d in result.days if d.report_date == DAY)
    assert day.figures == series[DAY]
    assert day.deltas["tanks"] == series[DAY]["tanks"] - series[DAY - dt.timedelta(days=1)]["tanks"]
    assert day.qualifiers == {"personnel": "about"}


def test_text_bulletins_are_not_structured() -> None:
    text = (
        "Загальні бойові втрати противника з 24.02.22 по 28.01.25 орієнтовно склали:"
        " танків ‒ 9876 (+5)"
    )
    assert detect_format(text.encode()) is None
    assert detect_format(b'{"status": "ok"}') is None


def test_a_broken_record_is_a_clear_error() -> None:
    with pytest.raises(StructuredFormatError, match=r"record 1: date '28\.01\.2025'"):
        parse_structured(json.dumps([{"date": "2025-01-27"}, {"date": "28.01.2025"}]).encode())
