"""``losses serve`` as a real process: ingesting, stopping, crashing, fail-over, failing sources.

Every test runs the service with ``python -m pipeline serve`` against the local HTTP
server, with schedules of one second, and reads the database and the JSON log.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from pipeline.store import Store
from pipeline.store.models import DailyTotal, Document, IngestRun, Observation, Source
from tests.fetch_fixtures import OFFICIAL_UK_LINES, Reference
from tests.localserver import LocalServer, Reply
from tests.reference import dataset_json_files, load_petroivaniuk, petroivaniuk_qualifiers
from tests.service_harness import (
    REPO_ROOT,
    ServiceProcess,
    general_staff_page,
    wait_for,
    write_config,
)

DAY_1 = dt.date(2025, 1, 27)
DAY_2 = dt.date(2025, 1, 28)
GS_PATH = "/s/GeneralStaffZSU"
OFFICIAL_KEYS = [key for key, _line in OFFICIAL_UK_LINES]

StartService = Callable[..., ServiceProcess]


@pytest.fixture
def start_service(tmp_path: Path) -> Iterator[StartService]:
    """Start services; every one of them is killed when the test ends, passed or not."""
    started: list[ServiceProcess] = []

    def start(config: Path, name: str = "service") -> ServiceProcess:
        service = ServiceProcess(config, tmp_path / f"{name}.log")
        started.append(service)
        return service

    yield start
    for service in started:
        service.kill()


def gs_source(server: LocalServer, **extra: Any) -> dict[str, Any]:
    return {
        "name": "general-staff-telegram",
        "kind": "telegram",
        "url": server.url(GS_PATH),
        "pages": 1,
        **extra,
    }


def current_totals(database_url: str, day: dt.date) -> dict[str, int]:
    with Store.open(database_url, upgrade=False) as store, store.reader() as session:
        rows = session.execute(
            select(DailyTotal.category, DailyTotal.total).where(
                DailyTotal.report_date == day, DailyTotal.valid_to.is_(None)
            )
        )
        return {category: total for category, total in rows}


def expected_totals(reference: Reference, day: dt.date) -> dict[str, int]:
    figures = reference.figures(day)
    return {key: figures[key] for key in OFFICIAL_KEYS}


def row_count(database_url: str, model: type, *where: Any) -> int:
    with Store.open(database_url, upgrade=False) as store, store.reader() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def has_figures_of(database_url: str, reference: Reference, day: dt.date) -> bool:
    try:
        return current_totals(database_url, day) == expected_totals(reference, day)
    except (OperationalError, ProgrammingError):
        return False  # the service has not created the schema yet


def status_json(config: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "status", "--json", "--config", str(config)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return json.loads(result.stdout)


def test_serve_ingests_a_bulletin_that_appears_while_it_runs(
    database_url: str,
    server: LocalServer,
    reference: Reference,
    start_service: StartService,
    tmp_path: Path,
) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        # The server trusts local connections, so a password is accepted and must never show.
        database_url = url.set(password="s3cret-pw").render_as_string(hide_password=False)
    server.serve(GS_PATH, general_staff_page(reference, [DAY_1]))
    config = write_config(tmp_path / "losses.toml", database_url, [gs_source(server)])
    service = start_service(config)

    wait_for(lambda: has_figures_of(database_url, reference, DAY_1), f"the figures of {DAY_1}")
    server.serve(GS_PATH, general_staff_page(reference, [DAY_1, DAY_2]))
    wait_for(lambda: has_figures_of(database_url, reference, DAY_2), f"the figures of {DAY_2}")

    service.signal(signal.SIGTERM)
    assert service.wait() == 0
    ends = service.events("fetch.end")
    assert [end["documents_new"] for end in ends if end["documents_new"]] == [1, 1]
    assert all(end["source"] == "general-staff-telegram" for end in ends)
    assert service.events("lock.released")
    assert "s3cret-pw" not in service.log_text()
    assert row_count(database_url, Document) == 2


def test_sigterm_lets_the_job_in_flight_finish_and_exits_0(
    sqlite_url: str,
    server: LocalServer,
    reference: Reference,
    start_service: StartService,
    tmp_path: Path,
) -> None:
    slow_page = general_staff_page(reference, [DAY_1]).encode()
    server.script(GS_PATH, Reply(200, slow_page, {"Content-Type": "text/html"}, delay=2.0))
    config = write_config(tmp_path / "losses.toml", sqlite_url, [gs_source(server)])
    service = start_service(config)
    service.wait_for_event("fetch.start", source="general-staff-telegram")

    service.signal(signal.SIGTERM)

    assert service.wait() == 0
    assert service.events("jobs.finishing")
    assert service.events("fetch.end")[0]["documents_new"] == 1
    assert current_totals(sqlite_url, DAY_1) == expected_totals(reference, DAY_1)
    assert row_count(sqlite_url, IngestRun, IngestRun.status == "running") == 0


def test_a_job_that_outlasts_the_shutdown_bound_is_abandoned_without_a_partial_document(
    database_url: str,
    server: LocalServer,
    start_service: StartService,
    tmp_path: Path,
) -> None:
    server.script(GS_PATH, Reply(hang=True))
    config = write_config(
        tmp_path / "losses.toml",
        database_url,
        [gs_source(server)],
        service={"shutdown_timeout_seconds": 1},
    )
    service = start_service(config)
    service.wait_for_event("fetch.start", source="general-staff-telegram")

    service.signal(signal.SIGTERM)

    assert service.wait() == 0
    assert service.events("jobs.abandoned")
    assert service.events("lock.released")
    assert row_count(database_url, Document) == 0
    assert row_count(database_url, Observation) == 0


def test_after_sigkill_a_restarted_service_catches_up_without_duplicates(
    database_url: str,
    server: LocalServer,
    reference: Reference,
    start_service: StartService,
    tmp_path: Path,
) -> None:
    page = general_staff_page(reference, [DAY_1]).encode()
    server.script(GS_PATH, Reply(200, page, {"Content-Type": "text/html"}, delay=1.5))
    config = write_config(tmp_path / "losses.toml", database_url, [gs_source(server)])
    first = start_service(config, "first")
    first.wait_for_event("fetch.start", source="general-staff-telegram")
    wait_for(
        lambda: row_count(database_url, IngestRun, IngestRun.status == "running") == 1,
        "the fetch's run to be recorded",
    )
    first.kill()  # SIGKILL in the middle of the fetch

    # While it was down the General Staff published another bulletin.
    server.serve(GS_PATH, general_staff_page(reference, [DAY_1, DAY_2]))
    second = start_service(config, "second")
    wait_for(lambda: has_figures_of(database_url, reference, DAY_1), f"the figures of {DAY_1}")
    wait_for(lambda: has_figures_of(database_url, reference, DAY_2), f"the figures of {DAY_2}")
    second.wait_for_event("fetch.end", status="unchanged")  # a later run adds nothing
    second.signal(signal.SIGTERM)
    assert second.wait() == 0

    assert row_count(database_url, Document) == 2
    assert row_count(database_url, Observation) == 2 * len(OFFICIAL_KEYS)
    assert row_count(database_url, DailyTotal) == 2 * len(OFFICIAL_KEYS)
    # The run the kill cut off is closed as interrupted, not left "running" for ever.
    assert row_count(database_url, IngestRun, IngestRun.status == "running") == 0
    assert row_count(database_url, IngestRun, IngestRun.status == "interrupted") == 1
    assert second.events("runs.interrupted")[0]["runs"] == 1


def test_two_services_on_one_database_one_runs_and_the_other_takes_over(
    database_url: str,
    server: LocalServer,
    reference: Reference,
    start_service: StartService,
    tmp_path: Path,
) -> None:
    server.serve(GS_PATH, general_staff_page(reference, [DAY_1]))
    config = write_config(tmp_path / "losses.toml", database_url, [gs_source(server)])
    active = start_service(config, "active")
    active.wait_for_event("fetch.end", source="general-staff-telegram")
    standby = start_service(config, "standby")

    waiting = standby.wait_for_event("standby")
    assert f"pid {active.pid} " in waiting["holder"]
    runs_before = len(active.events("fetch.end"))
    wait_for(lambda: len(active.events("fetch.end")) >= runs_before + 2, "two more runs")
    assert standby.events("fetch.start") == []
    status = status_json(config)
    assert status["service"]["running"] is True
    assert f"pid {active.pid} " in status["service"]["holder"]

    active.kill()

    standby.wait_for_event("lock.acquired", deadline=15)
    standby.wait_for_event("fetch.end", source="general-staff-telegram")
    standby.signal(signal.SIGTERM)
    assert standby.wait() == 0
    assert row_count(database_url, Document) == 1


def test_a_failing_source_fails_in_its_own_rows_while_the_others_go_on(
    database_url: str,
    server: LocalServer,
    reference: Reference,
    start_service: StartService,
    tmp_path: Path,
) -> None:
    server.serve(GS_PATH, general_staff_page(reference, [DAY_1]))
    server.script("/broken/rss", Reply(500, b"upstream down"))
    broken = {"name": "broken-feed", "kind": "feed", "url": server.url("/broken/rss")}
    config = write_config(
        tmp_path / "losses.toml",
        database_url,
        [broken, gs_source(server)],
        service={"unhealthy_after_failures": 3},
    )
    service = start_service(config)

    def failures_of(name: str) -> int:
        with Store.open(database_url, upgrade=False) as store, store.reader() as session:
            try:
                failures = session.execute(
                    select(Source.consecutive_failures).where(Source.name == name)
                ).scalar_one_or_none()
            except (OperationalError, ProgrammingError):
                return 0  # the service has not created the schema yet
            return failures or 0

    wait_for(lambda: failures_of("broken-feed") >= 3, "three failures of broken-feed")
    server.serve(GS_PATH, general_staff_page(reference, [DAY_1, DAY_2]))
    wait_for(lambda: has_figures_of(database_url, reference, DAY_2), f"the figures of {DAY_2}")
    status = status_json(config)
    service.signal(signal.SIGTERM)
    assert service.wait() == 0

    with Store.open(database_url, upgrade=False) as store, store.reader() as session:
        runs = session.execute(
            select(Source.name, IngestRun.status, IngestRun.error).join(
                Source, Source.id == IngestRun.source_id
            )
        ).all()
    assert {run.status for run in runs if run.name == "broken-feed"} == {"failed"}
    assert all("/broken/rss" in run.error for run in runs if run.name == "broken-feed")
    assert {run.status for run in runs if run.name == "general-staff-telegram"} <= {
        "ok",
        "unchanged",
    }
    assert failures_of("general-staff-telegram") == 0
    assert status["unhealthy_sources"] == ["broken-feed"]
    failed_ends = [end for end in service.events("fetch.end") if end["status"] == "failed"]
    assert failed_ends[0]["url"] == server.url("/broken/rss")
    assert {end["source"] for end in failed_ends} == {"broken-feed"}


def test_a_failing_source_backs_off_instead_of_hammering(
    sqlite_url: str, server: LocalServer, start_service: StartService, tmp_path: Path
) -> None:
    server.script("/broken/rss", Reply(503, b"maintenance"))
    broken = {"name": "broken-feed", "kind": "feed", "url": server.url("/broken/rss")}
    config = write_config(
        tmp_path / "losses.toml", sqlite_url, [broken], service={"backoff_initial_seconds": 600}
    )
    service = start_service(config)

    backing_off = service.wait_for_event("fetch.backoff", source="broken-feed")
    wait_for(lambda: len(service.events("fetch.backoff")) >= 3, "three skipped runs")
    service.signal(signal.SIGTERM)
    assert service.wait() == 0

    assert backing_off["consecutive_failures"] == 1
    assert len(server.requests_for("/broken/rss")) == 1


def test_sighup_reloads_the_config_and_a_broken_config_keeps_the_old_one(
    sqlite_url: str,
    server: LocalServer,
    reference: Reference,
    start_service: StartService,
    tmp_path: Path,
) -> None:
    server.serve(GS_PATH, general_staff_page(reference, [DAY_1]))
    server.serve("/air", general_staff_page(reference, [DAY_2]))
    config_path = tmp_path / "losses.toml"
    write_config(config_path, sqlite_url, [gs_source(server)])
    service = start_service(config_path)
    service.wait_for_event("fetch.end", source="general-staff-telegram")

    config_path.write_text(config_path.read_text() + "\nnot toml [", encoding="utf-8")
    service.signal(signal.SIGHUP)
    failed = service.wait_for_event("config.reload_failed")
    added = {"name": "second-channel", "kind": "telegram", "url": server.url("/air"), "pages": 1}
    write_config(config_path, sqlite_url, [gs_source(server), added])
    service.signal(signal.SIGHUP)
    service.wait_for_event("config.reloaded")
    service.wait_for_event("fetch.end", source="second-channel")
    service.signal(signal.SIGTERM)

    assert service.wait() == 0
    assert "not valid TOML" in failed["error"]
    assert has_figures_of(sqlite_url, reference, DAY_2)


def test_an_empty_database_gets_the_history_from_the_structured_sources_first(
    sqlite_url: str,
    server: LocalServer,
    reference: Reference,
    reference_dir: Path,
    start_service: StartService,
    tmp_path: Path,
) -> None:
    history = {
        day: totals
        for day, totals in load_petroivaniuk(reference_dir).items()
        if dt.date(2025, 1, 1) <= day <= DAY_1
    }
    equipment, personnel = dataset_json_files(history, petroivaniuk_qualifiers(reference_dir))
    server.serve("/data/russia_losses_equipment.json", equipment, "application/json")
    server.serve("/data/russia_losses_personnel.json", personnel, "application/json")
    server.serve(GS_PATH, general_staff_page(reference, [DAY_2]))
    dataset = {
        "name": "petroivaniuk-dataset",
        "kind": "dataset_json",
        "url": server.url("/data/russia_losses_equipment.json"),
        "extra_urls": [server.url("/data/russia_losses_personnel.json")],
        "priority": 30,
        "schedule": "1h",
    }
    config = write_config(tmp_path / "losses.toml", sqlite_url, [gs_source(server), dataset])
    service = start_service(config)

    service.wait_for_event("backfill.end")
    wait_for(lambda: has_figures_of(sqlite_url, reference, DAY_2), f"the figures of {DAY_2}")
    service.signal(signal.SIGTERM)
    assert service.wait() == 0

    assert current_totals(sqlite_url, dt.date(2025, 1, 1)) == history[dt.date(2025, 1, 1)]
    assert current_totals(sqlite_url, DAY_1) == history[DAY_1]
    # The dataset's own fetch job may read a file first; each figure is stored once.
    dataset_figures = sum(len(totals) for totals in history.values())
    assert row_count(sqlite_url, Observation, Observation.source_id != gs_id(sqlite_url)) == (
        dataset_figures
    )
    assert "error" not in service.events("backfill.end")[0]


def gs_id(database_url: str) -> int:
    with Store.open(database_url, upgrade=False) as store, store.reader() as session:
        return session.execute(
            select(Source.id).where(Source.name == "general-staff-telegram")
        ).scalar_one()
