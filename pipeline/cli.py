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


def _iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-01-28") from None


def _category_keys(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> Any:
    from pipeline.categories import BY_KEY, CATEGORY_KEYS

    unknown = [value for value in values if value not in BY_KEY]
    if unknown:
        raise click.BadParameter(
            f"unknown {', '.join(unknown)}; categories are: {', '.join(CATEGORY_KEYS)}"
        )
    return values


since_option = click.option(
    "--since", callback=_iso_date, metavar="DATE", help="First report date (YYYY-MM-DD)."
)
until_option = click.option(
    "--until", callback=_iso_date, metavar="DATE", help="Last report date (YYYY-MM-DD)."
)
category_option = click.option(
    "--category",
    "categories",
    multiple=True,
    callback=_category_keys,
    metavar="KEY",
    help="Only this category (repeatable), e.g. --category personnel --category tanks.",
)
output_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="A table in the terminal, or CSV / JSON to stdout.",
)

RECENT_PERIODS = 7


def _print_output(rendered: Any) -> None:
    from rich.console import Console
    from rich.measure import Measurement

    if isinstance(rendered, str):
        click.echo(rendered, nl=not rendered.endswith("\n"))
        return
    console = Console()
    # A table wider than the terminal is printed whole (the terminal wraps the
    # lines) rather than squeezed into folded or truncated numbers.
    needed = Measurement.get(console, console.options.update_width(10_000), rendered).maximum
    if needed > console.width:
        console = Console(width=needed)
    console.print(rendered)


@main.command()
@since_option
@until_option
@category_option
@click.option("--wide/--long", default=True, help="One row per date (wide) or per figure (long).")
@click.option("--weekly", "period", flag_value="week", help="Sums of daily changes per week.")
@click.option("--monthly", "period", flag_value="month", help="Sums of daily changes per month.")
@output_option
@with_settings
def show(
    since: Any,
    until: Any,
    categories: tuple[str, ...],
    wide: bool,
    period: str | None,
    output_format: str,
    settings: Settings,
) -> None:
    """Totals and changes per day (or week, month); without --since, the latest 7."""
    from pipeline.analysis import show as layouts
    from pipeline.analysis.tables import render
    from pipeline.store.series import daily_values, period_values, recent_start

    with open_store(settings) as store, store.reader() as session:
        if since is None and until is None:
            since = recent_start(session, RECENT_PERIODS, period)  # type: ignore[arg-type]
        if period is None:
            values = daily_values(session, since, until, categories)
            shown = (
                layouts.daily_for_terminal(values)
                if output_format == "table" and wide
                else layouts.daily_records(values, wide)
            )
        else:
            periods = period_values(session, period, since, until, categories)  # type: ignore[arg-type]
            shown = (
                layouts.periods_for_terminal(periods)
                if output_format == "table" and wide
                else layouts.period_records(periods, wide)
            )
    if not shown.rows:
        fail("no figures in the database for that range and those categories", 1)
    title = {None: "daily", "week": "weekly", "month": "monthly"}[period]
    _print_output(render(output_format, shown.columns, shown.rows, f"Russian losses, {title}"))


@main.command()
@click.argument("statement")
@output_option
@with_settings
def sql(statement: str, output_format: str, settings: Settings) -> None:
    """Run one read-only SQL STATEMENT against the database and print the result.

    The database is opened read-only; statements that write are refused.
    """
    from pipeline.analysis.tables import render
    from pipeline.store import migrate
    from pipeline.store.readonly import (
        QueryFailed,
        RefusedStatement,
        check_read_only,
        run_read_only,
    )

    try:
        check_read_only(statement)
    except RefusedStatement as error:
        fail(str(error))
    # Bring the schema (and its views) up to date first; the query itself runs read-only.
    with open_store(settings) as store:
        masked = store.masked_url
        revision = migrate.current_revision(store.engine)
    try:
        result = run_read_only(settings.database_url, statement)
    except (RefusedStatement, FileNotFoundError) as error:
        fail(str(error))
    except QueryFailed as error:
        fail(f"the database could not run the query: {error}", 1)
    if output_format == "table":
        click.echo(f"{masked} (schema {revision}): {len(result.rows):,} rows", err=True)
    _print_output(render(output_format, result.columns, result.rows))


EXPORT_FORMATS = ["csv", "json", "parquet", "petroivaniuk", "russianwarship"]


