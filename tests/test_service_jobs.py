"""The service's daily quality check: findings logged, the run recorded."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from pipeline.dates import KYIV
from pipeline.service.jobs import check_job
from pipeline.store import Store
from pipeline.store.models import IngestRun
from tests.fetch_fixtures import Reference
from tests.test_status import ingest_bulletin


def test_the_daily_check_logs_its_findings_and_records_a_run(
    store: Store, reference_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reference = Reference(reference_dir)
    # Two days with a day missing between them: a gap the check reports.
    ingest_bulletin(store, reference, dt.date(2025, 1, 26))
    ingest_bulletin(store, reference, dt.date(2025, 1, 28))

    noon_after = dt.datetime(2025, 1, 28, 12, 30, tzinfo=KYIV)
    with (
        caplog.at_level(logging.INFO, logger="pipeline.service"),
        time_machine.travel(noon_after, tick=False),
    ):
        assert check_job(store) == "ok"

    events = {record.getMessage(): record for record in caplog.records}
    assert "check.end" in events
    findings = [record for record in caplog.records if record.getMessage() == "check.finding"]
    assert any(record.event_fields["rule"] == "gap" for record in findings)
    assert events["check.end"].event_fields["findings"] == len(findings)
    with store.reader() as session:
        runs = session.execute(select(IngestRun.kind, IngestRun.status)).all()
    assert [tuple(run) for run in runs] == [("check", "ok")]
