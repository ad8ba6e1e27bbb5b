"""What the service's jobs do: fetch one source (unless it is backing off), check quality."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from sqlalchemy import select

from pipeline.config import Settings, SourceConfig
from pipeline.dates import kyiv_date, utc_now
from pipeline.service.backoff import backoff_until
from pipeline.service.logging import log_event
from pipeline.store import SourceSpec, Store
from pipeline.store.archive import finish_run, start_run, sync_sources
from pipeline.store.models import Source

log = logging.getLogger("pipeline.service")

# The daily check logs findings about the recent past; older ones were logged on their day.
CHECK_LOOKBACK_DAYS = 7


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: int
    consecutive_failures: int
    last_failure_at: dt.datetime | None


def sync_configured_sources(store: Store, settings: Settings) -> None:
    """Make the source table agree with the configuration."""
    with store.transaction() as session:
        sync_sources(
            session,
            [
                SourceSpec(
                    name=source.name,
                    kind=source.kind,
                    url=source.url,
                    priority=source.priority,
                    enabled=source.enabled,
                )
                for source in settings.sources
            ],
        )


def _source_row(store: Store, name: str) -> SourceRow | None:
    with store.reader() as session:
        row = session.execute(
            select(Source.id, Source.consecutive_failures, Source.last_failure_at).where(
                Source.name == name
            )
        ).one_or_none()
    if row is None:
        return None
    return SourceRow(row.id, row.consecutive_failures or 0, row.last_failure_at)


def fetch_job(store: Store, settings: Settings, source: SourceConfig) -> str:
    """Fetch one source once, unless it is backing off; returns the run's status."""
    from pipeline.ingest import fetch_source
    from pipeline.sources.http import HttpClient

    row = _source_row(store, source.name)
    if row is None:
        sync_configured_sources(store, settings)
        row = _source_row(store, source.name)
        assert row is not None, "sync_sources inserts every configured source"
    service = settings.service
    resume_at = backoff_until(
        row.consecutive_failures,
        row.last_failure_at,
        service.backoff_initial_seconds,
        service.backoff_max_seconds,
    )
    if resume_at is not None and utc_now() < resume_at:
        log_event(
            log,
            logging.INFO,
            "fetch.backoff",
            source=source.name,
            consecutive_failures=row.consecutive_failures,
            until=resume_at.isoformat(timespec="seconds"),
        )
        return "backoff"
    log_event(log, logging.INFO, "fetch.start", source=source.name, url=source.url)
    started = time.monotonic()
    # A client per run: no connection or robots.txt cache outlives the run by months.
    with HttpClient(settings.http) as http:
        summary = fetch_source(store, source, row.id, http)
    failures = 0 if summary.status != "failed" else row.consecutive_failures + 1
    counts = summary.counts
    log_event(
        log,
        logging.INFO if summary.succeeded else logging.WARNING,
        "fetch.end",
        source=source.name,
        status=summary.status,
        http_status=summary.http_status,
        documents_new=counts.documents_new,
        documents_unchanged=counts.documents_unchanged,
        documents_failed=counts.documents_failed,
        observations_new=counts.observations_new,
        air_attacks_new=counts.air_attacks_new,
        seconds=round(time.monotonic() - started, 2),
        consecutive_failures=failures or None,
        unhealthy=True if failures >= service.unhealthy_after_failures else None,
        url=source.url if summary.errors else None,
        error="; ".join(summary.errors) or None,
    )
    return summary.status


def check_job(store: Store) -> str:
    """The daily quality check: log the findings of the last days, record the run."""
    try:
        from pipeline.quality import run_checks
    except ImportError:
        log_event(
            log,
            logging.WARNING,
            "check.unavailable",
            reason="this version has no quality checks (pipeline.quality)",
        )
        return "unavailable"
    log_event(log, logging.INFO, "check.start")
    since = kyiv_date(utc_now()) - dt.timedelta(days=CHECK_LOOKBACK_DAYS)
    with store.transaction() as session:
        run_id = start_run(session, "check")
    try:
        with store.reader() as session:
            findings = run_checks(session, since=since)
    except Exception as error:
        with store.transaction() as session:
            finish_run(session, run_id, status="failed", error=f"{type(error).__name__}: {error}")
        raise
    levels = {"error": logging.ERROR, "warning": logging.WARNING}
    for finding in findings:
        log_event(
            log,
            levels.get(finding.severity, logging.INFO),
            "check.finding",
            severity=finding.severity,
            rule=finding.rule,
            date=finding.report_date.isoformat(),
            until=finding.until.isoformat() if finding.until else None,
            category=finding.category,
            message=finding.message,
        )
    errors = sum(finding.severity == "error" for finding in findings)
    with store.transaction() as session:
        finish_run(session, run_id, status="ok")
    log_event(
        log,
        logging.INFO,
        "check.end",
        since=since.isoformat(),
        findings=len(findings),
        errors=errors,
        warnings=sum(finding.severity == "warning" for finding in findings),
    )
    return "ok"
