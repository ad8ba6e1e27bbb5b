"""The one place that wires a run together: archive, parse, store, reconcile.

Every write caused by one document happens in one transaction, so a crash at
any moment leaves either the whole document (with its observations and the
daily totals they changed) or nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pipeline.dates import KYIV, kyiv_date, utc_now
from pipeline.parse import PARSER_VERSION, ParseResult, parse_document
from pipeline.parse.structured import STRUCTURED_PARSER_VERSION, StructuredResult, parse_structured
from pipeline.sources import SourceError, adapter_for
from pipeline.store import AirAttackFigures, Figure, NewDocument, SourceSpec, Store
from pipeline.store.archive import (
    archive_document,
    finish_run,
    mark_parsed,
    start_run,
    sync_sources,
)
from pipeline.store.fetch_state import FetchState, load_fetch_state, record_failure, record_success
from pipeline.store.models import Document
from pipeline.store.observations import (
    AIR_ATTACK_FIELDS,
    Reading,
    add_air_attack,
    add_observations,
    current_reading,
    restated_dropped,
)
from pipeline.store.reconcile import reconcile, reconcile_air_attack_nights

if TYPE_CHECKING:
    from pipeline.config import Settings, SourceConfig
    from pipeline.sources.base import FetchOutcome
    from pipeline.sources.http import HttpClient

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a document says, in the store's terms."""

    figures: list[Figure]
    air_attacks: list[AirAttackFigures]
    parser_version: str = PARSER_VERSION
    # A structured source restates its history: only what changed is stored again.
    restates_history: bool = False


@dataclass(slots=True)
class IngestCounts:
    documents_new: int = 0
    documents_unchanged: int = 0
    documents_failed: int = 0
    observations_new: int = 0
    air_attacks_new: int = 0

    def add(self, other: IngestCounts) -> None:
        self.documents_new += other.documents_new
        self.documents_unchanged += other.documents_unchanged
        self.documents_failed += other.documents_failed
        self.observations_new += other.observations_new
        self.air_attacks_new += other.air_attacks_new


def extracted_from(result: ParseResult) -> Extracted:
    figures: list[Figure] = []
    bulletin = result.general_staff
    if bulletin is not None and bulletin.report_date is not None:
        figures = [
            Figure(
                report_date=bulletin.report_date,
                category=key,
                total=total,
                reported_change=bulletin.deltas.get(key),
                qualifier=bulletin.qualifiers.get(key),
            )
            for key, total in bulletin.figures.items()
        ]
    air_attacks = [
        AirAttackFigures(
            report_date=attack.report_date,
            **{name: getattr(attack, name) for name in AIR_ATTACK_FIELDS},
        )
        for attack in result.air_attacks
        if attack.report_date is not None
    ]
    return Extracted(figures=figures, air_attacks=air_attacks)


def extracted_from_structured(result: StructuredResult) -> Extracted:
    figures = [
        Figure(
            report_date=day.report_date,
            category=key,
            total=total,
            reported_change=day.deltas.get(key),
            qualifier=day.qualifiers.get(key),
        )
        for day in result.days
        for key, total in day.figures.items()
    ]
    return Extracted(
        figures=figures,
        air_attacks=[],
        parser_version=STRUCTURED_PARSER_VERSION,
        restates_history=True,
    )


def extract(document: NewDocument, fetched_at: dt.datetime) -> Extracted:
    """Parse a raw document into figures; undecodable bytes are replaced, not fatal.

    Structured documents (JSON API answers, dataset files, daily tables) are
    recognised by their content and read by the structured parser.
    """
    structured = parse_structured(document.content)
    if structured is not None:
        return extracted_from_structured(structured)
    text = document.content.decode("utf-8", errors="replace")
    published = kyiv_date(document.published_at or fetched_at)
    result = parse_document(text, published=published, content_type=document.content_type)
    return extracted_from(result)


