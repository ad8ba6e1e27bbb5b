"""``losses serve``: the scheduler that runs for months, one instance per database.

The main thread waits for the instance lock, then runs a BlockingScheduler until
it is told to stop or loses the lock, and goes back to waiting. Signal handlers
only post a command; a control thread acts on it, because a handler that touched
the scheduler could interrupt the main thread inside the scheduler's own locks.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.events import (
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_SCHEDULER_STARTED,
    JobExecutionEvent,
    SchedulerEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from pipeline.config import ConfigError, Settings, load_settings
from pipeline.dates import utc_now
from pipeline.service.jobs import (
    backfill_job,
    check_job,
    close_interrupted_runs,
    fetch_job,
    sync_configured_sources,
)
from pipeline.service.lock import InstanceLock, instance_lock
from pipeline.service.logging import log_event
from pipeline.service.schedule import parse_schedule
from pipeline.store import Store, migrate

log = logging.getLogger("pipeline.service")

CHECK_JOB_ID = "check"
BACKFILL_JOB_ID = "backfill-if-empty"
LOCK_WATCH_JOB_ID = "lock-watch"
FETCH_JOB_PREFIX = "fetch:"


@dataclass(frozen=True, slots=True)
class _Command:
    name: str  # stop | reload


class Service:
    def __init__(self, settings: Settings, config_path: Path | None) -> None:
        self.settings = settings
        self.config_path = config_path
        self._commands: queue.SimpleQueue[_Command] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._state_lock = threading.Lock()
        self._scheduler: BlockingScheduler | None = None
        self._store: Store | None = None
        self._job_schedules: dict[str, str] = {}
        # Guarded by _in_flight_changed: whether jobs may start, and how many run.
        self._accepting_jobs = False
        self._in_flight = 0
        self._in_flight_changed = threading.Condition()
        self._last_holder: str | None = None
        self.lock: InstanceLock = instance_lock(settings.database_url)

    # --- life cycle --------------------------------------------------------------------

    def run(self) -> int:
        """Serve until stopped by a signal; returns the exit code."""
        self._install_signal_handlers()
        control = threading.Thread(target=self._control_loop, name="control", daemon=True)
        control.start()
        log_event(
            log,
            logging.INFO,
            "service.start",
            pid=os.getpid(),
            database=_masked(self.settings.database_url),
            sources=len(self._enabled_sources()),
        )
        abandoned = False
        try:
            while not self._stopping.is_set():
                if not self._wait_for_lock():
                    continue
                try:
                    abandoned = self._serve_while_holding_lock()
                finally:
                    self.lock.release()
                    log_event(log, logging.INFO, "lock.released", lock=self.lock.location)
                if abandoned:
                    break
        finally:
            self.lock.close()
        log_event(log, logging.INFO, "service.stop", pid=os.getpid())
        if abandoned:
            # Jobs still running past the bound: leave without them. Their open
            # transactions die with the process and roll back, so nothing is partial.
            logging.shutdown()
            os._exit(0)
        return 0

    def _wait_for_lock(self) -> bool:
        """Take the lock, or say who has it and wait one retry interval."""
        retry = self.settings.service.lock_retry_seconds
        try:
            if self.lock.try_acquire():
                self._last_holder = None
                log_event(log, logging.INFO, "lock.acquired", lock=self.lock.location)
                return True
            holder = self.lock.holder()
        except Exception as error:
            log_event(
                log,
                logging.ERROR,
                "lock.unavailable",
                lock=self.lock.location,
                error=_one_line(error),
                retry_seconds=retry,
            )
        else:
            # Said once per holder, not every retry of a standby that waits for months.
            if holder is not None and holder.description != self._last_holder:
                self._last_holder = holder.description
                log_event(
                    log,
                    logging.WARNING,
                    "standby",
                    reason="another service holds the lock; not running jobs",
                    holder=holder.description,
                    since=holder.since.isoformat(timespec="seconds") if holder.since else None,
                    lock=self.lock.location,
                    retry_seconds=retry,
                )
        self._stopping.wait(retry)
        return False

    def _serve_while_holding_lock(self) -> bool:
        """Run the scheduler until stopped or the lock is lost; True if jobs were abandoned."""
        try:
            store = Store.open(self.settings.database_url)
        except Exception as error:
            log_event(log, logging.ERROR, "database.unavailable", error=_one_line(error))
            self._stopping.wait(self.settings.service.lock_retry_seconds)
            return False
        self._store = store
        try:
            log_event(
                log,
                logging.INFO,
                "database.ready",
                database=store.masked_url,
                schema_revision=migrate.current_revision(store.engine),
            )
            sync_configured_sources(store, self.settings)
            # Holding the lock, this instance is the only one running jobs: a run still
            # "running" from before it started was cut off (SIGKILL, power loss).
            close_interrupted_runs(store, started_before=utc_now())
            scheduler = self._build_scheduler()
            with self._state_lock:
                if self._stopping.is_set():
                    return False
                self._scheduler = scheduler
            with self._in_flight_changed:
                self._accepting_jobs = True
            scheduler.start()  # blocks until shut down
            with self._state_lock:
                self._scheduler = None
            return not self._wait_for_jobs_in_flight()
        finally:
            self._store = None
            store.close()

    def _build_scheduler(self) -> BlockingScheduler:
        service = self.settings.service
        scheduler = BlockingScheduler(
            timezone="UTC",
            executors={"default": ThreadPoolExecutor(max_workers=service.max_workers)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": service.misfire_grace_seconds,
            },
        )
        scheduler.add_listener(self._on_started, EVENT_SCHEDULER_STARTED)
        scheduler.add_listener(self._on_job_not_run, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        self._job_schedules = {}
        self._install_jobs(scheduler, self.settings)
        # A newcomer's empty database gets the whole history, beside the first fetches. A
        # recurring job rather than a one-off: APScheduler's loop removes a finished one-off
        # job and fails if a shutdown from another thread removed it first.
        scheduler.add_job(
            self._run_backfill,
            IntervalTrigger(hours=24),
            id=BACKFILL_JOB_ID,
            name="backfill if empty",
            next_run_time=utc_now(),
        )
        scheduler.add_job(
            self._watch_lock,
            IntervalTrigger(seconds=service.lock_retry_seconds),
            id=LOCK_WATCH_JOB_ID,
            name="instance lock watch",
        )
        return scheduler

    def _install_jobs(self, scheduler: BlockingScheduler, settings: Settings) -> None:
        """Make the jobs match the settings; new and changed jobs run right away."""
        wanted: dict[str, tuple[str, Callable[..., Any], tuple[Any, ...]]] = {
            f"{FETCH_JOB_PREFIX}{source.name}": (
                source.schedule or settings.schedule.default,
                self._run_fetch,
                (source.name,),
            )
            for source in settings.sources
            if source.enabled
        }
        wanted[CHECK_JOB_ID] = (settings.schedule.check, self._run_check, ())
        for job_id in list(self._job_schedules):
            if job_id not in wanted:
                scheduler.remove_job(job_id)
                del self._job_schedules[job_id]
        for job_id, (schedule, function, arguments) in wanted.items():
            if self._job_schedules.get(job_id) == schedule:
                continue
            # Replacing restarts the job's schedule, with one run now (catching up).
            scheduler.add_job(
                function,
                parse_schedule(schedule),
                args=arguments,
                id=job_id,
                name=job_id,
                next_run_time=utc_now(),
                replace_existing=True,
            )
            self._job_schedules[job_id] = schedule

    def _wait_for_jobs_in_flight(self) -> bool:
        """Let running jobs finish, within the bound; True if they all did."""
        timeout = self.settings.service.shutdown_timeout_seconds
        with self._in_flight_changed:
            self._accepting_jobs = False
            if self._in_flight:
                log_event(
                    log, logging.INFO, "jobs.finishing", jobs=self._in_flight, timeout=timeout
                )
            finished = self._in_flight_changed.wait_for(lambda: self._in_flight == 0, timeout)
            if not finished:
                log_event(
                    log,
                    logging.WARNING,
                    "jobs.abandoned",
                    jobs=self._in_flight,
                    reason=f"still running after {timeout:g} s; their transactions roll back",
                )
        return finished

    # --- jobs --------------------------------------------------------------------------

    def _tracked(self, name: str, job: Callable[[Store], str]) -> None:
        store = self._store
        with self._in_flight_changed:
            # Runs queued before a shutdown still reach the pool; they must not start.
            if not self._accepting_jobs or store is None:
                return
            self._in_flight += 1
        try:
            job(store)
        except Exception:
            log.exception("job.failed", extra={"event_fields": {"job": name}})
        finally:
            with self._in_flight_changed:
                self._in_flight -= 1
                self._in_flight_changed.notify_all()

    def _run_fetch(self, source_name: str) -> None:
        settings = self.settings
        try:
            source = settings.source(source_name)
        except ConfigError:
            return  # removed by a reload while the run waited
        self._tracked(f"fetch {source_name}", lambda store: fetch_job(store, settings, source))

    def _run_check(self) -> None:
        self._tracked("check", check_job)

    def _run_backfill(self) -> None:
        settings = self.settings
        self._tracked("backfill", lambda store: backfill_job(store, settings))

    def _watch_lock(self) -> None:
        if self.lock.still_held():
            return
        log_event(
            log,
            logging.ERROR,
            "lock.lost",
            lock=self.lock.location,
            reason="stopping the jobs; another instance may take over",
        )
        self._shutdown_scheduler()

    # --- signals and commands -----------------------------------------------------------

    def _install_signal_handlers(self) -> None:
        def post(command: str) -> Callable[[int, FrameType | None], None]:
            # SimpleQueue.put is safe to call from a signal handler.
            return lambda _signum, _frame: self._commands.put(_Command(command))

        signal.signal(signal.SIGTERM, post("stop"))
        signal.signal(signal.SIGINT, post("stop"))
        signal.signal(signal.SIGHUP, post("reload"))

    def _control_loop(self) -> None:
        while True:
            command = self._commands.get()
            if command.name == "stop":
                log_event(log, logging.INFO, "service.stopping")
                self._stopping.set()
                self._shutdown_scheduler()
            elif command.name == "reload":
                self._reload()

    def _on_started(self, _event: SchedulerEvent) -> None:
        # A stop that arrived while the scheduler was starting found nothing to shut down.
        if self._stopping.is_set():
            self._shutdown_scheduler()

    def _shutdown_scheduler(self) -> None:
        with self._in_flight_changed:
            self._accepting_jobs = False
        with self._state_lock:
            scheduler = self._scheduler
        if scheduler is None or not scheduler.running:
            return
        # The scheduler-started listener and the control thread may both get here.
        with contextlib.suppress(SchedulerNotRunningError):
            scheduler.shutdown(wait=False)

    def _on_job_not_run(self, event: SchedulerEvent) -> None:
        if event.code == EVENT_JOB_MISSED and isinstance(event, JobExecutionEvent):
            log_event(
                log,
                logging.WARNING,
                "job.missed",
                job=event.job_id,
                scheduled=event.scheduled_run_time.isoformat(timespec="seconds"),
            )
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            # The previous run of this job is still going; this one is simply not needed.
            log_event(log, logging.INFO, "job.still_running", job=getattr(event, "job_id", None))

    def _reload(self) -> None:
        try:
            settings = load_settings(self.config_path)
        except ConfigError as error:
            log_event(
                log, logging.ERROR, "config.reload_failed", error=str(error), kept="old config"
            )
            return
        if settings.database_url != self.settings.database_url:
            log_event(
                log,
                logging.WARNING,
                "config.database_unchanged",
                reason="database_url changed; restart the service to switch databases",
            )
            settings = settings.model_copy(update={"database_url": self.settings.database_url})
        self.settings = settings
        with self._state_lock:
            scheduler, store = self._scheduler, self._store
        if scheduler is not None and store is not None and scheduler.running:
            try:
                sync_configured_sources(store, settings)
                self._install_jobs(scheduler, settings)
            except Exception as error:
                log_event(log, logging.ERROR, "config.reload_failed", error=_one_line(error))
                return
        log_event(
            log,
            logging.INFO,
            "config.reloaded",
            config=str(self.config_path) if self.config_path else None,
            sources=len(self._enabled_sources()),
        )

    def _enabled_sources(self) -> list[str]:
        return [source.name for source in self.settings.sources if source.enabled]


def _masked(database_url: str) -> str:
    from pipeline.store.db import mask_url

    return mask_url(database_url)


def _one_line(error: BaseException) -> str:
    reason = str(getattr(error, "orig", None) or error).strip()
    return f"{type(error).__name__}: {reason.splitlines()[0] if reason else ''}"


def serve(settings: Settings, config_path: Path | None) -> int:
    """Run the service in the foreground; the exit code for the process."""
    return Service(settings, config_path).run()
