"""The series as analysts read it: daily values, and weekly and monthly sums.

Read-only. Daily values come from the tables (with the source and document of
each figure); weekly and monthly sums come from the views of migration 0003,
so the command line shows exactly what SQL users see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import desc, select, text
from sqlalchemy.orm import Session

from pipeline.store.models import DailyTotal, Document, Observation, Source

Period = Literal["week", "month"]
PERIOD_VIEWS: dict[Period, str] = {"week": "weekly_losses", "month": "monthly_losses"}


@dataclass(frozen=True, slots=True)
class DailyValue:
    """One category's current daily total, with where it came from."""

    report_date: dt.date
    day: int
    category: str
    total: int
    change: int | None
    reported_change: int | None
    qualifier: str | None
    sources: int
    source: str
    document_url: str | None


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """A week's or month's sum of daily changes, and the total at its last reported day."""

    period: str
    category: str
    change: int | None
    total: int
    days_reported: int
    first_date: dt.date
    last_date: dt.date


def as_date(value: Any) -> dt.date:
    """A date from a view: PostgreSQL hands back dates, SQLite the ISO text it stores."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def daily_values(
    session: Session,
    since: dt.date | None = None,
    until: dt.date | None = None,
    categories: Collection[str] | None = None,
) -> list[DailyValue]:
    """Current daily totals in the date range, by date then category."""
    query = (
        select(
            DailyTotal.report_date,
            DailyTotal.day,
            DailyTotal.category,
            DailyTotal.total,
            DailyTotal.change,
            DailyTotal.reported_change,
            DailyTotal.qualifier,
            DailyTotal.sources,
            Source.name.label("source"),
            Document.url.label("document_url"),
        )
        .join(Observation, Observation.id == DailyTotal.observation_id)
        .join(Document, Document.id == Observation.document_id)
        .join(Source, Source.id == Observation.source_id)
        .where(DailyTotal.valid_to.is_(None))
        .order_by(DailyTotal.report_date, DailyTotal.category)
    )
    if since is not None:
        query = query.where(DailyTotal.report_date >= since)
    if until is not None:
        query = query.where(DailyTotal.report_date <= until)
    if categories:
        query = query.where(DailyTotal.category.in_(list(categories)))
    return [DailyValue(**row._asdict()) for row in session.execute(query)]


def period_values(
    session: Session,
    period: Period,
    since: dt.date | None = None,
    until: dt.date | None = None,
    categories: Collection[str] | None = None,
) -> list[PeriodValue]:
    """Weekly or monthly sums of daily changes for the periods that overlap the range."""
    view = PERIOD_VIEWS[period]
    conditions = ["1 = 1"]
    parameters: dict[str, Any] = {}
    if since is not None:
        conditions.append("last_date >= :since")
        parameters["since"] = since
    if until is not None:
        conditions.append("first_date <= :until")
        parameters["until"] = until
    rows = session.execute(
        text(
            f"SELECT {period} AS period, category, change, total, days_reported,"
            f" first_date, last_date FROM {view} WHERE {' AND '.join(conditions)}"
            " ORDER BY first_date, category"
        ),
        parameters,
    ).mappings()
    wanted = set(categories or ())
    return [
        PeriodValue(
            period=str(row["period"]),
            category=row["category"],
            change=row["change"],
            total=row["total"],
            days_reported=row["days_reported"],
            first_date=as_date(row["first_date"]),
            last_date=as_date(row["last_date"]),
        )
        for row in rows
        if not wanted or row["category"] in wanted
    ]


def recent_start(session: Session, periods: int, period: Period | None = None) -> dt.date | None:
    """The first date of the newest ``periods`` days, weeks or months that have data."""
    if period is None:
        query = (
            select(DailyTotal.report_date)
            .where(DailyTotal.valid_to.is_(None))
            .distinct()
            .order_by(desc(DailyTotal.report_date))
            .limit(periods)
        )
        dates = list(session.execute(query).scalars())
        return min(dates) if dates else None
    view = PERIOD_VIEWS[period]
    firsts = session.execute(
        text(
            f"SELECT MIN(first_date) AS first_date FROM {view}"
            f" GROUP BY {period} ORDER BY MIN(first_date) DESC LIMIT :periods"
        ),
        {"periods": periods},
    ).scalars()
    dates = [as_date(value) for value in firsts]
    return min(dates) if dates else None
