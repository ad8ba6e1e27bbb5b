"""Writing export files: our own wide and long tables, and the files other formats build."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline.analysis.frames import LONG_COLUMNS, present_categories, wide_columns, wide_rows
from pipeline.analysis.frames import long_rows as make_long_rows
from pipeline.analysis.optional import require
from pipeline.analysis.tables import plain
from pipeline.categories import CATEGORY_KEYS
from pipeline.store.series import DailyValue

FileKind = Literal["csv", "json", "parquet"]
TEXT_COLUMNS = {"category", "qualifier", "source", "document_url"}
CHUNK_ROWS = 500

Advance = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One file to write: records (dicts) with the columns a CSV or Parquet file gets.

    JSON writes each record as it is, so a record may leave out keys it has no value for;
    ``whole_document`` writes the one record as the file's whole JSON document instead of
    a list of records.
    """

    name: str
    kind: FileKind
    columns: list[str]
    records: list[dict[str, Any]]
    json_indent: int = 2
    text_columns: set[str] = field(default_factory=lambda: set(TEXT_COLUMNS))
    whole_document: bool = False


def own_files(values: Sequence[DailyValue], kind: FileKind) -> list[ExportFile]:
    """Our wide table (one row per date) and long table (one row per date and category)."""
    keys = present_categories([value.category for value in values]) or list(CATEGORY_KEYS)
    wide = wide_rows(values, keys)
    return [
        ExportFile(f"losses_daily_wide.{kind}", kind, wide_columns(keys), wide),
        ExportFile(f"losses_daily_long.{kind}", kind, LONG_COLUMNS, make_long_rows(values)),
    ]


def _write_csv(file: ExportFile, path: Path, advance: Advance) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, file.columns, restval="", lineterminator="\n")
        writer.writeheader()
        for start in range(0, len(file.records), CHUNK_ROWS):
            chunk = file.records[start : start + CHUNK_ROWS]
            writer.writerows(
                {key: "" if value is None else plain(value) for key, value in record.items()}
                for record in chunk
            )
            advance(len(chunk))


def _write_json(file: ExportFile, path: Path, advance: Advance) -> None:
    pad = " " * file.json_indent
    if file.whole_document:
        (document,) = file.records
        text = json.dumps(document, ensure_ascii=False, indent=file.json_indent, default=plain)
        path.write_text(text + "\n", encoding="utf-8")
        advance(1)
        return
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for start in range(0, len(file.records), CHUNK_ROWS):
            chunk = file.records[start : start + CHUNK_ROWS]
            for position, record in enumerate(chunk):
                text = json.dumps(
                    {key: plain(value) for key, value in record.items()},
                    ensure_ascii=False,
                    indent=file.json_indent,
                )
                separator = "\n" if start == 0 and position == 0 else ",\n"
                handle.write(separator + "\n".join(pad + line for line in text.splitlines()))
            advance(len(chunk))
        handle.write("\n]\n" if file.records else "]\n")


def _write_parquet(file: ExportFile, path: Path, advance: Advance) -> None:
    pa = require("pyarrow", "parquet")
    parquet = require("pyarrow.parquet", "parquet")

    def arrow_type(column: str) -> Any:
        if column == "report_date":
            return pa.date32()
        return pa.string() if column in file.text_columns else pa.int64()

    schema = pa.schema([(column, arrow_type(column)) for column in file.columns])
    rows = [{column: record.get(column) for column in file.columns} for record in file.records]
    parquet.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    advance(len(rows))


WRITERS: dict[FileKind, Callable[[ExportFile, Path, Advance], None]] = {
    "csv": _write_csv,
    "json": _write_json,
    "parquet": _write_parquet,
}


def write_files(
    files: Sequence[ExportFile], out_dir: Path, advance: Advance | None = None
) -> list[Path]:
    """Write every file into ``out_dir`` (created if missing); ``advance`` counts rows written."""
    if any(file.kind == "parquet" for file in files):
        require("pyarrow", "parquet")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for file in files:
        path = out_dir / file.name
        WRITERS[file.kind](file, path, advance or (lambda _rows: None))
        written.append(path)
    return written
