"""The russianwarship.rip API v2 (``/api/v2/statistics``): records of stats and increases."""

from __future__ import annotations

from typing import Any

from pipeline.dataset_keys import RUSSIANWARSHIP_KEYS
from pipeline.parse.structured.result import (
    StructuredDay,
    StructuredFormatError,
    as_count,
    as_signed,
    parse_iso_date,
    within_reporting_window,
)

API_KEYS = RUSSIANWARSHIP_KEYS


def api_records(payload: Any) -> list[dict[str, Any]]:
    """The records of a list page (``data.records``) or of a single-day answer (``data``)."""
    data = payload.get("data") if isinstance(payload, dict) and "data" in payload else payload
    if isinstance(data, dict) and "records" in data:
        records = data["records"]
    elif isinstance(data, dict) and "stats" in data:
        records = [data]
    else:
        raise StructuredFormatError("API answer has neither data.records nor data.stats")
    if not isinstance(records, list):
        raise StructuredFormatError("API answer: data.records is not a list")
    return records


def next_page_url(payload: Any) -> str | None:
    """``data.paging.next_url`` of a list page, if there is a next page."""
    data = payload.get("data") if isinstance(payload, dict) else None
    paging = data.get("paging") if isinstance(data, dict) else None
    url = paging.get("next_url") if isinstance(paging, dict) else None
    return url if isinstance(url, str) and url else None


def _record_day(record: dict[str, Any], where: str) -> StructuredDay:
    report_date = parse_iso_date(record.get("date"), where)
    stats = record.get("stats")
    if not isinstance(stats, dict):
        raise StructuredFormatError(f"{where}: no stats object")
    increase = record.get("increase") if isinstance(record.get("increase"), dict) else {}
    figures: dict[str, int] = {}
    deltas: dict[str, int] = {}
    for api_key, key in API_KEYS.items():
        total = as_count(stats.get(api_key))
        if total is None or not within_reporting_window(key, report_date):
            continue
        figures[key] = total
        delta = as_signed(increase.get(api_key))
        if delta is not None:
            deltas[key] = delta
    resource = record.get("resource")
    return StructuredDay(
        report_date=report_date,
        figures=figures,
        deltas=deltas,
        day=as_count(record.get("day")),
        resource=resource if isinstance(resource, str) and resource else None,
    )


def parse_api_payload(payload: Any) -> list[StructuredDay]:
    """Every record of one API answer, in the order given."""
    return [
        _record_day(record, f"record {index}")
        for index, record in enumerate(api_records(payload))
        if isinstance(record, dict)
    ]
