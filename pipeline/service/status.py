"""``losses status``: is the data current, are the sources well, is a service running."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.config import Settings
from pipeline.dates import KYIV, utc_now
from pipeline.store import Store, migrate
from pipeline.store.health import (
    SourceHealth,
    latest_report_dates,
    newest_report_date,
    source_health,
)
from pipeline.store.queries import row_counts

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True, slots=True)
class SourceStatus:
    health: SourceHealth
    configured: bool
    unhealthy: bool
    last_run_age_hours: float | None


@dataclass(frozen=True, slots=True)
class ServiceLockStatus:
    location: str
    held: bool
    holder: str | None = None
    since: dt.datetime | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class StatusReport:
    database: str
    schema_revision: str | None
    newest_schema_revision: str | None
    checked_at: dt.datetime
    general_staff_date: dt.date | None
    general_staff_age_hours: float | None
    stale_after_hours: float
    latest_by_category: dict[str, dt.date]
    sources: list[SourceStatus]
    service: ServiceLockStatus | None
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def stale(self) -> bool:
        """No General Staff figures, or the newest are older than allowed."""
        return (
            self.general_staff_age_hours is None
            or self.general_staff_age_hours > self.stale_after_hours
        )

    @property
    def unhealthy_sources(self) -> list[str]:
        return [source.health.name for source in self.sources if source.unhealthy]


def report_age_hours(report_date: dt.date, now: dt.datetime) -> float:
    """Hours since the start (Kyiv time) of the day the figures are "as of"."""
    start = dt.datetime.combine(report_date, dt.time(0), tzinfo=KYIV)
    return (now - start).total_seconds() / 3600


def _hours_since(moment: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if moment is None else (now - moment).total_seconds() / 3600


def build_status(store: Store, settings: Settings, now: dt.datetime | None = None) -> StatusReport:
    now = now or utc_now()
    with store.reader() as session:
        health = source_health(session)
        latest = latest_report_dates(session)
        newest = newest_report_date(session)
        counts = row_counts(session)
    configured = {source.name for source in settings.sources}
    known = {source.name for source in health}
    never_seen = [
        SourceHealth(
            name=source.name,
            kind=source.kind,
            enabled=source.enabled,
            consecutive_failures=0,
            last_success_at=None,
            last_failure_at=None,
            last_error=None,
            last_run=None,
        )
        for source in settings.sources
        if source.name not in known
    ]
    threshold = settings.service.unhealthy_after_failures
    sources = [
        SourceStatus(
            health=source,
            configured=source.name in configured,
            unhealthy=source.consecutive_failures >= threshold,
            last_run_age_hours=_hours_since(
                source.last_run.started_at if source.last_run else None, now
            ),
        )
        for source in [*health, *never_seen]
    ]
    return StatusReport(
        database=store.masked_url,
        schema_revision=migrate.current_revision(store.engine),
        newest_schema_revision=migrate.head_revision(store.engine),
        checked_at=now,
        general_staff_date=newest,
        general_staff_age_hours=None if newest is None else report_age_hours(newest, now),
        stale_after_hours=settings.stale_after_hours,
        latest_by_category=latest,
        sources=sources,
        service=service_lock_status(settings.database_url),
        row_counts=counts,
    )


def service_lock_status(database_url: str) -> ServiceLockStatus | None:
    """Whether a ``losses serve`` holds this database's instance lock; None if it cannot."""
    from pipeline.service.lock import LockUnavailable, instance_lock

    try:
        lock = instance_lock(database_url)
    except LockUnavailable:
        return None
    try:
        holder = lock.holder()
    except Exception as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return ServiceLockStatus(location=lock.location, held=False, error=reason)
    finally:
        lock.close()
    if holder is None:
        return ServiceLockStatus(location=lock.location, held=False)
    return ServiceLockStatus(
        location=lock.location, held=True, holder=holder.description, since=holder.since
    )


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def status_as_json(report: StatusReport) -> dict[str, Any]:
    """The report as plain JSON types, for monitoring."""
    return {
        "database": report.database,
        "schema_revision": report.schema_revision,
        "newest_schema_revision": report.newest_schema_revision,
        "checked_at": _iso(report.checked_at),
        "general_staff": {
            "newest_report_date": _iso(report.general_staff_date),
            "age_hours": _hours(report.general_staff_age_hours),
            "stale_after_hours": report.stale_after_hours,
            "stale": report.stale,
        },
        "latest_report_date_by_category": {
            category: _iso(day) for category, day in report.latest_by_category.items()
        },
        "sources": [_source_as_json(source) for source in report.sources],
        "unhealthy_sources": report.unhealthy_sources,
        "service": None
        if report.service is None
        else {
            "running": report.service.held,
            "holder": report.service.holder,
            "since": _iso(report.service.since),
            "lock": report.service.location,
            "error": report.service.error,
        },
        "row_counts": report.row_counts,
    }


