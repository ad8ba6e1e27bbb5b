"""One web page (e.g. the Ministry of Defence news page): its main text is the document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.sources.base import FetchOutcome, conditional_get, fresh_state
from pipeline.sources.errors import SourceError
from pipeline.sources.text import decode, main_text
from pipeline.store import NewDocument

if TYPE_CHECKING:
    from pipeline.config import SourceConfig
    from pipeline.sources.http import HttpClient


def fetch(source: SourceConfig, state: dict[str, Any], http: HttpClient) -> FetchOutcome:
    new_state = fresh_state(state)
    response = conditional_get(http, source.url, new_state)
    if response.unchanged:
        return FetchOutcome([], new_state, http_status=response.status, unchanged=True)
    if not response.content.strip():
        raise SourceError(f"{response.url}: empty response body", http_status=response.status)
    title, text = main_text(decode(response.content, response.charset, where=response.url))
    if not text:
        raise SourceError(f"{response.url}: no text on the page", http_status=response.status)
    document = NewDocument(
        content=text.encode("utf-8"),
        content_type="text/plain",
        url=response.url,
        title=title,
    )
    return FetchOutcome([document], new_state, http_status=response.status)
