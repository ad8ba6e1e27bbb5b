"""Per-source fetch state: validators of the main URL, the adapter's state, health."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipeline.dates import utc_now
from pipeline.store.models import Source

ERROR_TEXT_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class FetchState:
    """What the last successful run of a source left for the next one."""

    etag: str | None = None
    last_modified: str | None = None
    state: dict[str, Any] = field(default_factory=dict)


def load_fetch_state(session: Session, source_id: int) -> FetchState:
    row = session.execute(
        select(Source.etag, Source.last_modified, Source.state).where(Source.id == source_id)
    ).one()
    try:
        state = json.loads(row.state) if row.state else {}
    except json.JSONDecodeError:
        # A damaged state only costs a full (unconditional) fetch; documents still dedupe.
        state = {}
    return FetchState(
        etag=row.etag,
        last_modified=row.last_modified,
        state=state if isinstance(state, dict) else {},
    )


def record_success(
    session: Session, source_id: int, fetch_state: FetchState, *, item_errors: str | None = None
) -> None:
    """Save the new state; ``item_errors`` notes items that failed and will be retried."""
    session.execute(
        update(Source)
        .where(Source.id == source_id)
        .values(
            etag=fetch_state.etag,
            last_modified=fetch_state.last_modified,
            state=json.dumps(fetch_state.state, ensure_ascii=False, sort_keys=True),
            last_success_at=utc_now(),
            consecutive_failures=0,
            last_error=item_errors[:ERROR_TEXT_LIMIT] if item_errors else None,
        )
    )


def record_failure(session: Session, source_id: int, error: str) -> None:
    """Count a failure; the fetch state stays as the last success left it."""
    session.execute(
        update(Source)
        .where(Source.id == source_id)
        .values(
            last_failure_at=utc_now(),
            consecutive_failures=Source.consecutive_failures + 1,
            last_error=error[:ERROR_TEXT_LIMIT],
        )
    )
