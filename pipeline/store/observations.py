"""Figures as documents stated them: append-only observations and air attacks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.categories import BY_KEY
from pipeline.dates import utc_now
from pipeline.store.models import AirAttack, Document, Observation
from pipeline.store.upsert import insert_for


@dataclass(frozen=True, slots=True)
class Figure:
    """One category's cumulative total on one report date, as a document stated it."""

    report_date: dt.date
    category: str
    total: int
    reported_change: int | None = None
    qualifier: str | None = None

    def __post_init__(self) -> None:
        if self.category not in BY_KEY:
            raise ValueError(f"unknown category {self.category!r}")
        if self.total < 0:
            raise ValueError(f"negative total {self.total} for {self.category}")


@dataclass(frozen=True, slots=True)
class AirAttackFigures:
    """One night's air attack as one document stated it."""

    report_date: dt.date
    drones_launched: int | None = None
    missiles_launched: int | None = None
    drones_shot_down: int | None = None
    missiles_shot_down: int | None = None
    shot_down: int | None = None
    lost_locationally: int | None = None

    def counts(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in AIR_ATTACK_FIELDS}


# The counts of an air attack, every column of the night besides its date.
AIR_ATTACK_FIELDS: tuple[str, ...] = tuple(
    field.name for field in fields(AirAttackFigures) if field.name != "report_date"
)


def add_observations(
    session: Session,
    document_id: int,
    source_id: int,
    figures: Sequence[Figure],
    parser_version: str,
) -> int:
    """Record what a document stated; a figure it already gave is not added twice."""
    if not figures:
        return 0
    observed_at = utc_now()
    rows = [
        {
            "document_id": document_id,
            "source_id": source_id,
            "parser_version": parser_version,
            "report_date": figure.report_date,
            "category": figure.category,
            "total": figure.total,
            "reported_change": figure.reported_change,
            "qualifier": figure.qualifier,
            "observed_at": observed_at,
        }
        for figure in figures
    ]
    # A plain Core executemany (no ORM bookkeeping, no RETURNING) keeps a
    # 30,000-figure backfill fast; the count of rows this document gained tells
    # how many were new on both dialects.
    before = _observations_of(session, document_id)
    statement = insert_for(session, Observation.__table__).on_conflict_do_nothing(
        index_elements=["document_id", "parser_version", "report_date", "category"]
    )
    session.execute(statement, rows)
    return _observations_of(session, document_id) - before


def _observations_of(session: Session, document_id: int) -> int:
    return session.execute(
        select(func.count()).select_from(Observation).where(Observation.document_id == document_id)
    ).scalar_one()


def add_air_attack(
    session: Session,
    document_id: int,
    source_id: int,
    attack: AirAttackFigures,
    parser_version: str,
) -> bool:
    statement = (
        insert_for(session, AirAttack)
        .values(
            document_id=document_id,
            source_id=source_id,
            parser_version=parser_version,
            report_date=attack.report_date,
            **attack.counts(),
            observed_at=utc_now(),
        )
        .on_conflict_do_nothing(
            index_elements=[AirAttack.document_id, AirAttack.parser_version, AirAttack.report_date]
        )
        .returning(AirAttack.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def restated_dropped(session: Session, source_id: int, figures: Sequence[Figure]) -> list[Figure]:
    """The figures that say something new for this source.

    A structured source (a dataset, an API walk) restates its whole history on
    every fetch. A figure identical to the source's newest observation of the
    same (date, category) adds no information, so it is not stored again: a
    dataset that grew by one day adds only that day, and a dataset that fixed a
    typo adds only the fixed figure (which then supersedes the daily total).
    """
    if not figures:
        return []
    first = min(figure.report_date for figure in figures)
    newest: dict[tuple[dt.date, str], tuple[int, int | None, str | None]] = {}
    rows = session.execute(
        select(
            Observation.report_date,
            Observation.category,
            Observation.total,
            Observation.reported_change,
            Observation.qualifier,
        )
        .join(
            Document,
            (Document.id == Observation.document_id)
            & (Document.parser_version == Observation.parser_version),
        )
        .where(Observation.source_id == source_id, Observation.report_date >= first)
        .order_by(Observation.id)
    )
    for row in rows:
        newest[(row.report_date, row.category)] = (row.total, row.reported_change, row.qualifier)
    return [
        figure
        for figure in figures
        if newest.get((figure.report_date, figure.category))
        != (figure.total, figure.reported_change, figure.qualifier)
    ]


@dataclass(frozen=True, slots=True)
class Reading:
    """What a document's current reading states: (date, category) pairs and nights."""

    figures: set[tuple[dt.date, str]]
    nights: set[dt.date]


def current_reading(session: Session, document_id: int) -> Reading:
    current_version = select(Document.parser_version).where(Document.id == document_id)
    figures = session.execute(
        select(Observation.report_date, Observation.category).where(
            Observation.document_id == document_id,
            Observation.parser_version == current_version.scalar_subquery(),
        )
    ).all()
    nights = session.execute(
        select(AirAttack.report_date).where(
            AirAttack.document_id == document_id,
            AirAttack.parser_version == current_version.scalar_subquery(),
        )
    ).scalars()
    return Reading(figures={(row[0], row[1]) for row in figures}, nights=set(nights))
