"""Service logs: one line per event, for people or (``--log-format json``) for machines.

Events carry their facts as fields (``source=armyinform status=ok documents_new=1``).
Every line passes through a filter that masks the password of any URL in it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import traceback
from typing import Any, Literal, TextIO

LogFormat = Literal["human", "json"]

_FIELDS = "event_fields"
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*):[^@\s/]+@")
_NEEDS_QUOTES = re.compile(r"[\s\"=]")


def mask_secrets(text: str) -> str:
    """The text with the password of every ``scheme://user:password@`` URL replaced."""
    return _URL_PASSWORD.sub(r"\g<head>:***@", text)


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """Log one event with its facts as fields (``None`` values are left out)."""
    present = {key: value for key, value in fields.items() if value is not None}
    logger.log(level, event, extra={_FIELDS: present})


def setup_logging(
    log_format: LogFormat = "human", level: int = logging.INFO, stream: TextIO | None = None
) -> None:
    """Send every log record, masked, as one line to ``stream`` (default stderr)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if log_format == "json"
        else HumanFormatter(with_traceback=level <= logging.DEBUG)
    )
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # These narrate every run, request and migration step at INFO; the service logs
    # its own events (job start and end with counts, schema revision) instead.
    for chatty in ("httpx", "httpx2", "httpcore", "alembic"):
        logging.getLogger(chatty).setLevel(max(level, logging.WARNING))
    # APScheduler's warnings (missed runs, runs skipped while one is running) come as events.
    logging.getLogger("apscheduler").setLevel(max(level, logging.ERROR))


def _timestamp(record: logging.LogRecord) -> str:
    moment = dt.datetime.fromtimestamp(record.created, dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return dict(getattr(record, _FIELDS, {}))


def _error_text(record: logging.LogRecord) -> str | None:
    if not record.exc_info or record.exc_info[1] is None:
        return None
    error = record.exc_info[1]
    return f"{type(error).__name__}: {error}"


class HumanFormatter(logging.Formatter):
    """``2025-01-28T06:00:01.250Z INFO fetch.end source=armyinform status=ok``."""

    def __init__(self, *, with_traceback: bool = False) -> None:
        super().__init__()
        self.with_traceback = with_traceback

    def format(self, record: logging.LogRecord) -> str:
        parts = [_timestamp(record), record.levelname, " ".join(record.getMessage().split())]
        fields = _fields(record)
        error = _error_text(record)
        if error is not None:
            fields.setdefault("error", error)
        parts.extend(f"{key}={_human_value(value)}" for key, value in fields.items())
        line = " ".join(parts)
        if record.exc_info and self.with_traceback:
            # Only when asked for (--log-level debug): the one exception to one line per event.
            line += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return mask_secrets(line)


def _human_value(value: Any) -> str:
    text = value.isoformat() if isinstance(value, dt.datetime | dt.date) else str(value)
    text = " ".join(text.split())
    return json.dumps(text, ensure_ascii=False) if _NEEDS_QUOTES.search(text) or not text else text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event, then the event's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in _fields(record).items():
            entry.setdefault(key, value)
        error = _error_text(record)
        if error is not None:
            entry.setdefault("error", error)
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return mask_secrets(json.dumps(entry, ensure_ascii=False, default=str))
