"""From all observations of a (report date, category), choose the daily total.

The rules, in order:

1. each source counts once per date, with the newest thing it said;
2. a value that two or more sources agree on beats any value fewer sources give
   (``agreement`` when every source agrees, ``majority`` otherwise);
3. otherwise the source with the best (lowest) priority number wins
   (``priority``), and on a tie the newest observation (``newest``);
4. a lone source is ``single_source``.

A daily total that changes is superseded, never overwritten: the old row gets
``valid_to``, the new one ``valid_from``, both the same instant.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from pipeline.categories import BY_KEY, CATEGORIES, merged_sources
from pipeline.dates import day_number, utc_now
from pipeline.store.models import (
    AirAttack,
    AirAttackNight,
    DailyTotal,
    Document,
    Observation,
    Source,
)
from pipeline.store.observations import AIR_ATTACK_FIELDS

RECONCILE_LOCK_KEY = 7_302_202_225
# Only what a document's current parser version read counts; older readings stay as history.
_CURRENT_READING = (Document.id == Observation.document_id) & (
    Document.parser_version == Observation.parser_version
)
# Stay well below SQLite's limit on bound parameters per statement.
_ID_BATCH = 500


@dataclass(frozen=True, slots=True)
class SourceValue:
    """The newest thing one source said about one (date, category)."""

    observation_id: int
    source_id: int
    priority: int
    total: int
    reported_change: int | None
    qualifier: str | None


@dataclass(frozen=True, slots=True)
class Choice:
    observation_id: int
    total: int
    reported_change: int | None
    qualifier: str | None
    sources: int
    rule: str


@dataclass(frozen=True, slots=True)
class ReconcileStats:
    inserted: int
    superseded: int


def choose(values: Iterable[SourceValue]) -> Choice:
    """Pick the daily total among what each source said (at least one value)."""
    values = values if isinstance(values, list | tuple) else list(values)
    if len(values) == 1:
        # The common case of a backfill: one source, nothing to weigh.
        (only,) = values
        return Choice(
            observation_id=only.observation_id,
            total=only.total,
            reported_change=only.reported_change,
            qualifier=only.qualifier,
            sources=1,
            rule="single_source",
        )
    by_total: dict[int, list[SourceValue]] = defaultdict(list)
    for value in values:
        by_total[value.total].append(value)
    if not by_total:
        raise ValueError("nothing to choose from")
    support = {total: len(group) for total, group in by_total.items()}
    best_support = max(support.values())
    leaders = [total for total, count in support.items() if count == best_support]
    if len(by_total) == 1:
        rule = "single_source" if best_support == 1 else "agreement"
        chosen_total = leaders[0]
    elif best_support >= 2 and len(leaders) == 1:
        rule = "majority"
        chosen_total = leaders[0]
    else:
        contenders = [value for total in leaders for value in by_total[total]]
        best = min(contenders, key=lambda value: (value.priority, -value.observation_id))
        tied = [value for value in contenders if value.priority == best.priority]
        rule = "newest" if len({value.total for value in tied}) > 1 else "priority"
        chosen_total = best.total
    group = by_total[chosen_total]
    representative = min(group, key=lambda value: (value.priority, -value.observation_id))
    reported_change = representative.reported_change
    if reported_change is None:
        reported_change = next(
            (value.reported_change for value in group if value.reported_change is not None), None
        )
    return Choice(
        observation_id=representative.observation_id,
        total=chosen_total,
        reported_change=reported_change,
        qualifier=representative.qualifier,
        sources=len(group),
        rule=rule,
    )


def _start_dates(touched: Iterable[tuple[dt.date, str]] | None) -> dict[str, dt.date | None]:
    """Per category, the first date to recompute (None: the whole series)."""
    if touched is None:
        return {category.key: None for category in CATEGORIES}
    starts: dict[str, dt.date | None] = {}
    for report_date, key in touched:
        current = starts.get(key)
        starts[key] = report_date if current is None else min(current, report_date)
    # A merged series' first change is computed from the series it continues.
    for key in list(starts):
        target = BY_KEY[key].merged_into
        if target is not None and target not in starts:
            starts[target] = BY_KEY[key].last_reported
    return starts


def _processing_order(keys: Iterable[str]) -> list[str]:
    # Series that were merged away come first: their totals feed the merged series.
    return sorted(keys, key=lambda key: (BY_KEY[key].merged_into is None, key))


def _previous_total(session: Session, category: str, before: dt.date) -> int | None:
    own = session.execute(
        select(DailyTotal.total)
        .where(
            DailyTotal.category == category,
            DailyTotal.report_date < before,
            DailyTotal.valid_to.is_(None),
        )
        .order_by(DailyTotal.report_date.desc())
        .limit(1)
    ).scalar_one_or_none()
    if own is not None:
        return own
    parts = merged_sources(category)
    if not parts:
        return None
    last_totals: list[int] = []
    last_dates: set[dt.date] = set()
    for part in parts:
        row = session.execute(
            select(DailyTotal.report_date, DailyTotal.total)
            .where(
                DailyTotal.category == part,
                DailyTotal.report_date < before,
                DailyTotal.valid_to.is_(None),
            )
            .order_by(DailyTotal.report_date.desc())
            .limit(1)
        ).one_or_none()
        if row is None:
            return None
        last_dates.add(row.report_date)
        last_totals.append(row.total)
    # Only a same-day sum of every merged part is a valid previous total.
    return sum(last_totals) if len(last_dates) == 1 else None


def _observations_by_date(
    session: Session, category: str, start: dt.date | None
) -> dict[dt.date, dict[int, SourceValue]]:
    query = (
        select(
            Observation.id,
            Observation.source_id,
            Observation.report_date,
            Observation.total,
            Observation.reported_change,
            Observation.qualifier,
            Source.priority,
        )
        .join(Source, Source.id == Observation.source_id)
        .join(Document, _CURRENT_READING)
        .where(Observation.category == category)
        .order_by(Observation.id)
    )
    if start is not None:
        query = query.where(Observation.report_date >= start)
    newest: dict[dt.date, dict[int, SourceValue]] = defaultdict(dict)
    for row in session.execute(query):
        newest[row.report_date][row.source_id] = SourceValue(
            observation_id=row.id,
            source_id=row.source_id,
            priority=row.priority,
            total=row.total,
            reported_change=row.reported_change,
            qualifier=row.qualifier,
        )
    return newest


def _close(
    session: Session,
    model: type[DailyTotal] | type[AirAttackNight],
    ids: list[int],
    now: dt.datetime,
) -> None:
    """End the validity of current rows: superseded or no longer stated."""
    for offset in range(0, len(ids), _ID_BATCH):
        session.execute(
            update(model)
            .where(model.id.in_(ids[offset : offset + _ID_BATCH]), model.valid_to.is_(None))
            .values(valid_to=now),
            execution_options={"synchronize_session": False},
        )


def _current_rows(
    session: Session, category: str, start: dt.date | None
) -> dict[dt.date, DailyTotal]:
    query = select(DailyTotal).where(DailyTotal.category == category, DailyTotal.valid_to.is_(None))
    if start is not None:
        query = query.where(DailyTotal.report_date >= start)
    return {row.report_date: row for row in session.execute(query).scalars()}


def reconcile(
    session: Session, touched: Iterable[tuple[dt.date, str]] | None = None
) -> ReconcileStats:
    """Bring ``daily_total`` up to date for the touched (date, category) pairs and after.

    ``touched=None`` recomputes every series from its start.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Serialise reconcilers so each one sees the observations the other committed.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RECONCILE_LOCK_KEY})
    now = utc_now()
    inserted = superseded = 0
    starts = _start_dates(touched)
    for category in _processing_order(starts):
        start = starts[category]
        by_date = _observations_by_date(session, category, start)
        existing = _current_rows(session, category, start)
        # A total no current reading states any more (a reparse found it misread)
        # is closed without a successor, before the changes around it are recomputed.
        vanished = [row.id for report_date, row in existing.items() if report_date not in by_date]
        _close(session, DailyTotal, vanished, now)
        superseded += len(vanished)
        if not by_date:
            continue
        first_date = min(by_date)
        previous = _previous_total(session, category, first_date)
        new_rows: list[dict[str, object]] = []
        stale_ids: list[int] = []
        for report_date in sorted(by_date):
            choice = choose(list(by_date[report_date].values()))
            change = None if previous is None else choice.total - previous
            previous = choice.total
            current = existing.get(report_date)
            if current is not None and (
                current.total,
                current.change,
                current.reported_change,
                current.qualifier,
                current.sources,
                current.rule,
            ) == (
                choice.total,
                change,
                choice.reported_change,
                choice.qualifier,
                choice.sources,
                choice.rule,
            ):
                continue
            if current is not None:
                stale_ids.append(current.id)
            new_rows.append(
                {
                    "report_date": report_date,
                    "day": day_number(report_date),
                    "category": category,
                    "total": choice.total,
                    "change": change,
                    "reported_change": choice.reported_change,
                    "qualifier": choice.qualifier,
                    "observation_id": choice.observation_id,
                    "sources": choice.sources,
                    "rule": choice.rule,
                    "valid_from": now,
                    "valid_to": None,
                }
            )
        _close(session, DailyTotal, stale_ids, now)
        if new_rows:
            session.execute(DailyTotal.__table__.insert(), new_rows)
        session.flush()
        inserted += len(new_rows)
        superseded += len(stale_ids)
    return ReconcileStats(inserted=inserted, superseded=superseded)


