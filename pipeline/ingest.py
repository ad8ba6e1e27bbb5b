"""The one place that wires a run together: archive, parse, store, reconcile.

Every write caused by one document happens in one transaction, so a crash at
any moment leaves either the whole document (with its observations and the
daily totals they changed) or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pipeline.dates import kyiv_date, utc_now
from pipeline.parse import PARSER_VERSION, ParseResult, parse_document
from pipeline.parse.structured import STRUCTURED_PARSER_VERSION, StructuredResult, parse_structured
from pipeline.store import AirAttackFigures, Figure, NewDocument, Store
from pipeline.store.archive import archive_document, mark_parsed
from pipeline.store.observations import add_air_attack, add_observations, restated_dropped
from pipeline.store.reconcile import reconcile, reconcile_air_attack_nights


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
            drones_launched=attack.drones_launched,
            missiles_launched=attack.missiles_launched,
            drones_shot_down=attack.drones_shot_down,
            missiles_shot_down=attack.missiles_shot_down,
            shot_down=attack.shot_down,
            lost_locationally=attack.lost_locationally,
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
    session: Session, document_id: int, source_id: int, extracted: Extracted
) -> IngestCounts:
    counts = IngestCounts()
    figures = extracted.figures
    if extracted.restates_history:
        figures = restated_dropped(session, source_id, figures)
    counts.observations_new = add_observations(session, document_id, source_id, figures)
    counts.air_attacks_new = sum(
        add_air_attack(session, document_id, source_id, attack) for attack in extracted.air_attacks
    )
    reconcile(session, {(figure.report_date, figure.category) for figure in figures})
    reconcile_air_attack_nights(session, {attack.report_date for attack in extracted.air_attacks})
    return counts


def ingest_document(session: Session, source_id: int, document: NewDocument) -> IngestCounts:
    """Archive one document and, if it is new, store what it says. Call inside a transaction."""
    document_id = archive_document(session, source_id, document)
    if document_id is None:
        return IngestCounts(documents_unchanged=1)
    try:
        extracted = extract(document, utc_now())
    except Exception as error:
        # The raw document stays archived so a fixed parser can read it later.
        mark_parsed(
            session,
            document_id,
            status="failed",
            parser_version=PARSER_VERSION,
            error=f"{type(error).__name__}: {error}",
        )
        return IngestCounts(documents_new=1, documents_failed=1)
    counts = store_extracted(session, document_id, source_id, extracted)
    counts.documents_new = 1
    found_something = bool(extracted.figures or extracted.air_attacks)
    mark_parsed(
        session,
        document_id,
        status="parsed" if found_something else "no_figures",
        parser_version=extracted.parser_version,
    )
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
