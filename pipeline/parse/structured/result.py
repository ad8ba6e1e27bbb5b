"""What a structured document says: one ``StructuredDay`` per report date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.categories import BY_KEY

STRUCTURED_PARSER_VERSION = "structured-1"


class StructuredFormatError(ValueError):
    """A payload that looked like a structured format but cannot be read as one."""


@dataclass(frozen=True, slots=True)
class StructuredDay:
    """One report date's figures as a structured source gives them."""

    report_date: dt.date
    figures: dict[str, int]
    deltas: dict[str, int] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)
    # The day number the source printed (24 Feb 2022 = day 1), when it gives one.
    day: int | None = None
    # Where the source says the figures come from (e.g. the General Staff's post).
    resource: str | None = None


@dataclass(frozen=True, slots=True)
class StructuredResult:
    format: str
    days: tuple[StructuredDay, ...]


def within_reporting_window(key: str, report_date: dt.date) -> bool:
    """Whether the General Staff reported ``key`` on ``report_date``.

    Aggregators print 0 for series that had not opened yet, and some carry
    closed series forward or back-project merged ones; the bulletin said none
    of that, so such figures are not kept (a category is never zero-filled).
    """
    category = BY_KEY[key]
    if category.first_reported is not None and report_date < category.first_reported:
        return False
    return category.last_reported is None or report_date <= category.last_reported


def as_count(value: object) -> int | None:
    """A non-negative whole number from a JSON value (int, float or numeric string)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value != value or not value.is_integer():
            return None
        number = int(value)
    elif isinstance(value, str):
        cleaned = value.replace(",", "").replace(" ", "").replace("\u00a0", "").strip()
        if not cleaned:
            return None
        try:
            parsed = float(cleaned)
        except ValueError:
            return None
        if not parsed.is_integer():
            return None
        number = int(parsed)
    else:
        return None
    return number if number >= 0 else None


def as_signed(value: object) -> int | None:
    """A whole number, negative allowed (a reported change can be a downward revision)."""
    if isinstance(value, str) and value.strip().startswith("-"):
        magnitude = as_count(value.strip()[1:])
        return None if magnitude is None else -magnitude
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        magnitude = as_count(-value)
        return None if magnitude is None else -magnitude
    return as_count(value)


def parse_iso_date(value: object, where: str) -> dt.date:
    if not isinstance(value, str):
        raise StructuredFormatError(f"{where}: date {value!r} is not a string")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise StructuredFormatError(f"{where}: date {value!r} is not YYYY-MM-DD") from None