AirAttackValues = tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class NightReport:
    """The newest account of one night by one source."""

    air_attack_id: int
    source_id: int
    priority: int
    values: AirAttackValues


@dataclass(frozen=True, slots=True)
class NightChoice:
    air_attack_id: int
    values: AirAttackValues
    sources: int
    rule: str


def choose_night(reports: Sequence[NightReport]) -> NightChoice:
    """The same rules as ``choose``, where a report's value is all its figures together."""
    # Number the distinct accounts, so that equal accounts count as agreement.
    account_number: dict[AirAttackValues, int] = {}
    for report in reports:
        account_number.setdefault(report.values, len(account_number))
    accounts = list(account_number)
    choice = choose(
        SourceValue(
            observation_id=report.air_attack_id,
            source_id=report.source_id,
            priority=report.priority,
            total=account_number[report.values],
            reported_change=None,
            qualifier=None,
        )
        for report in reports
    )
    return NightChoice(
        air_attack_id=choice.observation_id,
        values=accounts[choice.total],
        sources=choice.sources,
        rule=choice.rule,
    )


def reconcile_air_attack_nights(session: Session, nights: Iterable[dt.date]) -> ReconcileStats:
    """Bring ``air_attack_night`` up to date for the given nights (report dates)."""
    wanted = sorted(set(nights))
    if not wanted:
        return ReconcileStats(inserted=0, superseded=0)
    now = utc_now()
    columns = [getattr(AirAttack, name) for name in AIR_ATTACK_FIELDS]
    newest: dict[dt.date, dict[int, NightReport]] = defaultdict(dict)
    for offset in range(0, len(wanted), _ID_BATCH):
        rows = session.execute(
            select(
                AirAttack.id, AirAttack.source_id, AirAttack.report_date, Source.priority, *columns
            )
            .join(Source, Source.id == AirAttack.source_id)
            .join(
                Document,
                (Document.id == AirAttack.document_id)
                & (Document.parser_version == AirAttack.parser_version),
            )
            .where(AirAttack.report_date.in_(wanted[offset : offset + _ID_BATCH]))
            .order_by(AirAttack.id)
        )
        for row in rows:
            newest[row.report_date][row.source_id] = NightReport(
                air_attack_id=row.id,
                source_id=row.source_id,
                priority=row.priority,
                values=tuple(getattr(row, name) for name in AIR_ATTACK_FIELDS),
            )
    inserted = superseded = 0
    vanished = list(
        session.execute(
            select(AirAttackNight.id).where(
                AirAttackNight.report_date.in_([night for night in wanted if night not in newest]),
                AirAttackNight.valid_to.is_(None),
            )
        ).scalars()
    )
    _close(session, AirAttackNight, vanished, now)
    superseded += len(vanished)
    for report_date in sorted(newest):
        choice = choose_night(list(newest[report_date].values()))
        current = session.execute(
            select(AirAttackNight).where(
                AirAttackNight.report_date == report_date, AirAttackNight.valid_to.is_(None)
            )
        ).scalar_one_or_none()
        if current is not None:
            current_values = tuple(getattr(current, name) for name in AIR_ATTACK_FIELDS)
            if (current_values, current.sources, current.rule, current.air_attack_id) == (
                choice.values,
                choice.sources,
                choice.rule,
                choice.air_attack_id,
            ):
                continue
            _close(session, AirAttackNight, [current.id], now)
            superseded += 1
        session.execute(
            AirAttackNight.__table__.insert(),
            {
                "report_date": report_date,
                **dict(zip(AIR_ATTACK_FIELDS, choice.values, strict=True)),
                "air_attack_id": choice.air_attack_id,
                "sources": choice.sources,
                "rule": choice.rule,
                "valid_from": now,
                "valid_to": None,
            },
        )
        inserted += 1
    session.flush()
    return ReconcileStats(inserted=inserted, superseded=superseded)
