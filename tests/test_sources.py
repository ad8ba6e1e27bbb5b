"""Source adapters on their own: state in, documents and new state out, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from pipeline.config import SourceConfig
from pipeline.sources import SourceError, adapter_for
from pipeline.sources.feed import is_relevant
from pipeline.sources.http import HttpClient
from pipeline.sources.text import main_text
from tests.fetch_fixtures import (
    FAST_HTTP,
    FeedItem,
    Reference,
    TelegramPost,
    article_page,
    rss_feed,
    telegram_page,
)
from tests.localserver import LocalServer, Reply

JAN = [dt.date(2025, 1, day) for day in range(20, 30)]


@pytest.fixture
def http() -> Iterator[HttpClient]:
    with HttpClient(FAST_HTTP) as client:
        yield client


def post(reference: Reference, post_id: int, day: dt.date) -> TelegramPost:
    posted_at = dt.datetime.combine(day, dt.time(5, 2), tzinfo=dt.UTC)
    return TelegramPost(post_id, reference.official_uk(day), posted_at)


def test_telegram_walks_back_pages_and_reads_each_message(
    server: LocalServer, http: HttpClient, reference: Reference
) -> None:
    server.serve("/s/Gs", telegram_page("Gs", "GS", [post(reference, 104, JAN[4])]))
    server.serve("/s/Gs?before=104", telegram_page("Gs", "GS", [post(reference, 103, JAN[3])]))
    server.serve("/s/Gs?before=103", telegram_page("Gs", "GS", [post(reference, 102, JAN[2])]))
    source = SourceConfig(name="gs", kind="telegram", url=server.url("/s/Gs"), pages=2)

    outcome = adapter_for("telegram")(source, {}, http)

    assert [document.external_id for document in outcome.documents] == ["Gs/103", "Gs/104"]
    first = outcome.documents[0]
    assert first.url == server.url("/Gs/103")
    assert first.published_at == dt.datetime(2025, 1, 23, 5, 2, tzinfo=dt.UTC)
    tanks, change = reference.figures(JAN[3])["tanks"], reference.change(JAN[3], "tanks")
    assert f"танків ‒ {tanks} (+{change}) од" in first.content.decode()
    assert outcome.state["cursor"] == 104
    assert server.requests_for("/s/Gs?before=103") == []


def test_telegram_stops_walking_back_at_posts_it_has_seen(
    server: LocalServer, http: HttpClient, reference: Reference
) -> None:
    server.serve("/s/Gs", telegram_page("Gs", "GS", [post(reference, 105, JAN[5])]))
    server.serve("/s/Gs?before=105", telegram_page("Gs", "GS", [post(reference, 104, JAN[4])]))
    source = SourceConfig(name="gs", kind="telegram", url=server.url("/s/Gs"), pages=5)

    outcome = adapter_for("telegram")(source, {"cursor": 104}, http)

    assert [document.external_id for document in outcome.documents] == ["Gs/105"]
    assert server.requests_for("/s/Gs?before=105") == []


def test_a_feed_follows_relevant_items_only_and_remembers_every_item(
    server: LocalServer, http: HttpClient, reference: Reference
) -> None:
    site = server.url("")
    published = dt.datetime(2025, 1, 28, 7, 15, tzinfo=dt.UTC)
    items = [
        FeedItem("a-1", "Enemy losses as of January 28, 2025", f"{site}/a1", "", published),
        FeedItem("a-2", "Kyiv opera opens its winter season", f"{site}/a2", "Culture", published),
        FeedItem("a-3", "Втрати ворога на 28 січня", f"{site}/a3", "", published),
    ]
    server.serve("/rss", rss_feed(site, items), "application/rss+xml")
    server.serve(
        "/a1",
        article_page(items[0].title, reference.english_retelling(JAN[8]), published, 1),
    )
    server.script("/a3", Reply(404))
    source = SourceConfig(name="feed", kind="feed", url=server.url("/rss"))
    fetch = adapter_for("feed")

    first = fetch(source, {}, http)
    server.serve("/a3", article_page(items[2].title, ["Втрати ворога ..."], published, 3))
    server.serve("/rss", rss_feed(site, [*items]) + "\n", "application/rss+xml")
    second = fetch(source, first.state, http)

    assert [document.external_id for document in first.documents] == ["a-1"]
    assert first.documents[0].title == items[0].title
    assert first.documents[0].published_at == published
    assert first.errors == [f"{site}/a3: HTTP 404"]
    assert set(first.state["seen"]) == {"a-1", "a-2"}
    # The failed article is tried again; the others are not fetched again.
    assert [document.external_id for document in second.documents] == ["a-3"]
    assert server.requests_for("/a2") == []
    assert len(server.requests_for("/a1")) == 1


def test_relevance_keywords_in_three_languages() -> None:
    assert is_relevant("Russian losses: General Staff update")
    assert is_relevant("Генштаб: втрати ворога на 28 січня")
    assert is_relevant("Генштаб ВСУ: потери армии РФ")
    assert is_relevant("Air Force: 57 drones launched overnight, 29 shot down")
    assert not is_relevant("Kyiv opera opens its winter season")


def test_main_text_leaves_out_navigation_sidebars_and_scripts(reference: Reference) -> None:
    page = article_page(
        "Enemy losses", reference.english_retelling(JAN[9]), dt.datetime.now(dt.UTC), 42
    )

    title, text = main_text(page)

    assert title == "Enemy losses"
    tanks, change = reference.figures(JAN[9])["tanks"], reference.change(JAN[9], "tanks")
    assert f"• tanks – {tanks:,} (+{change})" in text
    assert "1,150 troops" not in text and "USD 41.52" not in text and "articleId" not in text


def test_a_kind_without_an_adapter_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="no adapter for sources of kind 'gopher'"):
        adapter_for("gopher")


def test_a_feed_summary_escaped_twice_is_read_as_its_html(
    server: LocalServer, http: HttpClient, reference: Reference
) -> None:
    site = server.url("")
    published = dt.datetime(2025, 1, 28, 7, 15, tzinfo=dt.UTC)
    tanks = reference.figures(JAN[8])["tanks"]
    table = f"<p>Генштаб ЗСУ, втрати ворога:</p><table><tr><td>танків</td><td>{tanks}</td></tr>"
    escaped = table.replace("<", "&lt;").replace(">", "&gt;")
    item = FeedItem("b-1", "Втрати ворога на 28 січня", "", escaped, published)
    server.serve("/rss", rss_feed(site, [item]), "application/rss+xml")
    source = SourceConfig(name="feed", kind="feed", url=server.url("/rss"))

    outcome = adapter_for("feed")(source, {}, http)

    text = outcome.documents[0].content.decode()
    assert "<" not in text and "&lt;" not in text
    assert f"танків\n\n{tanks}" in text or f"танків\n{tanks}" in text
