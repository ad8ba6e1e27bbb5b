"""One service per database: an instance lock that dies with its holder.

PostgreSQL: a session-level advisory lock held on a dedicated connection; when the
holder's process or host dies, the connection ends and the server releases the lock.
SQLite: an ``flock`` on a file next to the database (``losses.db.lock``); the kernel
releases it when the holder's process dies. Either way a standby instance that retries
takes over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from pipeline.dates import utc_now

# A dead peer's TCP connection is noticed within about a minute instead of hours.
_PG_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}
_APPLICATION_PREFIX = "losses serve"


class LockUnavailable(Exception):
    """This database cannot carry an instance lock (e.g. an in-memory SQLite database)."""


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds the lock, as far as the lock can tell."""

    description: str
    since: dt.datetime | None = None


class InstanceLock(Protocol):
    @property
    def location(self) -> str:
        """Where the lock lives, for messages."""
        ...

    def try_acquire(self) -> bool:
        """Take the lock if it is free; never waits."""
        ...

    def still_held(self) -> bool:
        """Whether this instance still holds the lock it took."""
        ...

    def release(self) -> None: ...

    def holder(self) -> LockHolder | None:
        """The instance holding the lock now, or None when it is free."""
        ...

    def close(self) -> None:
        """Release the lock if held and free every resource."""
        ...


def instance_lock(database_url: str) -> InstanceLock:
    """The instance lock for this database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            raise LockUnavailable(
                "the service needs a SQLite database file (not an in-memory database)"
            )
        return FileLock(Path(database + ".lock"))
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(database_url)
    raise LockUnavailable(f"no instance lock for {url.get_backend_name()} databases")


def _holder_identity() -> str:
    return f"{_APPLICATION_PREFIX} pid {os.getpid()} on {socket.gethostname()}"


class FileLock:
    """An exclusive ``flock`` on ``<database>.lock``, which also says who holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def location(self) -> str:
        return f"lock file {self.path}"

    def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        # The file is never deleted: unlinking it would let a waiter lock a stale inode.
        os.ftruncate(fd, 0)
        identity = {"holder": _holder_identity(), "since": utc_now().isoformat()}
        os.pwrite(fd, json.dumps(identity).encode(), 0)
        self._fd = fd
        return True

    def still_held(self) -> bool:
        if self._fd is None:
            return False
        try:
            # Someone removing or replacing the file would let a second instance lock anew.
            return os.fstat(self._fd).st_ino == os.stat(self.path).st_ino
        except OSError:
            return False

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing drops the flock
        self._fd = None

    def close(self) -> None:
        self.release()

    def holder(self) -> LockHolder | None:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _file_holder(os.pread(fd, 4096, 0))
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)


def _file_holder(content: bytes) -> LockHolder:
    try:
        identity = json.loads(content)
        return LockHolder(
            description=str(identity["holder"]),
            since=dt.datetime.fromisoformat(identity["since"]),
        )
    except (ValueError, KeyError, TypeError):
        return LockHolder(description="an instance that has not said who it is")


class AdvisoryLock:
    """A session-level advisory lock keyed on the database and schema."""

    def __init__(self, database_url: str) -> None:
        self._engine = create_engine(
            database_url,
            poolclass=NullPool,
            connect_args={
                **_PG_KEEPALIVES,
                "application_name": _holder_identity()[:63],
            },
        )
        self._connection: Connection | None = None
        self._key: int | None = None
        self._where = make_url(database_url).render_as_string(hide_password=True)

    @property
    def location(self) -> str:
        return f"PostgreSQL advisory lock on {self._where}"

    def _connect(self) -> tuple[Connection, int]:
        connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        database, schema = connection.execute(
            text("SELECT current_database(), current_schema()")
        ).one()
        # Advisory locks are per database; the schema keeps parallel deployments
        # (and test runs) that live in separate schemas of one database apart.
        return connection, advisory_key(database, schema or "")

    def try_acquire(self) -> bool:
        if self._connection is not None:
            return True
        connection, key = self._connect()
        try:
            taken = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": key}
            ).scalar_one()
        except Exception:
            connection.close()
            raise
        if not taken:
            connection.close()
            return False
        self._connection, self._key = connection, key
        return True

    def still_held(self) -> bool:
        if self._connection is None:
            return False
        try:
            # While the session lives, its session-level lock lives.
            self._connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        with contextlib.suppress(Exception):
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
        with contextlib.suppress(Exception):
            connection.close()

    def holder(self) -> LockHolder | None:
        connection, key = self._connect()
        try:
            row = connection.execute(
                text(
                    "SELECT a.application_name, a.client_addr, a.backend_start"
                    " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                    " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                    " AND l.classid = CAST(:high AS bigint)::oid"
                    " AND l.objid = CAST(:low AS bigint)::oid"
                    " AND l.database = (SELECT oid FROM pg_database"
                    "                   WHERE datname = current_database())"
                ),
                {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF},
            ).first()
        finally:
            connection.close()
        if row is None:
            return None
        application, client, since = row
        description = application or "a session whose name is hidden from this role"
        if client is not None and str(client) not in description:
            description += f" (from {client})"
        return LockHolder(
            description=description, since=since.astimezone(dt.UTC) if since else None
        )

    def close(self) -> None:
        self.release()
        self._engine.dispose()


def advisory_key(database: str, schema: str) -> int:
    """A signed 64-bit advisory lock key for one database and schema."""
    digest = hashlib.sha256(f"losses serve\0{database}\0{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
