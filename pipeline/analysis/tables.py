"""Rows as a terminal table, CSV or JSON: the output of ``losses show`` and ``losses sql``."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from rich.table import Table

# Numbers as ``number`` prints them, possibly a total and a change on two lines.
_NUMERIC = re.compile(r"^[+\-]?[\d,.]+(\n[+\-]?[\d,.·]+)?$|^·$")


def plain(value: Any) -> Any:
    """A value JSON and CSV can carry: dates as ISO text, decimals as numbers, bytes as hex."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def number(value: Any, signed: bool = False) -> str:
    """Thousands separators for integers; an explicit sign for changes."""
    if value is None:
        return ""
    value = plain(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float):
        return f"{value:+,.3f}" if signed else f"{value:,.3f}"
    return f"{value:+,}" if signed else f"{value:,}"


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else plain(value) for value in row])
    return buffer.getvalue()


def to_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    records = [
        {column: plain(value) for column, value in zip(columns, row, strict=True)} for row in rows
    ]
    return json.dumps(records, ensure_ascii=False, indent=2)


def to_rich(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None
) -> Table:
    table = Table(*columns, title=title)
    texts = [[number(value) for value in row] for row in rows]
    for position, column in enumerate(table.columns):
        column.no_wrap = True
        cells = [row[position] for row in texts if row[position]]
        if cells and all(_NUMERIC.match(cell) for cell in cells):
            column.justify = "right"
    for row in texts:
        table.add_row(*row)
    return table


def render(
    output_format: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    title: str | None = None,
) -> str | Table:
    """The rows in ``output_format``: a rich Table for "table", else text."""
    if output_format == "csv":
        return to_csv(columns, rows)
    if output_format == "json":
        return to_json(columns, rows)
    return to_rich(columns, rows, title)
