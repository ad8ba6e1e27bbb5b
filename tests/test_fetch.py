"""`losses fetch` end to end: real sources on a local server into SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pipeline.ingest import SourceSummary, fetch_all
from pipeline.store import Store
from pipeline.store.models import AirAttack, Document, Source
from pipeline.store.queries import row_counts
from tests.fetch_fixtures import (
    AIR_ATTACK_MORNING,
    FIRST_GS_DAYS,
    NEW_GS_DAY,
    FixtureSources,
    Reference,
    air_attack_night,
    current_totals,
    expected_totals,
    settings_for,
)
from tests.localserver import LocalServer


@pytest.fixture
def fixtures(server: LocalServer, reference: Reference) -> FixtureSources:
    return FixtureSources(server, reference)


def by_name(summaries: list[SourceSummary]) -> dict[str, SourceSummary]:
    return {summary.name: summary for summary in summaries}


def test_every_fixture_source_is_ingested_and_totals_match_the_reference(
    store: Store, fixtures: FixtureSources, reference: Reference
) -> None:
    summaries = by_name(fetch_all(store, settings_for(store.database_url, fixtures.configs)))

    assert {name: summary.status for name, summary in summaries.items()} == dict.fromkeys(
        summaries, "ok"
    )
    # Three bulletins and a greeting from the General Staff (two pages), one Air Force report,
    # one relevant article per feed, one page.
    assert summaries["general-staff-telegram"].counts.documents_new == 4
    assert summaries["air-force-telegram"].counts.documents_new == 1
    assert summaries["ukrinform"].counts.documents_new == 1
    assert summaries["kyiv-independent"].counts.documents_new == 1
    assert summaries["mod-news"].counts.documents_new == 1
    assert current_totals(store) == expected_totals(reference, FIRST_GS_DAYS)

    with store.reader() as session:
        article = session.execute(
            select(Document).join(Source).where(Source.name == "ukrinform")
        ).scalar_one()
        attack = session.execute(select(AirAttack)).scalar_one()
        air_document = session.get(Document, attack.document_id)
    # The article's main text, without the sidebar's other figures.
    assert "tanks – 9,876 (+5)" in article.content.decode()
    assert "1,150 troops" not in article.content.decode()
    assert article.title == "Enemy losses as of January 28, 2025"
    night = air_attack_night(reference.dir, AIR_ATTACK_MORNING)
    assert attack.report_date == AIR_ATTACK_MORNING
    assert (attack.drones_launched, attack.drones_shot_down, attack.lost_locationally) == (
        night.launched,
        night.shot_down,
        night.lost_locationally,
    )
    assert air_document.external_id == "kpszsu/8120"


def test_a_second_run_makes_only_conditional_requests_and_adds_nothing(
    store: Store, fixtures: FixtureSources, server: LocalServer
) -> None:
    settings = settings_for(store.database_url, fixtures.configs)
    fetch_all(store, settings)
    with store.reader() as session:
        before = row_counts(session)
    requests_before = len(server.requests)

    summaries = fetch_all(store, settings)

    assert [summary.status for summary in summaries] == ["unchanged"] * len(summaries)
    second_run = server.requests[requests_before:]
    robots = [request for request in second_run if request.path == "/robots.txt"]
    pages = [request for request in second_run if request.path != "/robots.txt"]
    # One conditional request per source, plus robots.txt once for the one host.
    assert len(robots) == 1
    assert len(pages) == len(fixtures.configs)
    assert all("if-none-match" in request.headers for request in pages)
    with store.reader() as session:
        after = row_counts(session)
    assert after == {**before, "ingest_run": before["ingest_run"] + len(summaries)}


def test_a_new_bulletin_between_two_runs_is_ingested(
    store: Store, fixtures: FixtureSources, reference: Reference
) -> None:
    settings = settings_for(store.database_url, fixtures.configs)
    fetch_all(store, settings)

    fixtures.publish_new_bulletin()
    summaries = by_name(fetch_all(store, settings))

    general_staff = summaries["general-staff-telegram"]
    assert general_staff.status == "ok"
    # The new post is new; the three old ones on the page are recognised as archived.
    assert (general_staff.counts.documents_new, general_staff.counts.documents_unchanged) == (1, 3)
    assert current_totals(store) == expected_totals(reference, (*FIRST_GS_DAYS, NEW_GS_DAY))
