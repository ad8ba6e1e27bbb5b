"""Drop-in files of PetroIvaniuk's 2022-Ukraine-Russia-War-Dataset (GitHub and Kaggle).

Reproduces that dataset's conventions so notebooks and apps written for it run
on our data unchanged: its file names, its keys (with spaces: "field artillery",
"military auto", "vehicles and fuel tanks", "personnel*"), ``day`` = date minus
2022-02-23, cumulative totals as integers, and a key set that changes over time
(a JSON record carries only the categories reported that day). The JSON files
run oldest first, the CSVs newest first with a fixed header, as published.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pipeline.analysis.export import ExportFile
from pipeline.dataset_keys import PETROIVANIUK_EQUIPMENT_KEYS
from pipeline.store.series import DailyValue

EQUIPMENT_KEYS = PETROIVANIUK_EQUIPMENT_KEYS
# A free-text column of the dataset (2022-04-25..2023-01-02) we do not collect; the
# CSV keeps it, empty, so code that selects or drops it still runs.
DIRECTION_KEY = "greatest losses direction"
EQUIPMENT_CSV_COLUMNS = [
    "date",
    "day",
    *list(EQUIPMENT_KEYS)[:13],
    DIRECTION_KEY,
    *list(EQUIPMENT_KEYS)[13:],
]
PERSONNEL_CSV_COLUMNS = ["date", "day", "personnel", "personnel*", "POW"]
# Our qualifier vocabulary -> the dataset's "personnel*" values.
QUALIFIERS = {"about": "about", "nearly": "about", "more than": "more", "at least": "more"}

EQUIPMENT_NAME = "russia_losses_equipment"
PERSONNEL_NAME = "russia_losses_personnel"


def _by_date(values: Sequence[DailyValue]) -> dict[dt.date, dict[str, DailyValue]]:
    by_date: dict[dt.date, dict[str, DailyValue]] = defaultdict(dict)
    for value in values:
        by_date[value.report_date][value.category] = value
    return by_date


def equipment_records(values: Sequence[DailyValue]) -> list[dict[str, Any]]:
    """One record per date with any equipment figure, oldest first."""
    records = []
    for report_date, day in sorted(_by_date(values).items()):
        figures = {key: day[ours].total for key, ours in EQUIPMENT_KEYS.items() if ours in day}
        if figures:
            first = next(iter(day.values()))
            records.append({"date": report_date.isoformat(), "day": first.day, **figures})
    return records


def personnel_records(values: Sequence[DailyValue]) -> list[dict[str, Any]]:
    """One record per date with a personnel or POW figure, oldest first."""
    records = []
    for report_date, day in sorted(_by_date(values).items()):
        if "personnel" not in day and "pow" not in day:
            continue
        first = next(iter(day.values()))
        record: dict[str, Any] = {"date": report_date.isoformat(), "day": first.day}
        if "personnel" in day:
            record["personnel"] = day["personnel"].total
            qualifier = QUALIFIERS.get(day["personnel"].qualifier or "")
            if qualifier is not None:
                record["personnel*"] = qualifier
        if "pow" in day:
            record["POW"] = day["pow"].total
        records.append(record)
    return records


def petroivaniuk_files(values: Sequence[DailyValue]) -> list[ExportFile]:
    equipment = equipment_records(values)
    personnel = personnel_records(values)
    # Everything in these files is a number or plain text, so no column needs a type.
    return [
        ExportFile(f"{EQUIPMENT_NAME}.json", "json", EQUIPMENT_CSV_COLUMNS, equipment, 4),
        ExportFile(f"{PERSONNEL_NAME}.json", "json", PERSONNEL_CSV_COLUMNS, personnel, 4),
        ExportFile(f"{EQUIPMENT_NAME}.csv", "csv", EQUIPMENT_CSV_COLUMNS, equipment[::-1]),
        ExportFile(f"{PERSONNEL_NAME}.csv", "csv", PERSONNEL_CSV_COLUMNS, personnel[::-1]),
    ]
