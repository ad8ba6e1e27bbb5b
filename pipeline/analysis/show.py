"""What ``losses show`` prints: the series in the chosen layout, as columns and rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.analysis.frames import (
    LONG_COLUMNS,
    long_rows,
    period_table,
    present_categories,
    wide_columns,
    wide_rows,
)
from pipeline.analysis.tables import number
from pipeline.store.series import DailyValue, PeriodValue

PERIOD_COLUMNS = [
    "period",
    "first_date",
    "last_date",
    "days_reported",
    "category",
    "change",
    "total",
]


@dataclass(frozen=True, slots=True)
class Shown:
    columns: list[str]
    rows: list[list[Any]]


def _cell(total: Any, change: Any) -> str:
    if total is None:
        return ""
    return f"{number(total)}\n{number(change, signed=True) if change is not None else '·'}"


def daily_for_terminal(values: Sequence[DailyValue]) -> Shown:
    """One row per category, one column per date: total above, change below."""
    dates = sorted({value.report_date for value in values})
    cells = {(value.category, value.report_date): value for value in values}
    categories = present_categories([value.category for value in values])
    rows = []
    for key in categories:
        row: list[Any] = [key]
        for report_date in dates:
            value = cells.get((key, report_date))
            row.append(_cell(value.total, value.change) if value else "")
        rows.append(row)
    return Shown(["category", *(d.isoformat() for d in dates)], rows)


def periods_for_terminal(values: Sequence[PeriodValue]) -> Shown:
    """One row per category, one column per period: sum of daily changes above, total below."""
    periods, cells = period_table(values)
    rows = []
    for key in present_categories(list(cells)):
        row: list[Any] = [key]
        for period in periods:
            value = cells[key].get(period)
            if value is None:
                row.append("")
            else:
                change = number(value.change, signed=True) if value.change is not None else "·"
                row.append(f"{change}\n{number(value.total)}")
        rows.append(row)
    firsts = {value.period: value.first_date for value in values}
    headers = [
        f"week {period}\nfrom {firsts[period].isoformat()}" if period.isdigit() else period
        for period in periods
    ]
    return Shown(["category", *headers], rows)


def daily_records(values: Sequence[DailyValue], wide: bool) -> Shown:
    if wide:
        categories = present_categories([value.category for value in values])
        columns = wide_columns(categories)
        return Shown(columns, [[row[c] for c in columns] for row in wide_rows(values, categories)])
    return Shown(LONG_COLUMNS, [[row[c] for c in LONG_COLUMNS] for row in long_rows(values)])


def period_records(values: Sequence[PeriodValue], wide: bool) -> Shown:
    if not wide:
        return Shown(
            PERIOD_COLUMNS,
            [[getattr(value, column) for column in PERIOD_COLUMNS] for value in values],
        )
    periods, cells = period_table(values)
    categories = present_categories(list(cells))
    columns = ["period"]
    for key in categories:
        columns += [f"{key}_change", key]
    rows = []
    for period in periods:
        row: list[Any] = [period]
        for key in categories:
            value = cells[key].get(period)
            row += [value.change, value.total] if value else [None, None]
        rows.append(row)
    return Shown(columns, rows)
