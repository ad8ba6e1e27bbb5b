"""Sources, the raw document archive and the record of runs."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipeline.dates import utc_now
from pipeline.store.models import Document, IngestRun, Source
from pipeline.store.upsert import insert_for


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """What the configuration says about a source."""

    name: str
    kind: str
    url: str
    priority: int = 50
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A raw document as an adapter handed it over, ready to archive."""

    content: bytes
    content_type: str
    url: str | None = None
    external_id: str | None = None
    title: str | None = None
    published_at: dt.datetime | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def sync_sources(session: Session, specs: Iterable[SourceSpec]) -> dict[str, int]:
    """Insert or update each configured source; returns the id of every source by name."""
    now = utc_now()
    for spec in specs:
        statement = insert_for(session, Source).values(
            name=spec.name,
            kind=spec.kind,
            url=spec.url,
            priority=spec.priority,
            enabled=spec.enabled,
            consecutive_failures=0,
            created_at=now,
        )
        statement = statement.on_conflict_do_update(
            index_elements=[Source.name],
            set_={
                "kind": statement.excluded.kind,
                "url": statement.excluded.url,
                "priority": statement.excluded.priority,
                "enabled": statement.excluded.enabled,
            },
        )
        session.execute(statement)
    return {name: source_id for source_id, name in session.execute(select(Source.id, Source.name))}


def archive_document(session: Session, source_id: int, document: NewDocument) -> int | None:
    """Archive a raw document; returns its id, or None when this source already has it."""
    statement = (
        insert_for(session, Document)
        .values(
            source_id=source_id,
            url=document.url,
            external_id=document.external_id,
            title=document.title,
            published_at=document.published_at,
            fetched_at=utc_now(),
            content_type=document.content_type,
            content=document.content,
            sha256=document.sha256,
            parse_status="pending",
        )
        .on_conflict_do_nothing(index_elements=[Document.source_id, Document.sha256])
        .returning(Document.id)
    )
    return session.execute(statement).scalar_one_or_none()


def mark_parsed(
    session: Session,
    document_id: int,
    *,
    status: str,
    parser_version: str | None,
    error: str | None = None,
) -> None:
    """Record how a parse went; ``parser_version`` None keeps the current reading's."""
    values: dict[str, object] = {"parse_status": status, "parse_error": error}
    if parser_version is not None:
        values["parser_version"] = parser_version
    session.execute(update(Document).where(Document.id == document_id).values(**values))


def start_run(session: Session, kind: str, source_id: int | None = None) -> int:
    run = IngestRun(
        kind=kind,
        source_id=source_id,
        started_at=utc_now(),
        status="running",
        documents_new=0,
        documents_unchanged=0,
        observations_new=0,
    )
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    *,
    status: str,
    http_status: int | None = None,
    documents_new: int = 0,
    documents_unchanged: int = 0,
    observations_new: int = 0,
    error: str | None = None,
) -> None:
    session.execute(
        update(IngestRun)
        .where(IngestRun.id == run_id)
        .values(
            finished_at=utc_now(),
            status=status,
            http_status=http_status,
            documents_new=documents_new,
            documents_unchanged=documents_unchanged,
            observations_new=observations_new,
            error=error,
        )
    )
