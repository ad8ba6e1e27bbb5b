"""RSS and Atom feeds: relevant items are followed to their article's main text.

Feed items usually carry only a summary, so for an item whose title or summary
looks like a losses bulletin or an air-attack report the linked article is
fetched and its main text kept. Every item, relevant or not, is remembered by
guid and hash so it is not looked at again until it changes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import io
import logging
import re
from typing import TYPE_CHECKING, Any

import feedparser

from pipeline.sources.base import FetchOutcome, conditional_get, fresh_state, remember_seen
from pipeline.sources.errors import SourceError
from pipeline.sources.text import decode, main_text, tidy
from pipeline.store import NewDocument

if TYPE_CHECKING:
    from pipeline.config import SourceConfig
    from pipeline.sources.http import HttpClient

log = logging.getLogger(__name__)

# Words of a General Staff losses bulletin or an Air Force air-attack report, in
# English, Ukrainian and Russian; stems so that inflected forms match.
RELEVANT = re.compile(
    r"\blosses\b|\bcasualt|general staff|\bpersonnel\b|\btanks?\b|"
    r"\bdrones?\b|\buavs?\b|\bshahed|\bmissiles?\b|shot down|\blaunched\b|air force|"
    r"втрат|генштаб|генеральн\w* штаб|ліквідов|дрон|бпла|шахед|ракет|збит|повітрян\w* сил|"
    r"потер|уничтож|сбит|беспилот",
    re.IGNORECASE,
)
# An entity declaration has no business in a news feed; refusing it closes the door
# on entity-expansion ("billion laughs") and external-entity attacks whatever the
# XML parser underneath does with them.
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def is_relevant(text: str) -> bool:
    return RELEVANT.search(text) is not None


def parse_feed(content: bytes, *, media_type: str, charset: str | None, url: str) -> Any:
    """feedparser's reading of the bytes, or SourceError saying why they are no feed."""
    if not content.strip():
        raise SourceError(f"{url}: empty response body where a feed was expected")
    if ENTITY_DECLARATION.search(content):
        raise SourceError(f"{url}: feed declares XML entities; refused (entity-expansion guard)")
    if charset in (None, "utf-8", "utf8"):
        # feedparser would re-read bad UTF-8 as windows-1252 and garble every Cyrillic word;
        # replacing just the bad bytes keeps the rest readable.
        content = decode(content, "utf-8", where=url).encode("utf-8")
    headers = {"content-type": media_type + (f"; charset={charset}" if charset else "")}
    parsed = feedparser.parse(
        io.BytesIO(content), response_headers={**headers, "content-location": url}
    )
    if not parsed.get("version") and not parsed.entries:
        got = f"{media_type} " if media_type else ""
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem and "html" not in media_type else ""
        raise SourceError(f"{url}: {got}is not an RSS or Atom feed{detail}")
    readable = [entry for entry in parsed.entries if entry.get("title") or entry.get("link")]
    if parsed.get("bozo") and not readable:
        raise SourceError(
            f"{url}: not well-formed XML and no readable items: {parsed.get('bozo_exception')}"
        )
    if parsed.get("bozo"):
        log.warning(
            "%s: feed is not well-formed (%s); read %d items leniently",
            url,
            parsed.get("bozo_exception"),
            len(parsed.entries),
        )
    return parsed


def _published(entry: Any) -> dt.datetime | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(moment), tz=dt.UTC)


def _item_digest(title: str, summary: str, link: str) -> str:
    return hashlib.sha256("\x1f".join((title, summary, link)).encode("utf-8")).hexdigest()


def _article_text(http: HttpClient, link: str) -> tuple[str, str]:
    response = http.get(link)
    page = decode(response.content, response.charset, where=response.url)
    _title, text = main_text(page) if "html" in response.media_type or "<" in page else (None, page)
    if not text:
        raise SourceError(f"{response.url}: no article text found")
    return response.url, text


def fetch(source: SourceConfig, state: dict[str, Any], http: HttpClient) -> FetchOutcome:
    new_state = fresh_state(state)
    response = conditional_get(http, source.url, new_state)
    if response.unchanged:
        return FetchOutcome([], new_state, http_status=response.status, unchanged=True)
    parsed = parse_feed(
        response.content, media_type=response.media_type, charset=response.charset, url=source.url
    )
    seen: dict[str, str] = new_state.get("seen", {})
    documents: list[NewDocument] = []
    errors: list[str] = []
    for entry in parsed.entries:
        title = tidy(entry.get("title", ""))
        summary = entry.get("summary", "")
        link = entry.get("link", "")
        key = entry.get("id") or link or title
        digest = _item_digest(title, summary, link)
        if not key or seen.get(key) == digest:
            continue
        if "<" not in summary and "&lt;" in summary:
            # Markup the feed escaped once more than it should ("&lt;p&gt;"): unescaped once,
            # it is the HTML the site meant.
            summary = html.unescape(summary)
        summary_text = tidy(main_text(summary)[1]) if "<" in summary else tidy(summary)
        if not is_relevant(f"{title}\n{summary_text}"):
            remember_seen(new_state, key, digest)
            continue
        url = link or None
        text = summary_text
        if link:
            try:
                url, text = _article_text(http, link)
            except SourceError as error:
                # Not remembered: the article is tried again on the next run.
                errors.append(str(error))
                continue
        documents.append(
            NewDocument(
                content=f"{title}\n\n{text}".strip().encode("utf-8"),
                content_type="text/plain",
                url=url,
                external_id=key,
                title=title or None,
                published_at=_published(entry),
            )
        )
        remember_seen(new_state, key, digest)
    return FetchOutcome(documents, new_state, http_status=response.status, errors=errors)
