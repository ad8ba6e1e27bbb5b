"""Reshaping the daily series: wide and long rows, period rows, rolling means."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pipeline.categories import CATEGORY_KEYS
from pipeline.store.series import DailyValue, PeriodValue

Row = dict[str, Any]

LONG_COLUMNS = [
    "report_date",
    "day",
    "category",
    "total",
    "change",
    "reported_change",
    "qualifier",
    "sources",
    "source",
    "document_url",
]


def wide_columns(categories: Sequence[str] = CATEGORY_KEYS) -> list[str]:
    columns = ["report_date", "day"]
    for key in categories:
        columns += [key, f"{key}_change"]
    return [*columns, "source"]


def long_rows(values: Sequence[DailyValue]) -> list[Row]:
    """One row per date and category, with the source the figure was taken from."""
    return [{column: getattr(value, column) for column in LONG_COLUMNS} for value in values]


def wide_rows(values: Sequence[DailyValue], categories: Sequence[str] = CATEGORY_KEYS) -> list[Row]:
    """One row per date: each category's total and change (None where not reported).

    ``source`` lists the sources behind that date's figures, separated by "; ".
    """
    by_date: dict[dt.date, Row] = {}
    sources: dict[dt.date, list[str]] = defaultdict(list)
    wanted = set(categories)
    for value in values:
        if value.category not in wanted:
            continue
        row = by_date.setdefault(
            value.report_date,
            {
                "report_date": value.report_date,
                "day": value.day,
                **{column: None for column in wide_columns(categories)[2:-1]},
            },
        )
        row[value.category] = value.total
        row[f"{value.category}_change"] = value.change
        if value.source not in sources[value.report_date]:
            sources[value.report_date].append(value.source)
    return [
        {**by_date[report_date], "source": "; ".join(sources[report_date])}
        for report_date in sorted(by_date)
    ]


def present_categories(keys: Sequence[str]) -> list[str]:
    """The registry's order of the categories among ``keys``."""
    present = set(keys)
    return [key for key in CATEGORY_KEYS if key in present]


def period_table(values: Sequence[PeriodValue]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Periods in order, and per category the value of each period."""
    periods: list[str] = []
    cells: dict[str, dict[str, Any]] = defaultdict(dict)
    for value in values:
        if value.period not in periods:
            periods.append(value.period)
        cells[value.category][value.period] = value
    return periods, cells


def rolling_mean(
    points: Sequence[tuple[dt.date, float]], window_days: int
) -> list[tuple[dt.date, float]]:
    """Mean of the values in the ``window_days`` calendar days ending on each date.

    Days without a value are left out of the mean, not counted as zero.
    """
    result: list[tuple[dt.date, float]] = []
    start = 0
    running = 0.0
    for end, (report_date, value) in enumerate(points):
        running += value
        while points[start][0] <= report_date - dt.timedelta(days=window_days):
            running -= points[start][1]
            start += 1
        result.append((report_date, running / (end - start + 1)))
    return result
