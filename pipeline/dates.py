"""Calendar conventions: report dates are Kyiv dates, timestamps are UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")
INVASION_DAY = dt.date(2022, 2, 24)


def day_number(report_date: dt.date) -> int:
    """Day of the full-scale invasion: 24 Feb 2022 is day 1."""
    return (report_date - INVASION_DAY).days + 1


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def kyiv_date(moment: dt.datetime) -> dt.date:
    """The Kyiv calendar date of an aware timestamp."""
    return moment.astimezone(KYIV).date()
