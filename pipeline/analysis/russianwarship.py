"""Records shaped like the russianwarship.rip API v2 (``/api/v2/statistics``).

Each record: ``date``, ``day`` (24 Feb 2022 = 1), ``resource`` (the document the
personnel figure came from), ``stats`` (cumulative totals) and ``increase``
(the change since the previous report). A category not reported that day is
null, never zero. Before 2022-05-01 the General Staff counted military
vehicles and fuel tanks apart; ``vehicles_fuel_tanks`` is their sum then, as
the bulletins merged them. The API has no key for ground robotic systems or
prisoners of war, so neither appears.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pipeline.analysis.export import ExportFile
from pipeline.dataset_keys import RUSSIANWARSHIP_KEYS
from pipeline.store.series import DailyValue

STATS_KEYS = RUSSIANWARSHIP_KEYS
MERGED_PARTS = ("military_auto", "fuel_tanks")
MESSAGE = "The data were fetched successfully."


def _figure(day: dict[str, DailyValue], ours: str) -> tuple[int | None, int | None]:
    if ours in day:
        return day[ours].total, day[ours].change
    if ours == "vehicles_fuel_tanks" and all(part in day for part in MERGED_PARTS):
        parts = [day[part] for part in MERGED_PARTS]
        changes = [part.change for part in parts]
        change = None if None in changes else sum(c for c in changes if c is not None)
        return sum(part.total for part in parts), change
    return None, None


def records(values: Sequence[DailyValue]) -> list[dict[str, Any]]:
    """One record per report date, newest first as the API lists them."""
    by_date: dict[dt.date, dict[str, DailyValue]] = defaultdict(dict)
    for value in values:
        by_date[value.report_date][value.category] = value
    result = []
    for report_date, day in sorted(by_date.items(), reverse=True):
        figures = {key: _figure(day, ours) for key, ours in STATS_KEYS.items()}
        if all(total is None for total, _change in figures.values()):
            continue
        anchor = day.get("personnel") or next(iter(day.values()))
        result.append(
            {
                "date": report_date.isoformat(),
                "day": anchor.day,
                "resource": anchor.document_url,
                "stats": {key: total for key, (total, _change) in figures.items()},
                "increase": {key: change for key, (_total, change) in figures.items()},
            }
        )
    return result


def russianwarship_files(values: Sequence[DailyValue]) -> list[ExportFile]:
    """``statistics.json`` (every record, as the API's list) and ``latest.json``."""
    all_records = records(values)
    listing = {"message": MESSAGE, "data": {"records": all_records}}
    latest = {"message": MESSAGE, "data": all_records[0] if all_records else None}
    return [
        ExportFile("russianwarship_statistics.json", "json", [], [listing], whole_document=True),
        ExportFile("russianwarship_latest.json", "json", [], [latest], whole_document=True),
    ]
