"""Benchmark: `losses fetch` when nothing changed, and `losses --help`.

Ten sources on a local server, all answering 304 to the conditional requests of a
second run. Prints the wall time of `losses fetch` as a whole process, the HTTP
requests it made (one per source, plus robots.txt at most once per host) and the
rows it wrote (only `ingest_run`), then the wall time of `losses --help`.

    python bench/fetch_noop.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.config import HttpSettings, Settings  # noqa: E402
from pipeline.ingest import fetch_all  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.store.queries import row_counts  # noqa: E402
from tests.conftest import REFERENCE_DIR_CANDIDATES  # noqa: E402
from tests.fetch_fixtures import (  # noqa: E402
    Reference,
    TelegramPost,
    telegram_page,
    write_config,
)
from tests.localserver import local_server  # noqa: E402

SOURCES = 10
LOSSES = [sys.executable, "-c", "from pipeline.cli import main; main()"]
HTTP = HttpSettings(politeness_delay=0, connect_timeout=2, read_timeout=5)


def main() -> None:
    reference_dir = next(path for path in REFERENCE_DIR_CANDIDATES if path.is_dir())
    reference = Reference(reference_dir)
    with tempfile.TemporaryDirectory() as work, local_server() as server:
        sources = []
        for index in range(SOURCES):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=index)
            posted = dt.datetime.combine(day, dt.time(5, 2), tzinfo=dt.UTC)
            page = telegram_page(
                f"Channel{index}", "GS", [TelegramPost(100, reference.official_uk(day), posted)]
            )
            server.serve(f"/s/Channel{index}", page)
            sources.append(
                {
                    "name": f"channel-{index}",
                    "kind": "telegram",
                    "url": server.url(f"/s/Channel{index}"),
                }
            )
        url = f"sqlite:///{Path(work) / 'bench.db'}"
        with Store.open(url) as store:
            fetch_all(store, Settings(database_url=url, http=HTTP, sources=sources))
            with store.reader() as session:
                before = row_counts(session)
        config = write_config(Path(work) / "losses.toml", url, HTTP, sources)

        server.requests.clear()
        started = time.perf_counter()
        subprocess.run([*LOSSES, "fetch", "--config", str(config)], check=True, capture_output=True)
        fetch_s = time.perf_counter() - started
        requests = list(server.requests)

        with Store.open(url) as store, store.reader() as session:
            after = row_counts(session)
        written = {
            table: after[table] - before[table] for table in after if after[table] != before[table]
        }

    started = time.perf_counter()
    subprocess.run([*LOSSES, "--help"], check=True, capture_output=True)
    help_s = time.perf_counter() - started

    robots = sum(request.path == "/robots.txt" for request in requests)
    print(f"losses fetch, {SOURCES} sources all 304: {fetch_s:.2f} s wall")
    print(f"HTTP requests: {len(requests)} ({len(requests) - robots} pages, {robots} robots.txt)")
    print(f"rows written: {written}")
    print(f"losses --help: {help_s:.2f} s wall")


if __name__ == "__main__":
    main()
