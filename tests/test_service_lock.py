"""The instance lock: one holder per database, released when the holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy.engine import make_url

from pipeline.service.lock import LockUnavailable, advisory_key, instance_lock
from tests.service_harness import REPO_ROOT, wait_for

HOLD_LOCK_SCRIPT = """
import sys, time
from pipeline.service.lock import instance_lock
lock = instance_lock(sys.argv[1])
assert lock.try_acquire()
print("held", flush=True)
time.sleep(120)
"""


def test_a_second_instance_is_refused_and_told_who_holds_the_lock(database_url: str) -> None:
    first, second = instance_lock(database_url), instance_lock(database_url)
    try:
        assert first.try_acquire()
        assert not second.try_acquire()
        holder = second.holder()
        assert holder is not None
        assert holder.description.startswith("losses serve pid ")
        assert holder.since is not None

        first.release()

        assert second.holder() is None
        assert second.try_acquire()
        assert second.still_held()
    finally:
        first.close()
        second.close()


def test_the_lock_is_released_when_its_holder_is_killed(database_url: str) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK_SCRIPT, database_url],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    lock = instance_lock(database_url)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert not lock.try_acquire()

        holder.send_signal(signal.SIGKILL)
        holder.wait(30)

        assert wait_for(lock.try_acquire, "the dead holder's lock", deadline=15)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(30)
        lock.close()


def test_postgresql_locks_of_different_schemas_do_not_collide(postgres_url: str) -> None:
    other_schema = (
        make_url(postgres_url)
        .update_query_dict({"options": "-csearch_path=pg_catalog"})
        .render_as_string(hide_password=False)
    )
    ours, theirs = instance_lock(postgres_url), instance_lock(other_schema)
    try:
        assert ours.try_acquire()
        assert theirs.try_acquire()
    finally:
        ours.close()
        theirs.close()
    assert advisory_key("test", "a") != advisory_key("test", "b")


def test_a_sqlite_lock_file_that_is_replaced_counts_as_lost(sqlite_url: str) -> None:
    lock = instance_lock(sqlite_url)
    path = make_url(sqlite_url).database + ".lock"
    try:
        assert lock.try_acquire()
        assert lock.still_held()
        # Someone "cleans up" the lock file: a second instance could now lock a new one.
        os.unlink(path)
        assert not lock.still_held()
    finally:
        lock.close()


def test_an_in_memory_database_cannot_carry_a_service_lock() -> None:
    with pytest.raises(LockUnavailable, match="database file"):
        instance_lock("sqlite://")
