"""Read-side questions the CLI and analysts ask of the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Row, func, inspect, or_, select
from sqlalchemy.orm import Session

from pipeline.store.models import Base, DailyTotal, Document, Observation, Source


def row_counts(session: Session) -> dict[str, int]:
    """Rows per table of the schema that exist in the database."""
    # The session's own connection: a second one would wait on its SQLite write lock.
    present = set(inspect(session.connection()).get_table_names())
    return {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
        if table.name in present
    }


def totals_as_of(
    session: Session, moment: dt.datetime, category: str | None = None
) -> Sequence[Row[tuple[dt.date, str, int, int | None]]]:
    """The daily totals as the database believed them at ``moment``."""
    query = (
        select(DailyTotal.report_date, DailyTotal.category, DailyTotal.total, DailyTotal.change)
        .where(
            DailyTotal.valid_from <= moment,
            or_(DailyTotal.valid_to.is_(None), DailyTotal.valid_to > moment),
        )
        .order_by(DailyTotal.report_date, DailyTotal.category)
    )
    if category is not None:
        query = query.where(DailyTotal.category == category)
    return session.execute(query).all()


def value_history(session: Session, report_date: dt.date, category: str) -> list[DailyTotal]:
    """Every version of one daily total, oldest first."""
    return list(
        session.execute(
            select(DailyTotal)
            .where(DailyTotal.report_date == report_date, DailyTotal.category == category)
            .order_by(DailyTotal.valid_from, DailyTotal.id)
        ).scalars()
    )


def source_values(
    session: Session, report_date: dt.date, category: str
) -> Sequence[Row[tuple[str, int, int | None, dt.datetime, str | None]]]:
    """Every observation of one (date, category): which source said what, when, where."""
    return session.execute(
        select(
            Source.name.label("source"),
            Observation.total,
            Observation.reported_change,
            Observation.observed_at,
            Document.url,
        )
        .join(Source, Source.id == Observation.source_id)
        .join(Document, Document.id == Observation.document_id)
        .where(Observation.report_date == report_date, Observation.category == category)
        .order_by(Observation.id)
    ).all()
