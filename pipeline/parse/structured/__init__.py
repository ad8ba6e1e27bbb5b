"""Structured sources (JSON APIs, datasets, daily tables) -> per-day figures.

Pure like the text parser: bytes in, figures out, no I/O. Each format module
turns its payload into ``StructuredDay`` rows in the parser's terms (category
keys, cumulative totals, reported daily changes, qualifiers); ``parse_structured``
detects the format from the content and dispatches.
"""

from __future__ import annotations

from pipeline.parse.structured.detect import StructuredFormat, detect_format
from pipeline.parse.structured.result import (
    STRUCTURED_PARSER_VERSION,
    StructuredDay,
    StructuredFormatError,
    StructuredResult,
)


def parse_structured(content: bytes) -> StructuredResult | None:
    """The days a structured document holds, or None when it is not a structured format."""
    detected = detect_format(content)
    if detected is None:
        return None
    if detected.format == "json_api":
        from pipeline.parse.structured.russianwarship import parse_api_payload

        days = parse_api_payload(detected.payload)
    elif detected.format == "dataset_json":
        from pipeline.parse.structured.dataset_json import parse_dataset_records

        days = parse_dataset_records(detected.payload)
    else:
        from pipeline.parse.structured.minfin_table import parse_table_page

        days = parse_table_page(detected.payload)
    return StructuredResult(format=detected.format, days=tuple(days))


__all__ = [
    "STRUCTURED_PARSER_VERSION",
    "StructuredDay",
    "StructuredFormat",
    "StructuredFormatError",
    "StructuredResult",
    "detect_format",
    "parse_structured",
]
