"""Tell a structured document's format from its content, not its name or URL."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

Format = Literal["json_api", "dataset_json", "table"]

# A line of the index.minfin.com.ua casualties table: "Tanks — 6556 (+4)".
_TABLE_LINE = re.compile(r"(?:Tanks|Танки|Танків)\s*[—–-]\s*\d[\d\s]*\(\+\d+\)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StructuredFormat:
    format: Format
    # The decoded payload: a JSON value, or the page text for tables.
    payload: Any


def _looks_like_api(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    data = value.get("data")
    if isinstance(data, dict) and ("records" in data or "stats" in data):
        return True
    return "stats" in value and "date" in value


def _looks_like_dataset(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "date" in item for item in value[:5])
        and not any("stats" in item for item in value[:5])
    )


def detect_format(content: bytes) -> StructuredFormat | None:
    """The structured format of ``content``, or None for anything else (e.g. a text bulletin)."""
    text = content.decode("utf-8", errors="replace").lstrip("\ufeff")
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return None
        if _looks_like_api(value):
            return StructuredFormat("json_api", value)
        if _looks_like_dataset(value):
            return StructuredFormat("dataset_json", value)
        return None
    if len(_TABLE_LINE.findall(text)) >= 1 and "(+" in text:
        return StructuredFormat("table", text)
    return None
