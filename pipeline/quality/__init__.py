"""Quality checks over the stored series: ``run_checks`` gathers, the rules judge.

Findings are computed on the fly from ``daily_total`` and ``observation`` (and,
for day numbers, the archived structured documents); nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pipeline.parse.structured import STRUCTURED_PARSER_VERSION, parse_structured
from pipeline.quality.findings import Finding, has_errors, sorted_findings, summary
from pipeline.quality.rules import (
    Point,
    SourceFigure,
    StatedDay,
    change_mismatches,
    day_numbers,
    gaps,
    outliers,
    source_digit_slips,
    stale_copies,
    transient_anomalies,
)
from pipeline.store.models import DailyTotal, Document, Source

__all__ = ["Finding", "has_errors", "run_checks", "summary"]


def current_series(session: Session) -> dict[str, list[Point]]:
    """Every category's current daily totals, oldest first."""
    series: dict[str, list[Point]] = defaultdict(list)
    rows = session.execute(
        select(
            DailyTotal.category,
            DailyTotal.report_date,
            DailyTotal.total,
            DailyTotal.change,
            DailyTotal.reported_change,
        )
        .where(DailyTotal.valid_to.is_(None))
        .order_by(DailyTotal.category, DailyTotal.report_date)
    )
    for row in rows:
        series[row.category].append(
            Point(row.report_date, row.total, row.change, row.reported_change)
        )
    return series


def disagreements(session: Session) -> list[SourceFigure]:
    rows = session.execute(
        text("SELECT report_date, category, source, value, chosen FROM conflict WHERE agrees = 0")
    )
    return [
        SourceFigure(
            report_date=row.report_date
            if isinstance(row.report_date, dt.date)
            else dt.date.fromisoformat(row.report_date),
            category=row.category,
            source=row.source,
            value=row.value,
            chosen=row.chosen,
        )
        for row in rows
    ]


def stated_days(session: Session) -> list[StatedDay]:
    """Day numbers the structured sources printed, newest document per (source, date)."""
    newest: dict[tuple[str, dt.date], StatedDay] = {}
    documents = session.execute(
        select(Document.content, Source.name)
        .join(Source, Source.id == Document.source_id)
        .where(Document.parser_version == STRUCTURED_PARSER_VERSION)
        .order_by(Document.id)
    )
    for content, source in documents:
        result = parse_structured(content)
        if result is None:
            continue
        for day in result.days:
            if day.day is not None:
                newest[(source, day.report_date)] = StatedDay(source, day.report_date, day.day)
    return list(newest.values())


def run_checks(session: Session, since: dt.date | None = None) -> list[Finding]:
    """Every finding about the stored series; ``since`` keeps those on or after a date."""
    series = current_series(session)
    findings: list[Finding] = []
    for category, points in series.items():
        anomalies = transient_anomalies(category, points)
        findings.extend(anomalies)
        findings.extend(change_mismatches(category, points))
        stale = stale_copies(category, points)
        findings.extend(stale)
        # A change already explained by a typo or a stale copy is not also an outlier.
        explained = {finding.report_date for finding in anomalies + stale}
        explained |= {date + dt.timedelta(days=1) for date in explained}
        findings.extend(outliers(category, points, explained))
    findings.extend(source_digit_slips(disagreements(session)))
    findings.extend(gaps(point.report_date for points in series.values() for point in points))
    findings.extend(day_numbers(stated_days(session)))
    if since is not None:
        findings = [
            finding for finding in findings if (finding.until or finding.report_date) >= since
        ]
    return sorted_findings(findings)
