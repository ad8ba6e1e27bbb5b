"""`losses run` and `losses reparse` on the command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from pipeline.cli import main
from pipeline.parse import PARSER_VERSION
from pipeline.store import NewDocument, Store
from pipeline.store.archive import archive_document, mark_parsed
from pipeline.store.models import DailyTotal, Document, Observation, Source
from pipeline.store.queries import row_counts
from tests.fetch_fixtures import (
    FAST_HTTP,
    FIRST_GS_DAYS,
    NEW_GS_DAY,
    FixtureSources,
    Reference,
    current_totals,
    expected_totals,
    write_config,
)
from tests.localserver import local_server


def test_losses_run_on_a_fresh_sqlite_file_ingests_everything_then_nothing(
    tmp_path: Path, reference_dir: Path
) -> None:
    reference = Reference(reference_dir)
    database = tmp_path / "fresh.db"
    runner = CliRunner()
    with local_server() as server:
        fixtures = FixtureSources(server, reference)
        config = write_config(
            tmp_path / "losses.toml", f"sqlite:///{database}", FAST_HTTP, fixtures.configs
        )
        first = runner.invoke(main, ["run", "--config", str(config)])
        with Store.open(f"sqlite:///{database}") as store, store.reader() as session:
            after_first = row_counts(session)
        second = runner.invoke(main, ["run", "--config", str(config)])

    assert first.exit_code == 0, first.output
    assert "at revision" in first.output and "general-staff-telegram" in first.output
    assert second.exit_code == 0, second.output
    with Store.open(f"sqlite:///{database}") as store:
        assert current_totals(store) == expected_totals(reference, FIRST_GS_DAYS)
        with store.reader() as session:
            after_second = row_counts(session)
    assert after_first["document"] == 8
    assert after_second == {
        **after_first,
        "ingest_run": after_first["ingest_run"] + len(fixtures.configs),
    }


def test_reparse_reads_documents_of_an_older_parser_and_only_appends(
    store: Store, tmp_path: Path, reference_dir: Path
) -> None:
    reference = Reference(reference_dir)
    with local_server() as server:
        fixtures = FixtureSources(server, reference)
        config = write_config(
            tmp_path / "losses.toml", store.database_url, FAST_HTTP, fixtures.configs
        )
        assert CliRunner().invoke(main, ["fetch", "--config", str(config)]).exit_code == 0
    with store.transaction() as session:
        # A bulletin an older parser failed on: archived, no figures stored.
        source_id = session.execute(select(Source.id).where(Source.name == "mod-news")).scalar_one()
        document_id = archive_document(
            session,
            source_id,
            NewDocument(
                content=reference.official_uk(NEW_GS_DAY).encode(), content_type="text/plain"
            ),
        )
        assert document_id is not None
        mark_parsed(session, document_id, status="failed", parser_version="0.9.0", error="old")
        observations_before = session.execute(select(func.count(Observation.id))).scalar_one()
        totals_before = session.execute(select(func.count(DailyTotal.id))).scalar_one()

    result = CliRunner().invoke(main, ["reparse", "--config", str(config)])

    assert result.exit_code == 0, result.output
    assert "reparsed 1 documents: 14 new observations" in result.output
    with store.reader() as session:
        document = session.get(Document, document_id)
        added_observations = session.execute(select(func.count(Observation.id))).scalar_one()
        added_totals = session.execute(select(func.count(DailyTotal.id))).scalar_one()
    assert (document.parse_status, document.parser_version) == ("parsed", PARSER_VERSION)
    assert added_observations == observations_before + 14
    assert added_totals == totals_before + 14
    assert current_totals(store) == expected_totals(reference, (*FIRST_GS_DAYS, NEW_GS_DAY))
    # Documents the current parser already read are left alone.
    again = CliRunner().invoke(main, ["reparse", "--config", str(config)])
    assert "reparsed 0 documents" in again.output