def _log_to_stderr() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _fetch_and_report(settings: Settings, store: Store, names: tuple[str, ...]) -> None:
    from rich.console import Console
    from rich.table import Table

    from pipeline.ingest import fetch_all

    summaries = fetch_all(store, settings, names)
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
    from pipeline.config import ConfigError
    from pipeline.ingest import select_sources

    _log_to_stderr()
    # An unknown --source is a usage error before the database is touched.
    try:
        select_sources(settings, names)
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
        _backfill_if_empty(settings, store)
        _fetch_and_report(settings, store, ())


@main.command()
@click.option(
    "--format",
    "export_format",
    type=click.Choice(EXPORT_FORMATS),
    default="csv",
    show_default=True,
    help="Our wide and long tables as csv/json/parquet, or a public dataset's own files.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("export"),
    show_default=True,
    help="Directory to write into (created if missing).",
)
@since_option
@until_option
@with_settings
def export(export_format: str, out_dir: Path, since: Any, until: Any, settings: Settings) -> None:
    """Write the series to files: ours, or drop-in files of PetroIvaniuk's dataset or the
    russianwarship.rip API."""

    from pipeline.analysis.export import own_files, write_files
    from pipeline.analysis.optional import MissingExtra
    from pipeline.analysis.petroivaniuk import petroivaniuk_files
    from pipeline.analysis.russianwarship import russianwarship_files
    from pipeline.store.series import daily_values

    with open_store(settings) as store, store.reader() as session:
        values = daily_values(session, since, until)
    if not values:
        fail("no figures in the database for that range: nothing to export", 1)
    if export_format == "petroivaniuk":
        files = petroivaniuk_files(values)
    elif export_format == "russianwarship":
        files = russianwarship_files(values)
    else:
        files = own_files(values, export_format)  # type: ignore[arg-type]
    total_rows = sum(len(file.records) for file in files)
    try:
        with _progress() as progress:
            task = progress.add_task(f"exporting {export_format}", total=total_rows)
            written = write_files(files, out_dir, lambda rows: progress.advance(task, rows))
    except MissingExtra as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write into {out_dir}: {error}", 1)
    for path in written:
        click.echo(str(path))


@main.command()
@category_option
@since_option
@until_option
@click.option(
    "--rolling",
    default=7,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="DAYS",
    help="Window of the rolling mean, in days.",
)
@click.option("--cumulative", is_flag=True, help="Plot cumulative totals instead of changes.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("losses.png"),
    show_default=True,
    help="Chart file, .png or .svg.",
)
@with_settings
def plot(
    categories: tuple[str, ...],
    since: Any,
    until: Any,
    rolling: int,
    cumulative: bool,
    out: Path,
    settings: Settings,
) -> None:
    """Chart daily changes with a rolling mean (or totals), one panel per category."""
    from pipeline.analysis.optional import MissingExtra
    from pipeline.analysis.plot import ChartSpec, plot_losses
    from pipeline.store.series import daily_values

    with open_store(settings) as store, store.reader() as session:
        values = daily_values(session, since, until, categories or ("personnel",))
    try:
        path = plot_losses(values, out, ChartSpec(rolling_days=rolling, cumulative=cumulative))
    except (MissingExtra, ValueError) as error:
        fail(str(error))
    click.echo(str(path))


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

    from pipeline.ingest import documents_to_reparse
    from pipeline.ingest import reparse as reparse_documents

    _log_to_stderr()
    with open_store(settings) as store:
        document_ids = documents_to_reparse(store, since.date() if since else None)
        with _progress() as progress:
            task = progress.add_task("reparsing", total=len(document_ids))
            counts = reparse_documents(
                store, document_ids, on_progress=lambda: progress.advance(task)
            )
        click.echo(
            f"reparsed {len(document_ids)} documents: {counts.observations_new} new observations,"
            f" {counts.air_attacks_new} new air attacks, {counts.documents_failed} failed"
        )


def _backfill_progress() -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn

    return _progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[step]}"),
    )


def _progress(*columns: Any) -> Any:
    """A progress bar on standard error, shown only to a person at a terminal: cron logs and
    pipes get the results alone."""
    from rich.progress import Progress

    return Progress(
        *columns, transient=True, console=_stderr_console(), disable=not sys.stderr.isatty()
    )


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _report_backfill(result: Any) -> None:
    counts = result.counts
    click.echo(
        f"backfill: {counts.documents_new} new documents ({counts.documents_unchanged} already"
        f" stored), {counts.observations_new} new observations"
    )
    for failure in result.failures:
        click.echo(f"error: {failure}", err=True)


