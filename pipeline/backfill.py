"""Backfill: load a structured source's whole history, from the web or from local files.

Wiring only, like ``ingest``: each document goes through ``ingest_document``
(archive once, observations in bulk, reconcile in bulk), so a second run of
the same history adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.config import ConfigError, Settings, SourceConfig
from pipeline.ingest import IngestCounts, ingest_document, source_specs
from pipeline.parse.structured import detect_format
from pipeline.store import NewDocument, Store
from pipeline.store.archive import finish_run, start_run, sync_sources
from pipeline.store.models import DailyTotal, Document

if TYPE_CHECKING:
    from pipeline.sources.http import HttpClient

# Called after each unit of work with (units done, units in all, what was just done).
Progress = Callable[[int, int, str], None]
STRUCTURED_KINDS = ("json_api", "dataset_json", "table")
FORMAT_NAMES = {
    "json_api": "a russianwarship.rip API answer",
    "dataset_json": "a PetroIvaniuk dataset JSON file",
    "table": "an index.minfin.com.ua casualties page",
}
CONTENT_TYPES = {
    "json_api": "application/json",
    "dataset_json": "application/json",
    "table": "text/html",
}


class BackfillError(Exception):
    """A backfill that cannot start, phrased as one line for the user."""


@dataclass(frozen=True, slots=True)
class BackfillResult:
    counts: IngestCounts
    # One line per document that was archived but could not be read.
    failures: list[str]


@dataclass(frozen=True, slots=True)
class LocalFile:
    path: Path
    format: str
    content: bytes


def read_local_files(paths: Sequence[Path]) -> list[LocalFile]:
    """Every file read and its format detected, before anything is stored."""
    files: list[LocalFile] = []
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise BackfillError(f"{path}: cannot read: {error.strerror or error}") from None
        detected = detect_format(content)
        if detected is None:
            expected = ", ".join(FORMAT_NAMES.values())
            raise BackfillError(f"{path}: not a structured format (expected {expected})")
        files.append(LocalFile(path=path, format=detected.format, content=content))
    return files


def source_for(settings: Settings, file_format: str, source_name: str | None) -> SourceConfig:
    """The named source, else the first configured source of the file's kind."""
    if source_name is not None:
        try:
            return settings.source(source_name)
        except ConfigError as error:
            raise BackfillError(str(error)) from None
    for source in settings.sources:
        if source.kind == file_format:
            return source
    raise BackfillError(
        f"no configured source of kind {file_format!r} to file this under; add one to the"
        " config or pass --source NAME"
    )


def backfill_files(
    store: Store,
    settings: Settings,
    paths: Sequence[Path],
    *,
    source_name: str | None = None,
    progress: Progress | None = None,
) -> BackfillResult:
    """Load local copies of structured sources; each file is one document, one transaction."""
    files = read_local_files(paths)
    targets = [source_for(settings, file.format, source_name) for file in files]
    total = IngestCounts()
    failures: list[str] = []
    for done, (file, source) in enumerate(zip(files, targets, strict=True), start=1):
        with store.transaction() as session:
            source_ids = sync_sources(session, source_specs(settings))
            source_id = source_ids[source.name]
            run_id = start_run(session, "backfill", source_id)
            counts = ingest_document(
                session,
                source_id,
                NewDocument(
                    content=file.content,
                    content_type=CONTENT_TYPES[file.format],
                    url=file.path.resolve().as_uri(),
                    title=file.path.name,
                ),
            )
            failure = _parse_error(session, source_id, file) if counts.documents_failed else None
            finish_run(
                session,
                run_id,
                status="ok" if counts.documents_new else "unchanged",
                documents_new=counts.documents_new,
                documents_unchanged=counts.documents_unchanged,
                observations_new=counts.observations_new,
                error=failure,
            )
        if failure is not None:
            failures.append(f"{file.path}: {failure}")
        total.add(counts)
        if progress is not None:
            progress(done, len(files), f"{file.path.name} ({FORMAT_NAMES[file.format]})")
    return BackfillResult(counts=total, failures=failures)


def _parse_error(session: Session, source_id: int, file: LocalFile) -> str:
    error = session.execute(
        select(Document.parse_error).where(
            Document.source_id == source_id,
            Document.sha256 == hashlib.sha256(file.content).hexdigest(),
        )
    ).scalar_one_or_none()
    return error or "could not be read"


def structured_sources(settings: Settings, name: str | None = None) -> list[SourceConfig]:
    """The named source (which must be structured), or every enabled structured source."""
    if name is not None:
        try:
            source = settings.source(name)
        except ConfigError as error:
            raise BackfillError(str(error)) from None
        if source.kind not in STRUCTURED_KINDS:
            raise BackfillError(
                f"source {name!r} is of kind {source.kind!r}: only structured sources"
                f" ({', '.join(STRUCTURED_KINDS)}) have a history to backfill"
            )
        return [source]
    return [
        source for source in settings.sources if source.enabled and source.kind in STRUCTURED_KINDS
    ]


def backfill_sources(
    store: Store,
    settings: Settings,
    *,
    source_name: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    http: HttpClient | None = None,
    progress: Progress | None = None,
) -> BackfillResult:
    """Walk each structured source's history; a failing source is reported, not fatal."""
    from pipeline.sources import SourceError
    from pipeline.sources.http import HttpClient
    from pipeline.sources.structured import history

    sources = structured_sources(settings, source_name)
    client = http or HttpClient(settings.http)
    total = IngestCounts()
    failures: list[str] = []
    try:
        with store.transaction() as session:
            source_ids = sync_sources(session, source_specs(settings))
        for number, source in enumerate(sources, start=1):
            source_id = source_ids[source.name]
            with store.transaction() as session:
                run_id = start_run(session, "backfill", source_id)
            counts = IngestCounts()
            error: str | None = None
            try:
                for document in history(source, client, since, until):
                    with store.transaction() as session:
                        counts.add(ingest_document(session, source_id, document))
                    if progress is not None:
                        progress(number - 1, len(sources), f"{source.name}: {document.url}")
            except SourceError as failure:
                error = str(failure)
                failures.append(f"{source.name}: {error}")
            with store.transaction() as session:
                finish_run(
                    session,
                    run_id,
                    status="failed" if error else "ok" if counts.documents_new else "unchanged",
                    documents_new=counts.documents_new,
                    documents_unchanged=counts.documents_unchanged,
                    observations_new=counts.observations_new,
                    error=error,
                )
            total.add(counts)
            if progress is not None:
                progress(number, len(sources), source.name)
    finally:
        if http is None:
            client.close()
    return BackfillResult(counts=total, failures=failures)


def series_is_empty(store: Store) -> bool:
    """No daily total yet: a newcomer's first run."""
    with store.reader() as session:
        return session.execute(select(DailyTotal.id).limit(1)).first() is None