def store_extracted(
    session: Session,
    document_id: int,
    source_id: int,
    extracted: Extracted,
    earlier: Reading | None = None,
) -> IngestCounts:
    """Store a reading (the document already carries its parser version) and reconcile.

    ``earlier`` is the reading it replaces: what that one stated is reconciled too,
    so a figure the new parser no longer finds stops counting.
    """
    counts = IngestCounts()
    figures = extracted.figures
    if extracted.restates_history:
        figures = restated_dropped(session, source_id, figures)
    version = extracted.parser_version
    counts.observations_new = add_observations(session, document_id, source_id, figures, version)
    counts.air_attacks_new = sum(
        add_air_attack(session, document_id, source_id, attack, version)
        for attack in extracted.air_attacks
    )
    touched = {(figure.report_date, figure.category) for figure in figures}
    nights = {attack.report_date for attack in extracted.air_attacks}
    if earlier is not None:
        touched |= earlier.figures
        nights |= earlier.nights
    reconcile(session, touched)
    reconcile_air_attack_nights(session, nights)
    return counts


def read_document(
    session: Session,
    document_id: int,
    source_id: int,
    raw: NewDocument,
    fetched_at: dt.datetime,
    *,
    rereading: bool = False,
) -> IngestCounts:
    """Parse an archived document and make what it says its current reading."""
    earlier = current_reading(session, document_id) if rereading else None
    try:
        extracted = extract(raw, fetched_at)
    except Exception as error:
        # The raw document stays archived, and a reparse keeps the earlier reading
        # current, so a fixed parser can read it later.
        mark_parsed(
            session,
            document_id,
            status="failed",
            parser_version=None if rereading else PARSER_VERSION,
            error=f"{type(error).__name__}: {error}",
        )
        return IngestCounts(documents_failed=1)
    found_something = bool(extracted.figures or extracted.air_attacks)
    mark_parsed(
        session,
        document_id,
        status="parsed" if found_something else "no_figures",
        parser_version=extracted.parser_version,
    )
    return store_extracted(session, document_id, source_id, extracted, earlier)


def ingest_document(session: Session, source_id: int, document: NewDocument) -> IngestCounts:
    """Archive one document and, if it is new, store what it says. Call inside a transaction."""
    document_id = archive_document(session, source_id, document)
    if document_id is None:
        return IngestCounts(documents_unchanged=1)
    counts = read_document(session, document_id, source_id, document, utc_now())
    counts.documents_new = 1
    return counts


def ingest_documents(
    store: Store, source_id: int, documents: Iterable[NewDocument]
) -> IngestCounts:
    """Ingest documents one transaction each, so one bad document costs only itself."""
    total = IngestCounts()
    for document in documents:
        with store.transaction() as session:
            total.add(ingest_document(session, source_id, document))
    return total


def source_specs(settings: Settings) -> list[SourceSpec]:
    """What the store keeps of each configured source."""
    return [
        SourceSpec(
            name=source.name,
            kind=source.kind,
            url=source.url,
            priority=source.priority,
            enabled=source.enabled,
        )
        for source in settings.sources
    ]


# --- Fetching: one run per source -------------------------------------------------


@dataclass(slots=True)
class SourceSummary:
    """How one source's fetch went."""

    name: str
    # ok | unchanged | partial (some items failed) | failed
    status: str
    http_status: int | None = None
    counts: IngestCounts = field(default_factory=IngestCounts)
    errors: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return self.status in ("ok", "unchanged")


def _adapter_state(fetch_state: FetchState, url: str) -> dict[str, Any]:
    state = dict(fetch_state.state)
    validators = dict(state.get("validators", {}))
    if fetch_state.etag or fetch_state.last_modified:
        validators[url] = {"etag": fetch_state.etag, "last_modified": fetch_state.last_modified}
    state["validators"] = validators
    return state


def _stored_state(state: dict[str, Any], url: str) -> FetchState:
    main = state.get("validators", {}).get(url, {})
    return FetchState(etag=main.get("etag"), last_modified=main.get("last_modified"), state=state)


