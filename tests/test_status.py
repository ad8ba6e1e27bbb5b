"""``losses status``: freshness of the General Staff figures decides the exit code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import time_machine
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.dates import KYIV
from pipeline.ingest import ingest_documents
from pipeline.store import NewDocument, SourceSpec, Store
from pipeline.store.archive import sync_sources
from tests.fetch_fixtures import OFFICIAL_UK_LINES, Reference

REPORT_DATE = dt.date(2025, 1, 28)


def write_config(tmp_path: Path, database_url: str, stale_after_hours: float = 36) -> Path:
    config = tmp_path / "losses.toml"
    config.write_text(
        f"database_url = {json.dumps(database_url)}\n"
        f"stale_after_hours = {stale_after_hours}\n"
        "[[sources]]\n"
        'name = "general-staff-telegram"\nkind = "telegram"\n'
        'url = "https://t.me/s/GeneralStaffZSU"\n',
        encoding="utf-8",
    )
    return config


def ingest_bulletin(store: Store, reference: Reference, day: dt.date) -> None:
    with store.transaction() as session:
        ids = sync_sources(
            session,
            [SourceSpec(name="general-staff-telegram", kind="telegram", url="https://t.me/s/x")],
        )
    bulletin = NewDocument(
        content=reference.official_uk(day).encode(),
        content_type="text/plain",
        published_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=KYIV),
    )
    ingest_documents(store, ids["general-staff-telegram"], [bulletin])


def status_at(moment: dt.datetime, config: Path, *args: str) -> Result:
    with time_machine.travel(moment, tick=False):
        return CliRunner().invoke(main, ["status", "--config", str(config), *args])


def test_fresh_figures_exit_0_and_stale_ones_exit_1(
    store: Store, reference_dir: Path, tmp_path: Path
) -> None:
    ingest_bulletin(store, Reference(reference_dir), REPORT_DATE)
    config = write_config(tmp_path, store.database_url)

    fresh = status_at(dt.datetime(2025, 1, 28, 18, 0, tzinfo=KYIV), config, "--json")
    stale = status_at(dt.datetime(2025, 1, 29, 13, 0, tzinfo=KYIV), config, "--json")

    assert fresh.exit_code == 0, fresh.output
    assert json.loads(fresh.output)["general_staff"] == {
        "newest_report_date": "2025-01-28",
        "age_hours": 18.0,
        "stale_after_hours": 36.0,
        "stale": False,
    }
    assert stale.exit_code == 1
    assert json.loads(stale.output)["general_staff"]["stale"] is True


def test_the_age_limit_comes_from_the_config(
    store: Store, reference_dir: Path, tmp_path: Path
) -> None:
    ingest_bulletin(store, Reference(reference_dir), REPORT_DATE)
    config = write_config(tmp_path, store.database_url, stale_after_hours=48)

    result = status_at(dt.datetime(2025, 1, 29, 13, 0, tzinfo=KYIV), config)

    assert result.exit_code == 0, result.output
    assert (
        "General Staff figures: 2025-01-28 (37.0 h ago, fresh; stale after 48 h)" in result.output
    )


def test_no_figures_at_all_is_stale(store: Store, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["status", "--config", str(write_config(tmp_path, store.database_url))]
    )

    assert result.exit_code == 1
    assert "General Staff figures: none yet (stale)" in result.output
    assert "service: not running" in result.output


def test_json_status_lists_sources_categories_and_the_service(
    store: Store, reference_dir: Path, tmp_path: Path
) -> None:
    ingest_bulletin(store, Reference(reference_dir), REPORT_DATE)
    config = write_config(tmp_path, store.database_url)

    status = json.loads(
        status_at(dt.datetime(2025, 1, 28, 10, 0, tzinfo=KYIV), config, "--json").output
    )

    assert status["database"] == store.masked_url
    assert status["schema_revision"] == status["newest_schema_revision"]
    assert status["latest_report_date_by_category"] == {
        key: "2025-01-28" for key, _line in OFFICIAL_UK_LINES
    }
    assert [source["name"] for source in status["sources"]] == ["general-staff-telegram"]
    assert status["unhealthy_sources"] == []
    assert status["service"]["running"] is False
    assert status["row_counts"]["observation"] == len(OFFICIAL_UK_LINES)


def test_a_password_in_the_database_url_is_masked(postgres_url: str, tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url).set(password="s3cret-pw").render_as_string(hide_password=False)

    result = CliRunner().invoke(
        main, ["status", "--json", "--config", str(write_config(tmp_path, url))]
    )

    assert "s3cret-pw" not in result.output
    assert json.loads(result.output)["database"].startswith("postgresql+psycopg://postgres:***@")
