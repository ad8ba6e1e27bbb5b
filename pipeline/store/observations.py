"""Figures as documents stated them: append-only observations and air attacks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pipeline.categories import BY_KEY
from pipeline.dates import utc_now
from pipeline.store.models import AirAttack, Observation
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


def add_observations(
    session: Session, document_id: int, source_id: int, figures: Sequence[Figure]
) -> int:
    """Record what a document stated; a figure it already gave is not added twice."""
    if not figures:
        return 0
    observed_at = utc_now()
    rows = [
        {
            "document_id": document_id,
            "source_id": source_id,
            "report_date": figure.report_date,
            "category": figure.category,
            "total": figure.total,
            "reported_change": figure.reported_change,
            "qualifier": figure.qualifier,
            "observed_at": observed_at,
        }
        for figure in figures
    ]
    statement = (
        insert_for(session, Observation)
        .on_conflict_do_nothing(
            index_elements=[Observation.document_id, Observation.report_date, Observation.category]
        )
        .returning(Observation.id)
    )
    # executemany with RETURNING runs as SQLAlchemy's "insertmanyvalues" batches on
    # both dialects and returns only the rows actually inserted.
    return len(session.execute(statement, rows).scalars().all())


def add_air_attack(
    session: Session, document_id: int, source_id: int, attack: AirAttackFigures
) -> bool:
    statement = (
        insert_for(session, AirAttack)
        .values(
            document_id=document_id,
            source_id=source_id,
            report_date=attack.report_date,
            drones_launched=attack.drones_launched,
            missiles_launched=attack.missiles_launched,
            drones_shot_down=attack.drones_shot_down,
            missiles_shot_down=attack.missiles_shot_down,
            shot_down=attack.shot_down,
            lost_locationally=attack.lost_locationally,
            observed_at=utc_now(),
        )
        .on_conflict_do_nothing(index_elements=[AirAttack.document_id, AirAttack.report_date])
        .returning(AirAttack.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None
