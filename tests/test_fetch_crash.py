"""SIGKILL during `losses fetch`: every document ends up exactly once, every total right.

Each trial copies a migrated SQLite file, starts `losses fetch` as a process against a
deliberately slow local server, kills it at a random moment, checks that what the
killed run left is consistent (a document is there with all its figures or not at
all), then runs the fetch again to completion and checks the whole result.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipeline.config import Settings
from pipeline.dates import utc_now
from pipeline.ingest import fetch_all
from pipeline.store import Store
from pipeline.store.models import Document, Observation
from pipeline.store.queries import totals_as_of
from tests.fetch_fixtures import (
    FAST_HTTP,
    Reference,
    TelegramPost,
    expected_totals,
    telegram_page,
    write_config,
)
from tests.localserver import local_server

TRIALS = 20
CHANNELS = 3
POSTS_PER_CHANNEL = 4
FIRST_DAY = dt.date(2025, 1, 10)
FIGURES_PER_BULLETIN = 14
RESPONSE_DELAY_S = 0.03
FETCH_COMMAND = [sys.executable, "-c", "from pipeline.cli import main; main()", "fetch"]


def publish_channels(server, reference: Reference) -> tuple[list[dict], tuple[dt.date, ...]]:
    configs = []
    days = []
    for channel_index in range(CHANNELS):
        channel = f"Channel{channel_index}"
        posts = []
        for post_index in range(POSTS_PER_CHANNEL):
            day = FIRST_DAY + dt.timedelta(days=channel_index * POSTS_PER_CHANNEL + post_index)
            days.append(day)
            posted_at = dt.datetime.combine(day, dt.time(5, 2), tzinfo=dt.UTC)
            posts.append(TelegramPost(1000 + post_index, reference.official_uk(day), posted_at))
        server.serve(f"/s/{channel}", telegram_page(channel, "Генеральний штаб ЗСУ", posts))
        configs.append(
            {"name": channel.lower(), "kind": "telegram", "url": server.url(f"/s/{channel}")}
        )
    return configs, tuple(days)


def check_consistent(store: Store, reference: Reference) -> int:
    """Every archived document is complete; the totals of the days present are right."""
    with store.reader() as session:
        documents = session.execute(select(Document.id, Document.parse_status)).all()
        per_document = dict(
            session.execute(
                select(Observation.document_id, func.count()).group_by(Observation.document_id)
            ).all()
        )
        totals = {(day, key): total for day, key, total, _ in totals_as_of(session, utc_now())}
    for document_id, status in documents:
        assert status == "parsed", (document_id, status)
        assert per_document.get(document_id) == FIGURES_PER_BULLETIN, document_id
    days = tuple(sorted({day for day, _ in totals}))
    assert totals == expected_totals(reference, days)
    return len(documents)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, reference_dir: Path
) -> None:
    reference = Reference(reference_dir)
    seed = int(os.environ.get("LOSSES_CRASH_SEED", time.time_ns() % 1_000_000))
    chance = random.Random(seed)
    template = tmp_path / "template.db"
    Store.open(f"sqlite:///{template}").close()
    with local_server() as server:
        server.delay = RESPONSE_DELAY_S
        configs, days = publish_channels(server, reference)
        expected_documents = len(days)

        # A full run to learn how long one takes here, and so where to aim the kills.
        server.requests.clear()
        calibration = tmp_path / "calibration.db"
        shutil.copy(template, calibration)
        config = write_config(tmp_path / "c.toml", f"sqlite:///{calibration}", FAST_HTTP, configs)
        subprocess.run([*FETCH_COMMAND, "--config", str(config)], check=True, capture_output=True)
        # From the first request to the end: the window in which the kills are aimed.
        window_s = time.monotonic() - server.requests[0].at

        killed_mid_ingest = 0
        for trial in range(TRIALS):
            database = tmp_path / f"trial{trial}.db"
            shutil.copy(template, database)
            url = f"sqlite:///{database}"
            config = write_config(tmp_path / f"t{trial}.toml", url, FAST_HTTP, configs)
            process = subprocess.Popen(
                [*FETCH_COMMAND, "--config", str(config)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            requests_before = len(server.requests)
            while len(server.requests) == requests_before and process.poll() is None:
                time.sleep(0.005)
            time.sleep(chance.uniform(0, window_s))
            process.send_signal(signal.SIGKILL)
            process.wait()

            with Store.open(url) as store:
                survived = check_consistent(store, reference)
                killed_mid_ingest += 0 < survived < expected_documents
                fetch_all(store, Settings(database_url=url, http=FAST_HTTP, sources=configs))
                assert check_consistent(store, reference) == expected_documents, (
                    f"trial {trial} (seed {seed})"
                )
                with store.reader() as session:
                    assert (
                        session.execute(
                            select(func.count(func.distinct(Document.sha256)))
                        ).scalar_one()
                        == expected_documents
                    )
    # Not an assertion on timing: just a note of how many kills landed mid-ingest.
    print(f"seed {seed}: {killed_mid_ingest} of {TRIALS} kills landed between documents")
