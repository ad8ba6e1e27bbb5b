"""Soak test: run ``losses serve`` for a while against a local server that misbehaves.

    python bench/soak.py                 # 5 minutes on a SQLite file in a temporary directory
    python bench/soak.py --seconds 120 --database-url postgresql+psycopg://...

The service polls every second. The local server publishes a new General Staff
bulletin every few seconds (Telegram page, RSS feed with articles), one feed fails
at random, one answers slowly, one Telegram channel is down half the time. The
service's memory, open files and database connections are sampled every second;
at the end the numbers are printed and the run fails (exit 1) on any duplicate, on
open files or database connections above their start, or on memory growing from
half-time to the end (the first minutes fill caches). Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from pipeline.store import Store  # noqa: E402
from pipeline.store.models import Document  # noqa: E402
from tests.fetch_fixtures import (  # noqa: E402
    FeedItem,
    Reference,
    article_page,
    rss_feed,
)
from tests.localserver import LocalServer, Reply, local_server  # noqa: E402
from tests.service_harness import ServiceProcess, general_staff_page, write_config  # noqa: E402

FIRST_DAY = dt.date(2024, 1, 1)
POSTS_ON_A_PAGE = 20
WARM_UP_S = 15.0
PG_PORT_HEX = f"{5432:04X}"
# Memory is judged from half-time to the end: the first minutes fill SQLite's page caches
# (2 MB a connection), the parser's bounded caches and the allocator's arenas; a leak keeps
# growing after that. A 20-minute run levelled off at 112-114 MB from minute 10 on.
MEMORY_TOLERANCE = 1.05


@dataclass
class Sample:
    at: float
    rss_kb: int
    open_files: int
    db_connections: int


@dataclass
class Samples:
    items: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.items.append(sample)

    def window(self, start: float, end: float) -> list[Sample]:
        with self.lock:
            return [sample for sample in self.items if start <= sample.at <= end]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def db_connections(pid: int, database_path: str | None) -> int:
    """Open SQLite files of the database, or TCP connections to PostgreSQL's port."""
    links = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            links.append(os.readlink(fd))
        except OSError:
            continue
    if database_path is not None:
        return sum(link == database_path for link in links)
    sockets = {link[8:-1] for link in links if link.startswith("socket:[")}
    count = 0
    for table in ("tcp", "tcp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            parts = line.split()
            if parts[2].endswith(f":{PG_PORT_HEX}") and parts[9] in sockets:
                count += 1
    return count


def sample_forever(pid: int, database_path: str | None, samples: Samples, stop: threading.Event):
    started = time.monotonic()
    while not stop.wait(1.0):
        try:
            samples.add(
                Sample(
                    at=time.monotonic() - started,
                    rss_kb=rss_kb(pid),
                    open_files=len(os.listdir(f"/proc/{pid}/fd")),
                    db_connections=db_connections(pid, database_path),
                )
            )
        except (FileNotFoundError, ProcessLookupError):
            return


class MisbehavingSite:
    """The local server's content, changed every second by a background thread."""

    def __init__(self, server: LocalServer, reference: Reference, new_day_every: float) -> None:
        self.server = server
        self.reference = reference
        self.new_day_every = new_day_every
        self.days: list[dt.date] = [FIRST_DAY]
        self.random = random.Random(20250128)
        self._published_at = time.monotonic()
        self.publish()

    def feed_items(self) -> list[FeedItem]:
        items = []
        for day in self.days[-POSTS_ON_A_PAGE:]:
            article = f"/news/{day.isoformat()}"
            published = dt.datetime.combine(day, dt.time(7, 30), tzinfo=dt.UTC)
            paragraphs = self.reference.english_retelling(day)
            self.server.serve(
                article, article_page("Russian losses", paragraphs, published, day.toordinal())
            )
            items.append(
                FeedItem(
                    guid=f"news-{day.isoformat()}",
                    title=f"Russian losses in Ukraine as of {day:%B} {day.day}, {day.year}",
                    link=self.server.url(article),
                    summary="The General Staff reports Russian losses: personnel, tanks.",
                    published=published,
                )
            )
        return items

    def publish(self) -> None:
        page = general_staff_page(self.reference, self.days[-POSTS_ON_A_PAGE:])
        self.server.serve("/s/GeneralStaffZSU", page)
        self.feed = rss_feed(self.server.url("/"), self.feed_items())
        self.server.serve("/rss", self.feed, "application/rss+xml")
        self.flaky_page = page

    def change(self) -> None:
        now = time.monotonic()
        if now - self._published_at >= self.new_day_every:
            self.days.append(self.days[-1] + dt.timedelta(days=1))
            self._published_at = now
            self.publish()
        feed = self.feed.encode()
        if self.random.random() < 0.3:
            self.server.script("/flaky/rss", Reply(500, b"upstream error"))
        else:
            self.server.serve("/flaky/rss", self.feed, "application/rss+xml")
        delay = self.random.uniform(0.0, 3.0)
        self.server.script(
            "/slow/rss", Reply(200, feed, {"Content-Type": "application/rss+xml"}, delay=delay)
        )
        if self.random.random() < 0.5:
            self.server.script("/s/down-half-the-time", Reply(503, b"maintenance"))
        else:
            self.server.serve("/s/down-half-the-time", self.flaky_page)


def change_forever(site: MisbehavingSite, stop: threading.Event) -> None:
    while not stop.wait(1.0):
        site.change()


def duplicates(database_url: str) -> dict[str, int]:
    """Rows that exist twice where once is right."""
    with Store.open(database_url, upgrade=False) as store, store.reader() as session:
        same_post = session.execute(
            select(func.count()).select_from(
                select(Document.source_id, Document.external_id)
                .where(Document.external_id.is_not(None))
                .group_by(Document.source_id, Document.external_id)
                .having(func.count() > 1)
                .subquery()
            )
        ).scalar_one()
        same_total = session.execute(
            text(
                "SELECT count(*) FROM (SELECT report_date, category FROM daily_total"
                " WHERE valid_to IS NULL GROUP BY report_date, category HAVING count(*) > 1) d"
            )
        ).scalar_one()
        documents = session.execute(select(func.count()).select_from(Document)).scalar_one()
    return {
        "documents": documents,
        "same_post_twice": same_post,
        "same_daily_total_twice": same_total,
    }


def summarize(samples: list[Sample]) -> dict[str, float]:
    """Peak memory; open files and connections as typical (median) and highest."""
    files = sorted(sample.open_files for sample in samples)
    connections = sorted(sample.db_connections for sample in samples)
    return {
        "peak_rss_mb": round(max(sample.rss_kb for sample in samples) / 1024, 1),
        "open_files": files[len(files) // 2],
        "open_files_max": files[-1],
        "db_connections": connections[len(connections) // 2],
        "db_connections_max": connections[-1],
    }


def rss_trajectory(samples: Samples, elapsed: float) -> list[float]:
    """Resident memory at each tenth of the run, to tell a plateau from a leak."""
    points = []
    for tenth in range(1, 11):
        near = samples.window(elapsed * tenth / 10 - 2, elapsed * tenth / 10 + 2)
        if near:
            points.append(round(near[0].rss_kb / 1024, 1))
    return points


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="how long (default 300)")
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    parser.add_argument(
        "--new-day-every", type=float, default=5.0, help="seconds between new bulletins"
    )
    parser.add_argument(
        "--reference-dir", type=Path, default=REPO_ROOT.parent / "shared" / "reference"
    )
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="losses-soak-"))
    database_url = arguments.database_url or f"sqlite:///{workdir / 'losses.db'}"
    database_path = str(workdir / "losses.db") if arguments.database_url is None else None
    reference = Reference(arguments.reference_dir)
    stop = threading.Event()
    samples = Samples()

    with local_server() as server:
        # Clients hanging up on kept-alive connections is normal here, not worth a traceback.
        server._httpd.handle_error = lambda _request, _address: None  # type: ignore[method-assign]
        site = MisbehavingSite(server, reference, arguments.new_day_every)
        sources = [
            {
                "name": "general-staff",
                "kind": "telegram",
                "url": server.url("/s/GeneralStaffZSU"),
                "pages": 1,
            },
            {"name": "news", "kind": "feed", "url": server.url("/rss")},
            {"name": "flaky-news", "kind": "feed", "url": server.url("/flaky/rss")},
            {"name": "slow-news", "kind": "feed", "url": server.url("/slow/rss")},
            {
                "name": "down-half-the-time",
                "kind": "telegram",
                "url": server.url("/s/down-half-the-time"),
                "pages": 1,
            },
        ]
        config = write_config(
            workdir / "losses.toml",
            database_url,
            sources,
            schedule="1s",
            service={"backoff_initial_seconds": 2, "backoff_max_seconds": 8, "max_workers": 4},
        )
        service = ServiceProcess(config, workdir / "service.log")
        threading.Thread(target=change_forever, args=(site, stop), daemon=True).start()
        threading.Thread(
            target=sample_forever, args=(service.pid, database_path, samples, stop), daemon=True
        ).start()
        print(
            f"soak: {arguments.seconds:g} s, database {database_url}, log {workdir / 'service.log'}"
        )
        started = time.monotonic()
        try:
            while time.monotonic() - started < arguments.seconds:
                if service.process.poll() is not None:
                    print(f"the service exited early with {service.process.returncode}")
                    return 1
                time.sleep(1.0)
            stopped_at = time.monotonic()
            service.signal(signal.SIGTERM)
            exit_code = service.wait(60)
            stop_seconds = time.monotonic() - stopped_at
        finally:
            stop.set()
            service.kill()

    elapsed = arguments.seconds
    window = max(10.0, min(30.0, (elapsed - WARM_UP_S) / 4))
    at_start = summarize(samples.window(WARM_UP_S, WARM_UP_S + window))
    at_half_time = summarize(samples.window(elapsed / 2 - window / 2, elapsed / 2 + window / 2))
    at_end = summarize(samples.window(elapsed - window, elapsed))
    events = service.events()
    count = lambda name: sum(entry["event"] == name for entry in events)  # noqa: E731
    ends = [entry for entry in events if entry["event"] == "fetch.end"]
    found = duplicates(database_url)
    report = {
        "seconds": elapsed,
        "bulletins_published": len(site.days),
        "jobs_run": len(ends),
        "jobs_failed": sum(entry["status"] == "failed" for entry in ends),
        "jobs_backing_off": count("fetch.backoff"),
        "jobs_missed": count("job.missed"),
        "jobs_skipped_previous_still_running": count("job.still_running"),
        "job_crashes": count("job.failed"),
        "documents_ingested": found["documents"],
        "duplicates": found["same_post_twice"] + found["same_daily_total_twice"],
        "at_start": at_start,
        "at_half_time": at_half_time,
        "at_end": at_end,
        "rss_mb_every_tenth": rss_trajectory(samples, elapsed),
        "exit_code": exit_code,
        "stop_seconds": round(stop_seconds, 1),
    }
    print(json.dumps(report, indent=2))
    problems = []
    if report["duplicates"]:
        problems.append("duplicates")
    if at_end["peak_rss_mb"] > at_half_time["peak_rss_mb"] * MEMORY_TOLERANCE:
        problems.append("memory grew after half-time")
    if at_end["open_files"] > at_start["open_files"]:
        problems.append("open files grew")
    if at_end["db_connections"] > at_start["db_connections"]:
        problems.append("database connections grew")
    if exit_code != 0 or report["job_crashes"]:
        problems.append("unclean run")
    print("verdict:", "ok" if not problems else ", ".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
