"""Errors a source can end with; each message is one line naming what went wrong."""

from __future__ import annotations


class SourceError(Exception):
    """A source could not be read. The message is shown to the user as is."""

    def __init__(self, message: str, *, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status
