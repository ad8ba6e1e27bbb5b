"""Adapters for structured sources: the russianwarship.rip API, the dataset files, minfin tables.

``fetch`` (the adapter interface of ``base``) gets what is new today; ``history``
walks a source's whole history page by page for ``losses backfill``. Both hand
back raw documents only: reading them is the structured parser's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin

from pipeline.dates import INVASION_DAY
from pipeline.sources.base import FetchOutcome, conditional_get, fresh_state
from pipeline.sources.errors import SourceError
from pipeline.store import NewDocument

if TYPE_CHECKING:
    from pipeline.config import SourceConfig
    from pipeline.sources.http import HttpClient, HttpResponse

API_PAGE_SIZE = 100
# The API answers 422 to a page or date outside the history it holds.
API_OUT_OF_RANGE = 422
MAX_API_PAGES = 1000


def _document(response: HttpResponse, content_type: str) -> NewDocument:
    if not response.content.strip():
        raise SourceError(f"{response.url}: empty response body", http_status=response.status)
    return NewDocument(content=response.content, content_type=content_type, url=response.url)


def _api_base(source: SourceConfig) -> str:
    return source.url.rstrip("/")


def fetch_json_api(source: SourceConfig, state: dict[str, Any], http: HttpClient) -> FetchOutcome:
    """The newest day: ``GET /statistics/latest``."""
    new_state = fresh_state(state)
    response = conditional_get(http, f"{_api_base(source)}/statistics/latest", new_state)
    if response.unchanged:
        return FetchOutcome([], new_state, http_status=response.status, unchanged=True)
    return FetchOutcome(
        [_document(response, "application/json")], new_state, http_status=response.status
    )


def _dataset_urls(source: SourceConfig) -> list[str]:
    extra = source.options.get("extra_urls", [])
    return [source.url, *(url for url in extra if isinstance(url, str))]


def fetch_dataset_json(
    source: SourceConfig, state: dict[str, Any], http: HttpClient
) -> FetchOutcome:
    """Each dataset file (equipment, then personnel) when it changed since the last fetch."""
    new_state = fresh_state(state)
    documents: list[NewDocument] = []
    status: int | None = None
    for url in _dataset_urls(source):
        response = conditional_get(http, url, new_state)
        status = response.status
        if not response.unchanged:
            documents.append(_document(response, "application/json"))
    return FetchOutcome(documents, new_state, http_status=status, unchanged=not documents)


def fetch_table(source: SourceConfig, state: dict[str, Any], http: HttpClient) -> FetchOutcome:
    """The casualties page with the newest days."""
    new_state = fresh_state(state)
    response = conditional_get(http, source.url, new_state)
    if response.unchanged:
        return FetchOutcome([], new_state, http_status=response.status, unchanged=True)
    return FetchOutcome([_document(response, "text/html")], new_state, http_status=response.status)


def _months(since: dt.date, until: dt.date) -> Iterator[dt.date]:
    month = since.replace(day=1)
    while month <= until:
        yield month
        month = (month + dt.timedelta(days=32)).replace(day=1)


def history(
    source: SourceConfig,
    http: HttpClient,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Iterator[NewDocument]:
    """Every document of the source's history between ``since`` and ``until``, oldest first."""
    from pipeline.sources.http import FetchError

    first = since or INVASION_DAY
    last = until or dt.date.today()
    if source.kind == "json_api":
        query = {"offset": 0, "limit": API_PAGE_SIZE, "date_from": first, "date_to": last}
        url: str | None = f"{_api_base(source)}/statistics?{urlencode(query)}"
        pages = 0
        while url is not None and pages < MAX_API_PAGES:
            try:
                response = http.get(url)
            except FetchError as error:
                if error.http_status == API_OUT_OF_RANGE:
                    return
                raise
            pages += 1
            yield _document(response, "application/json")
            url = _next_page(response)
    elif source.kind == "dataset_json":
        for url in _dataset_urls(source):
            yield _document(http.get(url), "application/json")
    elif source.kind == "table":
        base = source.url if source.url.endswith("/") else source.url + "/"
        for month in _months(first, last):
            try:
                response = http.get(f"{base}{month:%Y-%m}/")
            except FetchError as error:
                if error.http_status == 404:
                    continue
                raise
            yield _document(response, "text/html")
    else:
        raise SourceError(f"source {source.name!r} of kind {source.kind!r} has no history to walk")


def _next_page(response: HttpResponse) -> str | None:
    import json

    from pipeline.parse.structured.russianwarship import next_page_url

    try:
        url = next_page_url(json.loads(response.content))
    except ValueError:
        return None
    return urljoin(response.url, url) if url else None
