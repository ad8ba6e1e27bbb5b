"""Backing off from a source that keeps failing, so a broken site is not hammered."""

from __future__ import annotations

import datetime as dt


def backoff_delay(consecutive_failures: int, initial_seconds: float, max_seconds: float) -> float:
    """Seconds to leave a source alone after its last failure: doubling, capped, 0 when well."""
    if consecutive_failures <= 0 or initial_seconds <= 0:
        return 0.0
    # Capping the exponent keeps a source failing for months from overflowing the float.
    doubling = 2.0 ** min(consecutive_failures - 1, 62)
    return min(initial_seconds * doubling, max_seconds)


def backoff_until(
    consecutive_failures: int,
    last_failure_at: dt.datetime | None,
    initial_seconds: float,
    max_seconds: float,
) -> dt.datetime | None:
    """When a failing source may be fetched again, or None when it may be fetched now."""
    if last_failure_at is None:
        return None
    delay = backoff_delay(consecutive_failures, initial_seconds, max_seconds)
    if delay <= 0:
        return None
    return last_failure_at + dt.timedelta(seconds=delay)
