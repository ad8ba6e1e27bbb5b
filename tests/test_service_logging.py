"""Service logs: one line per event, human or JSON, never a password."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from pipeline.service.logging import LogFormat, log_event, mask_secrets, setup_logging


@pytest.fixture
def capture() -> Iterator[tuple[io.StringIO, logging.Logger]]:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    stream = io.StringIO()
    yield stream, logging.getLogger("pipeline.service")
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)


def emit(capture: tuple[io.StringIO, logging.Logger], log_format: LogFormat) -> list[str]:
    stream, log = capture
    setup_logging(log_format, stream=stream)
    log_event(
        log,
        logging.WARNING,
        "fetch.end",
        source="ukrinform",
        status="failed",
        documents_new=0,
        error="connection refused\nby peer",
        database="postgresql+psycopg://losses:hunter2@db.example.org/losses",
    )
    try:
        raise ValueError("bad reply from https://user:hunter2@example.org/feed")
    except ValueError:
        log.exception("job.failed", extra={"event_fields": {"job": "fetch ukrinform"}})
    return stream.getvalue().splitlines()


def test_human_lines_carry_the_event_and_its_fields(
    capture: tuple[io.StringIO, logging.Logger],
) -> None:
    lines = emit(capture, "human")

    assert len(lines) == 2
    assert lines[0].endswith(
        "WARNING fetch.end source=ukrinform status=failed documents_new=0"
        ' error="connection refused by peer"'
        " database=postgresql+psycopg://losses:***@db.example.org/losses"
    )
    assert lines[1].endswith(
        'ERROR job.failed job="fetch ukrinform"'
        ' error="ValueError: bad reply from https://user:***@example.org/feed"'
    )


def test_json_lines_parse_and_keep_the_fields(capture: tuple[io.StringIO, logging.Logger]) -> None:
    lines = emit(capture, "json")

    entries = [json.loads(line) for line in lines]
    assert entries[0]["event"] == "fetch.end"
    assert entries[0]["level"] == "warning"
    assert entries[0]["documents_new"] == 0
    assert entries[0]["database"] == "postgresql+psycopg://losses:***@db.example.org/losses"
    assert entries[1]["error"] == "ValueError: bad reply from https://user:***@example.org/feed"
    assert "Traceback" in entries[1]["traceback"]
    assert all("hunter2" not in line for line in lines)


def test_masking_leaves_ports_and_plain_urls_alone() -> None:
    assert mask_secrets("http://127.0.0.1:8080/feed@2x") == "http://127.0.0.1:8080/feed@2x"
    assert (
        mask_secrets("see https://t.me/s/GeneralStaffZSU") == "see https://t.me/s/GeneralStaffZSU"
    )