def _backfill_if_empty(settings: Settings, store: Store) -> None:
    """A newcomer's first run: load the whole history before the daily fetch."""
    from pipeline.backfill import backfill_sources, series_is_empty, structured_sources

    if not series_is_empty(store) or not structured_sources(settings):
        return
    click.echo("empty database: backfilling the history from the structured sources first")
    with _backfill_progress() as progress:
        task = progress.add_task("backfill", total=None, step="")
        result = backfill_sources(
            store,
            settings,
            progress=lambda done, total, step: progress.update(
                task, completed=done, total=total, step=step
            ),
        )
    _report_backfill(result)


@main.command()
@click.option("--source", "source_name", metavar="NAME", help="Only this structured source.")
@click.option(
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="First date."
)
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Last date.")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Load a local copy instead (repeatable; format detected from the content).",
)
@with_settings
def backfill(
    source_name: str | None,
    since: Any,
    until: Any,
    files: tuple[Path, ...],
    settings: Settings,
) -> None:
    """Load the whole history of the structured sources (idempotent: a rerun adds nothing).

    With --file, load local copies (russianwarship.rip API answers, the PetroIvaniuk
    dataset JSON files, minfin casualties pages); --source files them under that source.
    Exit code 0 on success, 1 when a source or file could not be read, 2 for usage errors.
    """
    from pipeline.backfill import BackfillError, backfill_files, backfill_sources

    with open_store(settings) as store, _backfill_progress() as progress:
        task = progress.add_task("backfill", total=len(files) or None, step="")

        def report(done: int, total: int, step: str) -> None:
            progress.update(task, completed=done, total=total, step=step)

        try:
            if files:
                result = backfill_files(
                    store, settings, files, source_name=source_name, progress=report
                )
            else:
                result = backfill_sources(
                    store,
                    settings,
                    source_name=source_name,
                    since=since.date() if since else None,
                    until=until.date() if until else None,
                    progress=report,
                )
        except BackfillError as error:
            progress.stop()
            fail(str(error))
    _report_backfill(result)
    if result.failures:
        sys.exit(1)


@main.command()
@click.option(
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="First date."
)
@click.option("--json", "as_json", is_flag=True, help="Findings as JSON.")
@with_settings
def check(since: Any, as_json: bool, settings: Settings) -> None:
    """Quality checks of the stored series: one line per finding, a summary at the end.

    Exit code 0 when nothing is at error severity, 1 otherwise.
    """
    import json

    from pipeline.quality import has_errors, run_checks
    from pipeline.quality.report import render_text

    with open_store(settings) as store, store.reader() as session:
        findings = run_checks(session, since.date() if since else None)
    if as_json:
        click.echo(json.dumps([finding.as_dict() for finding in findings], indent=2))
    else:
        click.echo(render_text(findings), nl=False)
    sys.exit(1 if has_errors(findings) else 0)


@main.command()
@click.option("--date", "report_date", type=click.DateTime(formats=["%Y-%m-%d"]), required=True)
@click.option("--category", required=True, help="Category key, e.g. tanks.")
@with_settings
def history(report_date: Any, category: str, settings: Settings) -> None:
    """How one daily total changed over time, and what each source said."""
    from pipeline.categories import BY_KEY
    from pipeline.store.queries import source_values, value_history

    if category not in BY_KEY:
        fail(f"unknown category {category!r} (known: {', '.join(BY_KEY)})")
    day = report_date.date()
    with open_store(settings) as store, store.reader() as session:
        versions = value_history(session, day, category)
        stated = source_values(session, day, category)
    if not versions and not stated:
        fail(f"nothing stored for {category} on {day}", 1)
    click.echo(f"{category} on {day}:")
    for version in versions:
        until = version.valid_to.isoformat(timespec="seconds") if version.valid_to else "now"
        change = "" if version.change is None else f" ({version.change:+,})"
        click.echo(
            f"  {version.total:,}{change}  {version.rule}, {version.sources} source(s),"
            f" valid {version.valid_from.isoformat(timespec='seconds')} .. {until}"
        )
    click.echo("what each source said (oldest first):")
    for row in stated:
        change = "" if row.reported_change is None else f" ({row.reported_change:+,})"
        click.echo(
            f"  {row.observed_at.isoformat(timespec='seconds')}  {row.source}: {row.total:,}"
            f"{change}  {row.url or ''}"
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
