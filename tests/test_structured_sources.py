"""Structured sources over HTTP: walking the russianwarship.rip API history, canonical nights."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import text

from pipeline.backfill import backfill_sources
from pipeline.config import HttpSettings, Settings, SourceConfig
from pipeline.sources.http import HttpClient
from pipeline.store import AirAttackFigures, NewDocument, SourceSpec, Store
from pipeline.store.archive import archive_document, mark_parsed, sync_sources
from pipeline.store.observations import add_air_attack
from pipeline.store.reconcile import reconcile_air_attack_nights
from tests.localserver import Reply, local_server
from tests.reference import load_petroivaniuk
from tests.test_structured_parse import api_record

# The parser version these hand-made readings carry.
READING = "test-1"

FIRST, LAST = dt.date(2025, 1, 20), dt.date(2025, 1, 28)


def test_the_api_history_is_walked_page_by_page_and_a_rerun_adds_nothing(
    store: Store, reference_dir: Path
) -> None:
    series = load_petroivaniuk(reference_dir)
    days = [FIRST + dt.timedelta(days=offset) for offset in range((LAST - FIRST).days + 1)]
    with local_server() as server:
        base = server.url("/api/v2")
        query = "offset={}&limit=100&date_from=2025-01-20&date_to=2025-01-28"
        pages = [days[:5], days[5:]]
        for number, page in enumerate(pages):
            next_url = f"{base}/statistics?{query.format(100)}" if number == 0 else None
            payload = {
                "message": "The data were fetched successfully.",
                "data": {
                    "records": [api_record(series, day) for day in reversed(page)],
                    "paging": {"prev_url": None, "next_url": next_url},
                },
            }
            server.serve(
                f"/api/v2/statistics?{query.format(number * 100)}",
                json.dumps(payload),
                "application/json",
            )
        settings = Settings(
            database_url=store.database_url,
            sources=[SourceConfig(name="russianwarship-api", kind="json_api", url=base)],
            http=HttpSettings(politeness_delay=0, retry_attempts=1),
        )
        http = HttpClient(settings.http)
        steps: list[str] = []
        first = backfill_sources(
            store,
            settings,
            since=FIRST,
            until=LAST,
            http=http,
            progress=lambda done, total, step: steps.append(step),
        )
        again = backfill_sources(store, settings, since=FIRST, until=LAST, http=http)
        http.close()
    assert first.failures == [] and first.counts.documents_new == 2
    assert (again.counts.documents_new, again.counts.observations_new) == (0, 0)
    assert len(steps) == 3
    with store.reader() as session:
        rows = session.execute(
            text(
                "SELECT report_date, total, reported_change FROM daily_total"
                " WHERE category = 'tanks' AND valid_to IS NULL ORDER BY report_date"
            )
        ).all()
    assert [row.total for row in rows] == [series[day]["tanks"] for day in days]
    assert (
        rows[-1].reported_change == series[LAST]["tanks"] - series[LAST - dt.timedelta(1)]["tanks"]
    )


def test_an_api_out_of_range_answer_ends_the_walk_quietly(store: Store) -> None:
    with local_server() as server:
        base = server.url("/api/v2")
        server.script(
            "/api/v2/statistics?offset=0&limit=100&date_from=2030-01-01&date_to=2030-01-02",
            Reply(422, b'{"message": "out of range"}', {"Content-Type": "application/json"}),
        )
        settings = Settings(
            database_url=store.database_url,
            sources=[SourceConfig(name="russianwarship-api", kind="json_api", url=base)],
            http=HttpSettings(politeness_delay=0, retry_attempts=1),
        )
        with HttpClient(settings.http) as http:
            result = backfill_sources(
                store, settings, since=dt.date(2030, 1, 1), until=dt.date(2030, 1, 2), http=http
            )
    assert result.failures == [] and result.counts.documents_new == 0


# Real figures: the night of 2025-01-28, Air Force: 81 drones launched, 55 shot down, 25 lost.
NIGHT = dt.date(2025, 1, 28)
OUTLETS = [
    SourceSpec("air-force", "telegram", "https://t.me/s/kpszsu", priority=1),
    SourceSpec("outlet-a", "feed", "https://a.example/rss", priority=20),
    SourceSpec("outlet-b", "feed", "https://b.example/rss", priority=20),
]


def tell(store: Store, source: str, attack: AirAttackFigures) -> None:
    with store.transaction() as session:
        ids = sync_sources(session, OUTLETS)
        document_id = archive_document(
            session, ids[source], NewDocument(f"{source} {attack}".encode(), "text/plain")
        )
        assert document_id is not None
        mark_parsed(session, document_id, status="parsed", parser_version=READING)
        add_air_attack(session, document_id, ids[source], attack, READING)
        reconcile_air_attack_nights(session, [attack.report_date])


def test_outlets_retelling_one_night_give_one_canonical_row_with_history(store: Store) -> None:
    told = AirAttackFigures(NIGHT, drones_launched=81, shot_down=55, lost_locationally=25)
    misread = AirAttackFigures(NIGHT, drones_launched=81, shot_down=56, lost_locationally=25)
    tell(store, "air-force", misread)
    tell(store, "outlet-a", told)
    tell(store, "outlet-b", told)
    with store.reader() as session:
        rows = session.execute(
            text(
                "SELECT shot_down, sources, rule, valid_to IS NULL AS current"
                " FROM air_attack_night WHERE report_date = :night ORDER BY id"
            ),
            {"night": NIGHT},
        ).all()
    assert [(row.shot_down, row.sources, row.rule, bool(row.current)) for row in rows] == [
        (56, 1, "single_source", False),
        (56, 1, "priority", False),
        (55, 2, "majority", True),
    ]


def test_losses_run_on_an_empty_database_backfills_the_history_first(
    store: Store, tmp_path: Path, reference_dir: Path
) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.reference import dataset_json_files, petroivaniuk_qualifiers

    series = load_petroivaniuk(reference_dir)
    recent = {day: figures for day, figures in series.items() if day >= dt.date(2026, 7, 1)}
    equipment, personnel = dataset_json_files(recent, petroivaniuk_qualifiers(reference_dir))
    with local_server() as server:
        server.serve("/data/equipment.json", equipment, "application/json")
        server.serve("/data/personnel.json", personnel, "application/json")
        config = tmp_path / "losses.toml"
        config.write_text(
            f'database_url = "{store.database_url}"\n[http]\npoliteness_delay = 0\n'
            f'retry_attempts = 1\n[[sources]]\nname = "petroivaniuk-dataset"\n'
            f'kind = "dataset_json"\nurl = "{server.url("/data/equipment.json")}"\n'
            f'extra_urls = ["{server.url("/data/personnel.json")}"]\n'
        )
        result = CliRunner().invoke(main, ["run", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "backfilling the history" in result.output
    with store.reader() as session:
        days = session.execute(text("SELECT COUNT(*) FROM daily_losses")).scalar_one()
        people = session.execute(
            text("SELECT COUNT(*) FROM daily_losses WHERE personnel IS NOT NULL")
        ).scalar_one()
    assert days == people == len(recent)
