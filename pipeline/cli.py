"""The ``losses`` command: wiring only. Every stage lives in its own package.

Imports of the stages happen inside the commands so that ``losses --help``
starts quickly.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from pipeline.config import Settings
    from pipeline.ingest import SourceSummary
    from pipeline.store import Store

F = TypeVar("F", bound=Callable[..., Any])

EXIT_SOURCES_FAILED = 1
EXIT_USAGE = 2


def fail(message: str, exit_code: int = EXIT_USAGE) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(exit_code)


def with_settings(command: F) -> F:
    """Add ``--config PATH`` and hand the command its validated ``settings``."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Config file (default: $LOSSES_CONFIG, else ./config/losses.toml).",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, config_path: Path | None, **kwargs: Any) -> Any:
        from pipeline.config import ConfigError, load_settings

        try:
            settings = load_settings(config_path)
        except ConfigError as error:
            fail(str(error))
        return command(*args, settings=settings, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextmanager
def open_store(settings: Settings, *, upgrade: bool = True) -> Iterator[Store]:
    """The configured database, upgraded to the newest schema unless told otherwise."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from pipeline.store import Store
    from pipeline.store.db import mask_url

    try:
        store = Store.open(settings.database_url, upgrade=upgrade)
    except (OperationalError, ArgumentError, ModuleNotFoundError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        fail(f"cannot open database {mask_url(settings.database_url)}: {reason}")
    try:
        yield store
    finally:
        store.close()


@click.group()
@click.version_option(package_name="losses-pipeline")
def main() -> None:
    """Russian combat losses as reported by Ukraine's General Staff, with provenance."""


@main.group()
def db() -> None:
    """Schema migrations."""


@db.command("upgrade")
@click.argument("revision", default="head")
@with_settings
def db_upgrade(revision: str, settings: Settings) -> None:
    """Upgrade the database schema (default: to the newest revision)."""
    from pipeline.store import migrate

    with open_store(settings, upgrade=False) as store:
        migrate.upgrade(store.engine, revision)
        click.echo(f"{store.masked_url}: at revision {migrate.current_revision(store.engine)}")


@db.command("downgrade")
@click.argument("revision")
@with_settings
def db_downgrade(revision: str, settings: Settings) -> None:
    """Downgrade the database schema to REVISION ("base" empties it)."""
    from pipeline.store import migrate

    with open_store(settings, upgrade=False) as store:
        migrate.downgrade(store.engine, revision)
        current = migrate.current_revision(store.engine) or "base (empty)"
        click.echo(f"{store.masked_url}: at revision {current}")


@db.command("current")
@with_settings
def db_current(settings: Settings) -> None:
    """Show the schema revision of the database and the newest one available."""
    from pipeline.store import migrate

    with open_store(settings, upgrade=False) as store:
        current = migrate.current_revision(store.engine) or "base (empty)"
        click.echo(f"{store.masked_url}: {current} (newest: {migrate.head_revision(store.engine)})")


@db.command("grant-readonly")
@click.argument("role")
@with_settings
def db_grant_readonly(role: str, settings: Settings) -> None:
    """Let an existing PostgreSQL ROLE read every table and view, and write nothing."""
    from pipeline.store.roles import RoleError, grant_readonly

    with open_store(settings) as store:
        try:
            statements = grant_readonly(store.engine, role)
        except RoleError as error:
            fail(str(error))
    for statement in statements:
        click.echo(f"{statement};")
    click.echo(f"{role} can now read {store.masked_url}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as one JSON object.")
@with_settings
def status(as_json: bool, settings: Settings) -> None:
    """Database, sources, freshness and service; exit 1 when the figures are stale.

    Stale: the newest General Staff figures are older than `stale_after_hours`
    (counted from the start of their report date, Kyiv time), or there are none.
    """
    from pipeline.service.status import build_status, print_status, status_as_json

    with open_store(settings) as store:
        report = build_status(store, settings)
    if as_json:
        import json

        click.echo(json.dumps(status_as_json(report), ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        print_status(report, Console())
    if report.stale:
        sys.exit(1)


@main.command()
@click.option(
    "--log-format",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
    help="One line per event, for people or as JSON lines.",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
)
@with_settings
@click.pass_context
def serve(ctx: click.Context, log_format: str, log_level: str, settings: Settings) -> None:
    """Run the scheduler in the foreground until SIGTERM or SIGINT; SIGHUP reloads the config.

    Fetches every enabled source on its schedule and runs the daily quality check;
    every job also runs once at start-up. One service per database: a second one
    waits as a standby and takes over when the first stops or dies.
    """
    import logging

    from pipeline.config import resolve_config_path
    from pipeline.service.lock import LockUnavailable
    from pipeline.service.logging import setup_logging
    from pipeline.service.service import serve as run_service

    setup_logging("json" if log_format == "json" else "human", getattr(logging, log_level.upper()))
    try:
        code = run_service(settings, resolve_config_path(ctx.params.get("config_path")))
    except LockUnavailable as error:
        fail(str(error))
    sys.exit(code)


def _log_to_stderr() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _fetch_and_report(settings: Settings, store: Store, names: tuple[str, ...]) -> None:
    from rich.console import Console
    from rich.table import Table

    from pipeline.config import ConfigError
    from pipeline.ingest import fetch_all

    try:
        summaries = fetch_all(store, settings, names)
    except ConfigError as error:
        fail(str(error))
    table = Table("source", "status", "new", "unchanged", "errors")
    for summary in summaries:
        table.add_row(
            summary.name,
            summary.status,
            str(summary.counts.documents_new),
            str(summary.counts.documents_unchanged),
            str(len(summary.errors)),
        )
    Console().print(table)
    _exit_for(summaries)


def _exit_for(summaries: list[SourceSummary]) -> None:
    failed = [summary for summary in summaries if not summary.succeeded]
    if not summaries:
        click.echo("no enabled sources in the configuration")
    for summary in failed:
        for message in summary.errors:
            click.echo(f"{summary.name}: {message}", err=True)
    if failed:
        names = ", ".join(summary.name for summary in failed)
        fail(f"{len(failed)} of {len(summaries)} sources failed: {names}", EXIT_SOURCES_FAILED)


@main.command()
@click.option(
    "--source",
    "names",
    multiple=True,
    metavar="NAME",
    help="Fetch only this source (repeatable; also fetches a disabled source).",
)
@with_settings
def fetch(names: tuple[str, ...], settings: Settings) -> None:
    """Fetch every enabled source once; archive, parse and store what is new.

    Exit code 0 when every source succeeded, 1 when some failed, 2 for usage errors.
    """
    _log_to_stderr()
    if names:
        from pipeline.config import ConfigError

        try:
            for name in names:
                settings.source(name)
        except ConfigError as error:
            fail(str(error))
    with open_store(settings) as store:
        _fetch_and_report(settings, store, names)


@main.command()
@with_settings
def run(settings: Settings) -> None:
    """The main job: bring the database to the newest schema, then fetch every source."""
    from pipeline.store import migrate

    _log_to_stderr()
    with open_store(settings, upgrade=False) as store:
        migrate.upgrade(store.engine, "head")
        click.echo(f"{store.masked_url}: at revision {migrate.current_revision(store.engine)}")
        _fetch_and_report(settings, store, ())


@main.command()
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only documents fetched on or after this date (YYYY-MM-DD, Kyiv).",
)
@with_settings
def reparse(since: dt.datetime | None, settings: Settings) -> None:
    """Run the current parser over archived documents an older parser read.

    New figures are appended as observations; daily totals they change are superseded.
    """
    from rich.progress import Progress

    from pipeline.ingest import documents_to_reparse
    from pipeline.ingest import reparse as reparse_documents

    _log_to_stderr()
    with open_store(settings) as store:
        document_ids = documents_to_reparse(store, since.date() if since else None)
        with Progress(transient=True) as progress:
            task = progress.add_task("reparsing", total=len(document_ids))
            counts = reparse_documents(
                store, document_ids, on_progress=lambda: progress.advance(task)
            )
        click.echo(
            f"reparsed {len(document_ids)} documents: {counts.observations_new} new observations,"
            f" {counts.air_attacks_new} new air attacks, {counts.documents_failed} failed"
        )


@main.command("parse")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date (YYYY-MM-DD): fills in years and undated bulletins.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input, one per line.")
def parse(paths: tuple[str, ...], published: Any, as_json: bool) -> None:
    """Parse bulletin files (or stdin) and show what the parser reads in them."""
    from pipeline.parse import parse_document
    from pipeline.parse.report import content_type_of, json_line, summary_text

    for path in paths or ("-",):
        with click.open_file(path, "rb") as stream:
            # Bytes that are not UTF-8 become U+FFFD rather than stopping the run.
            text = stream.read().decode("utf-8", errors="replace")
        result = parse_document(
            text,
            published=published.date() if published else None,
            content_type=content_type_of(path),
        )
        if as_json:
            click.echo(json_line(path, result))
        else:
            click.echo(f"== {path}")
            click.echo(summary_text(result))
