"""What every adapter takes and returns. Adapters never touch the database.

An adapter is a function ``fetch(source, state, http) -> FetchOutcome``:

- ``source``: the source's configuration (``SourceConfig``; kind options in ``.options``);
- ``state``: the fetch state the previous successful run handed back, a plain JSON-able
  dict (``validators`` per URL, ``cursor``, ``seen`` item guids and hashes, ...); the
  adapter must not mutate it, it returns a new one;
- ``http``: the shared ``HttpClient``.

It returns the raw documents it found plus the new state, or raises ``SourceError`` when
the source as a whole cannot be read. Failures of single items (one article of a feed)
go into ``FetchOutcome.errors`` and the item is tried again next run.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.config import SourceConfig
    from pipeline.sources.http import HttpClient, HttpResponse
    from pipeline.store import NewDocument

SEEN_ITEMS_KEPT = 5000


@dataclass(slots=True)
class FetchOutcome:
    documents: list[NewDocument]
    state: dict[str, Any]
    http_status: int | None = None
    unchanged: bool = False
    errors: list[str] = field(default_factory=list)


Adapter = Callable[["SourceConfig", dict[str, Any], "HttpClient"], FetchOutcome]


def fresh_state(state: dict[str, Any]) -> dict[str, Any]:
    """A copy of the handed-in state the adapter may change."""
    return copy.deepcopy(state)


def conditional_get(http: HttpClient, url: str, state: dict[str, Any]) -> HttpResponse:
    """GET with the validators remembered for ``url``; remembers the new ones in ``state``."""
    validators = state.setdefault("validators", {})
    known = validators.get(url, {})
    response = http.get(url, etag=known.get("etag"), last_modified=known.get("last_modified"))
    if not response.unchanged and (response.etag or response.last_modified):
        validators[url] = {"etag": response.etag, "last_modified": response.last_modified}
    elif not response.unchanged:
        validators.pop(url, None)
    return response


def remember_seen(state: dict[str, Any], key: str, digest: str) -> None:
    """Remember an item (newest last), forgetting the oldest beyond SEEN_ITEMS_KEPT."""
    seen: dict[str, str] = state.setdefault("seen", {})
    seen.pop(key, None)
    seen[key] = digest
    while len(seen) > SEEN_ITEMS_KEPT:
        del seen[next(iter(seen))]
