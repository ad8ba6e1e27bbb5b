"""A public Telegram channel through its web preview, ``https://t.me/s/<channel>``.

Each message is one document (external id: its ``data-post``, e.g.
``GeneralStaffZSU/31337``). The first page is fetched conditionally; older pages
(``?before=<post id>``) are walked back up to ``pages`` pages, stopping early at
posts an earlier run already saw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from pipeline.sources.base import FetchOutcome, conditional_get, fresh_state
from pipeline.sources.errors import SourceError
from pipeline.sources.text import decode, element_text
from pipeline.store import NewDocument

if TYPE_CHECKING:
    from pipeline.config import SourceConfig
    from pipeline.sources.http import HttpClient

DEFAULT_PAGES = 1


@dataclass(frozen=True, slots=True)
class Message:
    post: str
    post_id: int
    published_at: dt.datetime | None
    text: str


def parse_preview(html: str) -> list[Message]:
    """The messages of one preview page, oldest first; messages without text are skipped."""
    soup = BeautifulSoup(html, "html.parser")
    messages: list[Message] = []
    for node in soup.select("div.tgme_widget_message[data-post]"):
        post = str(node["data-post"])
        _channel, _, number = post.rpartition("/")
        if not number.isdigit():
            continue
        text_node = node.select_one(".tgme_widget_message_text")
        if not isinstance(text_node, Tag):
            continue
        text = element_text(text_node)
        if not text:
            continue
        time_node = node.select_one(".tgme_widget_message_date time[datetime]") or node.select_one(
            "time[datetime]"
        )
        published_at = None
        if isinstance(time_node, Tag):
            try:
                published_at = dt.datetime.fromisoformat(str(time_node["datetime"]))
            except ValueError:
                published_at = None
            if published_at is not None and published_at.tzinfo is None:
                published_at = published_at.replace(tzinfo=dt.UTC)
        messages.append(Message(post, int(number), published_at, text))
    return messages


def _page_url(url: str, before: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=f"before={before}"))


def _post_url(page_url: str, post: str) -> str:
    parts = urlsplit(page_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{post}", "", ""))


def _read_page(http: HttpClient, url: str) -> list[Message]:
    response = http.get(url)
    return parse_preview(decode(response.content, response.charset, where=response.url))


def fetch(source: SourceConfig, state: dict[str, Any], http: HttpClient) -> FetchOutcome:
    pages = int(source.options.get("pages", DEFAULT_PAGES))
    if pages < 1:
        raise SourceError(f"{source.name}: option pages must be at least 1, not {pages}")
    new_state = fresh_state(state)
    newest_seen = int(new_state.get("cursor", 0))
    response = conditional_get(http, source.url, new_state)
    if response.unchanged:
        return FetchOutcome([], new_state, http_status=response.status, unchanged=True)
    messages = parse_preview(decode(response.content, response.charset, where=response.url))
    if not messages:
        raise SourceError(
            f"{source.url}: no messages on the page (the channel may not exist or be"
            " private, or the preview layout changed)",
            http_status=response.status,
        )
    collected = list(messages)
    for _page in range(pages - 1):
        oldest = min(message.post_id for message in messages)
        if oldest <= newest_seen + 1:
            break
        messages = _read_page(http, _page_url(source.url, oldest))
        if not messages:
            break
        collected.extend(messages)
    documents = [
        NewDocument(
            content=message.text.encode("utf-8"),
            content_type="text/plain",
            url=_post_url(source.url, message.post),
            external_id=message.post,
            title=None,
            published_at=message.published_at,
        )
        for message in sorted(collected, key=lambda message: message.post_id)
    ]
    new_state["cursor"] = max([newest_seen, *(message.post_id for message in collected)])
    return FetchOutcome(documents, new_state, http_status=response.status)
