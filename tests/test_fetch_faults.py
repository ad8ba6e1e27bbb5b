"""The fault matrix: every way a source can go wrong, each beside sources that work.

All faulty sources are fetched in the same run as the fixture sources, so each case
also shows that a failing source never stops the others. For each: the status, what
is stored (documents, the run, the source's health), what is logged, and the exit code.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from pipeline.cli import main
from pipeline.dates import utc_now
from pipeline.ingest import fetch_all
from pipeline.store import Store
from pipeline.store.models import Document, IngestRun, Source
from pipeline.store.queries import totals_as_of
from tests.fetch_fixtures import (
    AF_CHANNEL,
    FAST_HTTP,
    FIRST_GS_DAYS,
    FeedItem,
    FixtureSources,
    Reference,
    TelegramPost,
    expected_totals,
    rss_feed,
    settings_for,
    telegram_page,
    write_config,
)
from tests.localserver import LocalServer, Reply, refused_url

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 "lollollollollollollollollollol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (level, b"&lol%d;" % (level - 1) * 10) for level in range(1, 10)
    )
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title>'
    b"<item><title>Enemy losses &lol9;</title><link>http://127.0.0.1:1/x</link></item>"
    b"</channel></rss>"
)


@dataclass(frozen=True)
class Fault:
    name: str
    kind: str
    status: str  # what the run records for the source
    message: str | None  # part of the error message, when it fails
    documents: int  # documents archived for the source


def publish_faults(server: LocalServer, reference: Reference) -> tuple[list[Fault], list[dict]]:
    """Route one faulty source per case; returns the cases and their source configs."""
    af_page = server.url(f"/s/{AF_CHANNEL}")
    bulletin = reference.official_uk(FIRST_GS_DAYS[-1])
    good_page = telegram_page(
        "GeneralStaffZSU",
        "Генеральний штаб ЗСУ",
        [TelegramPost(30402, bulletin, dt.datetime(2025, 1, 28, 5, 2, tzinfo=dt.UTC))],
    ).encode()
    site = server.url("")
    relevant_item = FeedItem(
        guid="ukrinform-3952871",
        title="Enemy losses as of January 28, 2025",
        link=f"{site}/rubric-ato/3952871-enemy-losses.html",
        summary="The total combat losses of the Russian army ...",
        published=dt.datetime(2025, 1, 28, 7, 15, tzinfo=dt.UTC),
    )
    whole_feed = rss_feed(site, [relevant_item]).encode()
    bad_utf8_page = good_page.replace("Дані уточнюються".encode(), b"\xff\xfe uto\xc3")
    routes: dict[str, tuple[str, Any]] = {
        "redirected": ("telegram", [Reply(302, headers={"Location": af_page})]),
        "refused": ("feed", refused_url()),
        "never-answers": ("feed", [Reply(hang=True)]),
        "500-then-ok": ("telegram", [Reply(500, b"Internal Server Error"), Reply(200, good_page)]),
        "503-retry-after": (
            "telegram",
            [Reply(503, headers={"Retry-After": "1"}), Reply(200, good_page)],
        ),
        "429-retry-after": (
            "telegram",
            [Reply(429, headers={"Retry-After": "1"}), Reply(200, good_page)],
        ),
        "not-found": ("feed", [Reply(404, b"Not Found")]),
        "too-large": ("html", [Reply(200, b"<p>" + b"x" * FAST_HTTP.max_body_bytes)]),
        "gzip-bomb": (
            "feed",
            [
                Reply(
                    200,
                    gzip.compress(b" " * 20_000_000),
                    {"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"},
                )
            ],
        ),
        "malformed-xml": (
            "feed",
            [
                Reply(
                    200,
                    whole_feed[: whole_feed.index(b"</item>") + 7],
                    {"Content-Type": "application/rss+xml"},
                )
            ],
        ),
        "not-xml": (
            "feed",
            [Reply(200, b"<rss><channel><item><<<\x00>>", {"Content-Type": "application/rss+xml"})],
        ),
        "entity-expansion": (
            "feed",
            [Reply(200, BILLION_LAUGHS, {"Content-Type": "application/rss+xml"})],
        ),
        "invalid-utf8": (
            "telegram",
            [Reply(200, bad_utf8_page, {"Content-Type": "text/html; charset=utf-8"})],
        ),
        "empty-body": ("feed", [Reply(200, b"", {"Content-Type": "application/rss+xml"})]),
        "html-not-feed": (
            "feed",
            [
                Reply(
                    200,
                    b"<!DOCTYPE html><html><head><title>Ukrinform</title></head>"
                    b"<body><p>Welcome</p></body></html>",
                    {"Content-Type": "text/html; charset=utf-8"},
                )
            ],
        ),
        "telegram-empty": (
            "telegram",
            [
                Reply(
                    200,
                    telegram_page("GeneralStaffZSU", "Генеральний штаб ЗСУ", []).encode(),
                    {"Content-Type": "text/html; charset=utf-8"},
                )
            ],
        ),
    }
    configs = []
    for name, (kind, route) in routes.items():
        if isinstance(route, str):
            url = route
        else:
            server.script(f"/fault/{name}", *route)
            url = server.url(f"/fault/{name}")
        configs.append({"name": name, "kind": kind, "url": url})
    faults = [
        Fault("redirected", "telegram", "ok", None, 1),
        Fault("refused", "feed", "failed", "connection refused (gave up after 2 tries)", 0),
        Fault("never-answers", "feed", "failed", "timed out", 0),
        Fault("500-then-ok", "telegram", "ok", None, 1),
        Fault("503-retry-after", "telegram", "ok", None, 1),
        Fault("429-retry-after", "telegram", "ok", None, 1),
        Fault("not-found", "feed", "failed", "HTTP 404", 0),
        Fault("too-large", "html", "failed", "larger than 262144", 0),
        Fault("gzip-bomb", "feed", "failed", "decompressed body larger than 262144 bytes", 0),
        Fault("malformed-xml", "feed", "ok", None, 1),
        Fault("not-xml", "feed", "failed", "not well-formed XML and no readable items", 0),
        Fault("entity-expansion", "feed", "failed", "declares XML entities; refused", 0),
        Fault("invalid-utf8", "telegram", "ok", None, 1),
        Fault("empty-body", "feed", "failed", "empty response body", 0),
        Fault("html-not-feed", "feed", "failed", "text/html is not an RSS or Atom feed", 0),
        Fault("telegram-empty", "telegram", "failed", "no messages on the page", 0),
    ]
    return faults, configs


def test_every_fault_is_contained_to_its_source(
    store: Store, server: LocalServer, reference_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reference = Reference(reference_dir)
    fixtures = FixtureSources(server, reference)
    faults, fault_configs = publish_faults(server, reference)
    settings = settings_for(store.database_url, [*fixtures.configs, *fault_configs])

    with caplog.at_level(logging.WARNING):
        summaries = {summary.name: summary for summary in fetch_all(store, settings)}

    # The working sources are unharmed: every figure of every bulletin is right.
    for config in fixtures.configs:
        assert summaries[config["name"]].status == "ok", config["name"]
    with store.reader() as session:
        totals = {(day, key): total for day, key, total, _ in totals_as_of(session, utc_now())}
        documents = dict(
            session.execute(
                select(Source.name, func.count(Document.id))
                .join(Document, Document.source_id == Source.id, isouter=True)
                .group_by(Source.name)
            ).all()
        )
        runs = {
            name: (status, error)
            for name, status, error in session.execute(
                select(Source.name, IngestRun.status, IngestRun.error).join(Source)
            )
        }
        health = {
            row.name: row
            for row in session.execute(
                select(Source.name, Source.consecutive_failures, Source.last_error)
            )
        }
    assert totals == expected_totals(reference, FIRST_GS_DAYS)

    for fault in faults:
        summary = summaries[fault.name]
        assert summary.status == fault.status, (fault.name, summary.errors)
        assert documents[fault.name] == fault.documents, fault.name
        assert runs[fault.name][0] == fault.status, fault.name
        if fault.message is None:
            assert summary.errors == [], fault.name
            assert health[fault.name].consecutive_failures == 0
            continue
        assert any(fault.message in error for error in summary.errors), (fault.name, summary.errors)
        assert fault.message in runs[fault.name][1], fault.name
        assert fault.message in health[fault.name].last_error, fault.name
        assert health[fault.name].consecutive_failures == 1, fault.name
        assert any(
            record.levelno == logging.ERROR
            and f"source {fault.name}: " in record.getMessage()
            and fault.message in record.getMessage()
            for record in caplog.records
        ), fault.name

    assert summaries["not-found"].http_status == 404
    warnings = [
        record.getMessage() for record in caplog.records if record.levelno == logging.WARNING
    ]
    assert any("feed is not well-formed" in message for message in warnings)
    assert any(
        "invalid utf-8" in message and "replaced with U+FFFD" in message for message in warnings
    )
    with store.reader() as session:
        damaged = session.execute(
            select(Document.content).join(Source).where(Source.name == "invalid-utf8")
        ).scalar_one()
    # Only the bad bytes are lost; the bulletin's figures were read (checked above via totals).
    assert "\ufffd" in damaged.decode() and "танків ‒ 9876 (+5) од" in damaged.decode()


def test_exit_codes_of_losses_fetch(
    database_url: str, server: LocalServer, reference_dir: Path, tmp_path: Path
) -> None:
    fixtures = FixtureSources(server, Reference(reference_dir))
    server.script("/fault/not-found", Reply(404))
    broken = {"name": "broken-feed", "kind": "feed", "url": server.url("/fault/not-found")}
    config = write_config(
        tmp_path / "losses.toml", database_url, FAST_HTTP, [*fixtures.configs, broken]
    )
    runner = CliRunner()

    everything = runner.invoke(main, ["fetch", "--config", str(config)])
    only_good = runner.invoke(main, ["fetch", "--config", str(config), "--source", "ukrinform"])
    unknown = runner.invoke(main, ["fetch", "--config", str(config), "--source", "nope"])

    assert everything.exit_code == 1
    assert "1 of 6 sources failed: broken-feed" in everything.output
    assert "broken-feed" in everything.output and "HTTP 404" in everything.output
    assert only_good.exit_code == 0, only_good.output
    assert "ukrinform" in only_good.output and "unchanged" in only_good.output
    assert unknown.exit_code == 2
    assert "unknown source 'nope'" in unknown.output


def test_a_configuration_error_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "losses.toml"
    config.write_text('[[sources]]\nname = "x"\nkind = "feed"\nurl = "ftp://example.org/feed"\n')

    result = CliRunner().invoke(main, ["fetch", "--config", str(config)])

    assert result.exit_code == 2
    assert "sources[0] (x).url" in result.output