def _source_as_json(source: SourceStatus) -> dict[str, Any]:
    health = source.health
    run = health.last_run
    return {
        "name": health.name,
        "kind": health.kind,
        "enabled": health.enabled,
        "configured": source.configured,
        "unhealthy": source.unhealthy,
        "consecutive_failures": health.consecutive_failures,
        "last_success_at": _iso(health.last_success_at),
        "last_failure_at": _iso(health.last_failure_at),
        "last_error": health.last_error,
        "last_run": None
        if run is None
        else {
            "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at),
            "status": run.status,
            "age_hours": _hours(source.last_run_age_hours),
            "documents_new": run.documents_new,
            "observations_new": run.observations_new,
            "error": run.error,
        },
    }


def describe_age(hours: float | None) -> str:
    if hours is None:
        return "never"
    if hours < 1:
        return f"{round(hours * 60)} min ago"
    if hours < 48:
        return f"{hours:.1f} h ago"
    return f"{hours / 24:.1f} days ago"


def print_status(report: StatusReport, console: Console) -> None:
    """The report for people: the verdicts first, the detail after."""
    from rich.table import Table

    console.print(f"database: {report.database}")
    revision = report.schema_revision or "base (empty)"
    behind = "" if revision == report.newest_schema_revision else " (run `losses db upgrade`)"
    console.print(f"schema revision: {revision}{behind}")
    if report.service is None:
        console.print("service: no instance lock for this database")
    elif report.service.error:
        console.print(f"service: unknown ({report.service.error})")
    elif report.service.held:
        since = f" since {_iso(report.service.since)}" if report.service.since else ""
        console.print(f"service: running ({report.service.holder}{since})")
    else:
        console.print("service: not running")
    if report.general_staff_date is None:
        console.print("General Staff figures: none yet [bold red](stale)[/]")
    else:
        verdict = "[bold red]stale[/]" if report.stale else "fresh"
        console.print(
            f"General Staff figures: {report.general_staff_date.isoformat()}"
            f" ({describe_age(report.general_staff_age_hours)}, {verdict};"
            f" stale after {report.stale_after_hours:g} h)"
        )
    unhealthy = report.unhealthy_sources
    console.print(f"unhealthy sources: {', '.join(unhealthy) if unhealthy else 'none'}")

    sources = Table("source", "last run", "status", "new docs", "failures", "note")
    for source in report.sources:
        health, run = source.health, source.health.last_run
        notes = [] if source.configured else ["not in config"]
        if not health.enabled:
            notes.append("disabled")
        if source.unhealthy:
            notes.append(f"unhealthy: {health.last_error or 'failing'}")
        sources.add_row(
            health.name,
            describe_age(source.last_run_age_hours),
            run.status if run else "-",
            str(run.documents_new) if run else "-",
            str(health.consecutive_failures),
            "; ".join(notes),
        )
    console.print(sources)
    if report.latest_by_category:
        categories = Table("category", "latest report date")
        for category, report_date in report.latest_by_category.items():
            categories.add_row(category, report_date.isoformat())
        console.print(categories)
    counts = Table("table", "rows")
    for name, count in report.row_counts.items():
        counts.add_row(name, f"{count:,}")
    console.print(counts)
