"""Running ``losses serve`` as a real process against the local HTTP server.

A ``ServiceProcess`` is started with ``sys.executable -m pipeline serve`` and a config
file pointing at the local server; its log goes to a file the tests read. Waiting is
always for a condition with a deadline, never a fixed sleep.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from tests.fetch_fixtures import Reference, TelegramPost, telegram_page

REPO_ROOT = Path(__file__).resolve().parents[1]
DEADLINE_S = 30.0
T = TypeVar("T")


def wait_for(condition: Callable[[], T], what: str, deadline: float = DEADLINE_S) -> T:
    """Poll until ``condition`` returns something truthy, or fail saying what was awaited."""
    give_up = time.monotonic() + deadline
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up after {deadline:g} s waiting for {what}")
        time.sleep(0.1)


def general_staff_page(reference: Reference, days: list[dt.date]) -> str:
    """The General Staff's Telegram preview page with the bulletins of ``days``."""
    posts = [
        TelegramPost(
            post_id=1000 + (day - dt.date(2022, 2, 24)).days,
            text=reference.official_uk(day),
            posted_at=dt.datetime.combine(day, dt.time(6, 0), tzinfo=dt.UTC),
        )
        for day in days
    ]
    return telegram_page("GeneralStaffZSU", "Генеральний штаб ЗСУ", posts)


def write_config(
    path: Path,
    database_url: str,
    sources: list[dict[str, Any]],
    *,
    schedule: str = "1s",
    service: dict[str, Any] | None = None,
) -> Path:
    """A config file for a service that polls every second and gives up quickly."""
    service_settings = {
        "lock_retry_seconds": 1,
        "shutdown_timeout_seconds": 20,
        "backoff_initial_seconds": 0,
        **(service or {}),
    }
    lines = [
        f"database_url = {json.dumps(database_url)}",
        "[schedule]",
        f"default = {json.dumps(schedule)}",
        'check = "1h"',
        "[http]",
        "politeness_delay = 0",
        "retry_attempts = 1",
        "connect_timeout = 2",
        "read_timeout = 10",
        "[service]",
        *(f"{key} = {json.dumps(value)}" for key, value in service_settings.items()),
    ]
    for source in sources:
        lines.append("[[sources]]")
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in source.items())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class ServiceProcess:
    """One ``losses serve`` subprocess and its log."""

    def __init__(self, config: Path, log_path: Path, *, log_format: str = "json") -> None:
        self.log_path = log_path
        self._log_file = log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline",
                "serve",
                "--config",
                str(config),
                "--log-format",
                log_format,
            ],
            cwd=REPO_ROOT,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        """The JSON log lines of this process (those of ``name`` only, if given)."""
        found = []
        for line in self.log_text().splitlines():
            if not line.startswith("{"):
                continue
            entry = json.loads(line)
            if name is None or entry["event"] == name:
                found.append(entry)
        return found

    def wait_for_event(
        self, name: str, deadline: float = DEADLINE_S, **fields: Any
    ) -> dict[str, Any]:
        def matching() -> dict[str, Any] | None:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"service exited with {self.process.returncode} before {name}:\n"
                    + self.log_text()[-3000:]
                )
            for entry in self.events(name):
                if all(entry.get(key) == value for key, value in fields.items()):
                    return entry
            return None

        return wait_for(matching, f"log event {name} {fields or ''}", deadline)

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float = DEADLINE_S) -> int:
        return self.process.wait(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(DEADLINE_S)
        self._log_file.close()
