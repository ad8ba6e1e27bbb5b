"""The PetroIvaniuk/2022-Ukraine-Russia-War-Dataset files (equipment and personnel JSON).

Lists of ``{"date", "day", <category>: number, ...}`` whose keys contain spaces
and change over time; the personnel file's ``personnel*`` holds the qualifier.
"""

from __future__ import annotations

from typing import Any

from pipeline.dataset_keys import PETROIVANIUK_EQUIPMENT_KEYS
from pipeline.parse.structured.result import (
    StructuredDay,
    StructuredFormatError,
    as_count,
    parse_iso_date,
    within_reporting_window,
)

# Dataset keys (every spelling seen in the file's history) -> our category keys.
DATASET_KEYS: dict[str, str] = {
    "personnel": "personnel",
    "POW": "pow",
    **PETROIVANIUK_EQUIPMENT_KEYS,
    "groun d robotic systems": "ground_robotic_systems",
}
# "personnel*" words -> the parser's normalized qualifiers.
QUALIFIERS: dict[str, str] = {
    "about": "about",
    "more": "more than",
    "more than": "more than",
    "almost": "nearly",
    "nearly": "nearly",
}


def parse_dataset_records(records: Any) -> list[StructuredDay]:
    """One day per record; a date given twice keeps its last record (the file's own fix)."""
    if not isinstance(records, list):
        raise StructuredFormatError("dataset file is not a JSON list")
    by_date: dict[Any, StructuredDay] = {}
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise StructuredFormatError(f"record {index} is not an object")
        report_date = parse_iso_date(record.get("date"), f"record {index}")
        figures: dict[str, int] = {}
        for dataset_key, key in DATASET_KEYS.items():
            total = as_count(record.get(dataset_key))
            if total is not None and within_reporting_window(key, report_date):
                figures[key] = total
        qualifiers: dict[str, str] = {}
        word = record.get("personnel*")
        if "personnel" in figures and isinstance(word, str):
            qualifier = QUALIFIERS.get(word.strip().lower())
            if qualifier is not None:
                qualifiers["personnel"] = qualifier
        by_date[report_date] = StructuredDay(
            report_date=report_date,
            figures=figures,
            qualifiers=qualifiers,
            day=as_count(record.get("day")),
        )
    return [by_date[report_date] for report_date in sorted(by_date)]