def fetch_source(
    store: Store, source: SourceConfig, source_id: int, http: HttpClient
) -> SourceSummary:
    """Fetch one source, ingest each new document in its own transaction, record the run.

    Never raises for a problem of the source itself: the summary says what went wrong.
    """
    with store.transaction() as session:
        run_id = start_run(session, "fetch", source_id)
        fetch_state = load_fetch_state(session, source_id)
    summary = SourceSummary(name=source.name, status="failed")
    outcome: FetchOutcome | None = None
    try:
        adapter = adapter_for(source.kind)
        outcome = adapter(source, _adapter_state(fetch_state, source.url), http)
        summary.http_status = outcome.http_status
        summary.errors = list(outcome.errors)
        for document in outcome.documents:
            with store.transaction() as session:
                summary.counts.add(ingest_document(session, source_id, document))
    except SourceError as error:
        summary.http_status = error.http_status
        summary.errors.append(str(error))
        outcome = None
    except Exception as error:
        log.exception("source %s: unexpected error", source.name)
        summary.errors.append(f"unexpected {type(error).__name__}: {error}")
        outcome = None
    if outcome is not None:
        summary.status = "partial" if outcome.errors else "unchanged" if outcome.unchanged else "ok"
    for message in summary.errors:
        log.error("source %s: %s", source.name, message)
    error_text = "; ".join(summary.errors) or None
    with store.transaction() as session:
        finish_run(
            session,
            run_id,
            status=summary.status,
            http_status=summary.http_status,
            documents_new=summary.counts.documents_new,
            documents_unchanged=summary.counts.documents_unchanged,
            observations_new=summary.counts.observations_new,
            error=error_text,
        )
        if outcome is None:
            record_failure(session, source_id, error_text or "failed")
        else:
            record_success(
                session, source_id, _stored_state(outcome.state, source.url), item_errors=error_text
            )
    return summary


def select_sources(settings: Settings, names: Sequence[str] = ()) -> list[SourceConfig]:
    """The named sources (even disabled ones), or every enabled one; unknown names raise."""
    if names:
        return [settings.source(name) for name in dict.fromkeys(names)]
    return [source for source in settings.sources if source.enabled]


def fetch_all(
    store: Store,
    settings: Settings,
    names: Sequence[str] = (),
    *,
    http: HttpClient | None = None,
) -> list[SourceSummary]:
    """Fetch the selected sources one after the other; a failing source never stops the rest."""
    selected = select_sources(settings, names)
    with store.transaction() as session:
        source_ids = sync_sources(session, source_specs(settings))
    if http is not None:
        return [fetch_source(store, source, source_ids[source.name], http) for source in selected]
    # Imported here: backfilling local files or reparsing needs no HTTP stack.
    from pipeline.sources.http import HttpClient

    with HttpClient(settings.http) as client:
        return [fetch_source(store, source, source_ids[source.name], client) for source in selected]


# --- Reparsing archived documents ---------------------------------------------------


def reparse_document(session: Session, document: Document) -> IngestCounts:
    """Run the current parser over an archived document; only appends and supersedes."""
    raw = NewDocument(
        content=document.content,
        content_type=document.content_type,
        url=document.url,
        external_id=document.external_id,
        title=document.title,
        published_at=document.published_at,
    )
    return read_document(
        session, document.id, document.source_id, raw, document.fetched_at, rereading=True
    )


def documents_to_reparse(store: Store, since: dt.date | None = None) -> list[int]:
    """Ids of archived documents a parser older than the current one read (or none did)."""
    query = select(Document.id).where(
        or_(
            Document.parser_version.is_(None),
            Document.parser_version.not_in([PARSER_VERSION, STRUCTURED_PARSER_VERSION]),
        )
    )
    if since is not None:
        start = dt.datetime.combine(since, dt.time(), tzinfo=KYIV)
        query = query.where(Document.fetched_at >= start)
    with store.reader() as session:
        return list(session.execute(query.order_by(Document.id)).scalars())


def reparse(
    store: Store, document_ids: Iterable[int], on_progress: Callable[[], None] | None = None
) -> IngestCounts:
    """Reparse the given documents, one transaction each."""
    total = IngestCounts()
    for document_id in document_ids:
        with store.transaction() as session:
            document = session.get(Document, document_id)
            if document is not None:
                total.add(reparse_document(session, document))
        if on_progress is not None:
            on_progress()
    return total
