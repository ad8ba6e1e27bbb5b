"""How current the data is and how each source is doing, for ``losses status``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.store.models import CategoryRow, DailyTotal, IngestRun, Source


@dataclass(frozen=True, slots=True)
class LastRun:
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    documents_new: int
    observations_new: int
    error: str | None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    name: str
    kind: str
    enabled: bool
    consecutive_failures: int
    last_success_at: dt.datetime | None
    last_failure_at: dt.datetime | None
    last_error: str | None
    last_run: LastRun | None


def source_health(session: Session) -> list[SourceHealth]:
    """Every known source with its failure streak and its most recent run."""
    newest_run = (
        select(IngestRun.source_id, func.max(IngestRun.id).label("run_id"))
        .where(IngestRun.source_id.is_not(None))
        .group_by(IngestRun.source_id)
        .subquery()
    )
    rows = session.execute(
        select(Source, IngestRun)
        .outerjoin(newest_run, newest_run.c.source_id == Source.id)
        .outerjoin(IngestRun, IngestRun.id == newest_run.c.run_id)
        .order_by(Source.name)
    ).all()
    return [
        SourceHealth(
            name=source.name,
            kind=source.kind,
            enabled=source.enabled,
            consecutive_failures=source.consecutive_failures or 0,
            last_success_at=source.last_success_at,
            last_failure_at=source.last_failure_at,
            last_error=source.last_error,
            last_run=None
            if run is None
            else LastRun(
                started_at=run.started_at,
                finished_at=run.finished_at,
                status=run.status,
                documents_new=run.documents_new,
                observations_new=run.observations_new,
                error=run.error,
            ),
        )
        for source, run in rows
    ]


def latest_report_dates(session: Session) -> dict[str, dt.date]:
    """The newest report date with a current daily total, per category, in registry order."""
    rows = session.execute(
        select(DailyTotal.category, func.max(DailyTotal.report_date))
        .join(CategoryRow, CategoryRow.key == DailyTotal.category)
        .where(DailyTotal.valid_to.is_(None))
        .group_by(DailyTotal.category, CategoryRow.sort_order)
        .order_by(CategoryRow.sort_order)
    ).all()
    return {category: report_date for category, report_date in rows}


def newest_report_date(session: Session) -> dt.date | None:
    """The newest report date of the General Staff's figures in the daily series."""
    return session.execute(
        select(func.max(DailyTotal.report_date)).where(DailyTotal.valid_to.is_(None))
    ).scalar_one()
