"""Fill a store with the real reference series, through the store's own API.

Shared by the tests that need a loaded database: one archived document per
bulletin date (as a real source would give), observations, reconciliation; and
the Air Force's nights summed from the per-model attack table.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.store import AirAttackFigures, Figure, NewDocument, SourceSpec, Store
from pipeline.store.archive import archive_document, mark_parsed, sync_sources
from pipeline.store.observations import add_air_attack, add_observations
from pipeline.store.reconcile import reconcile, reconcile_air_attack_nights
from tests.conftest import postgres_schema
from tests.reference import PETROIVANIUK_COLUMNS, load_romansverdan

# The parser version these hand-made readings carry.
READING = "test-1"

REFERENCE_SOURCE = SourceSpec(
    "petroivaniuk",
    "dataset_json",
    "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset",
    priority=30,
)
MINFIN_SOURCE = SourceSpec(
    "minfin",
    "html",
    "https://index.minfin.com.ua/en/russian-invading/casualties/",
    priority=20,
)
AIR_FORCE_SOURCE = SourceSpec(
    "airforce-dataset",
    "table",
    "https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine",
    priority=30,
)
# The reference file says "about" or "more"; the parser's vocabulary is "about" / "more than".
QUALIFIERS = {"about": "about", "more": "more than"}
# Models missing from airforce_missiles_and_uavs.csv that are drones.
EXTRA_DRONE_MODELS = {"Фенікс", "Картограф", "Привет-82"}


@dataclass(frozen=True, slots=True)
class ReferenceDay:
    totals: dict[str, int]
    personnel_qualifier: str | None


@functools.cache
def reference_days(reference_dir: Path) -> dict[dt.date, ReferenceDay]:
    """Every date of gs_losses_daily_petroivaniuk.csv with its totals and personnel qualifier."""
    days: dict[dt.date, ReferenceDay] = {}
    with (reference_dir / "gs_losses_daily_petroivaniuk.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            totals = {
                key: int(float(row[column]))
                for column, key in PETROIVANIUK_COLUMNS.items()
                if row[column] not in ("", None)
            }
            qualifier = QUALIFIERS.get(row["personnel_qualifier"])
            days[dt.date.fromisoformat(row["date"])] = ReferenceDay(totals, qualifier)
    return days


def load_reference(
    store: Store,
    reference_dir: Path,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    skip: frozenset[dt.date] = frozenset(),
    reported_changes: bool = False,
) -> dict[dt.date, ReferenceDay]:
    """Load the reference bulletins dated ``start``..``end`` (inclusive; default all).

    ``skip``: dates left out, as if no bulletin of that day had been fetched.
    ``reported_changes``: give each figure the "(+N)" its bulletin printed, the
    difference to the reference's previous day.
    """
    every_day = reference_days(reference_dir)
    days = {
        report_date: day
        for report_date, day in every_day.items()
        if (start is None or report_date >= start)
        and (end is None or report_date <= end)
        and report_date not in skip
    }
    with store.transaction() as session:
        source_id = sync_sources(session, [REFERENCE_SOURCE])[REFERENCE_SOURCE.name]
        for report_date, day in sorted(days.items()):
            previous = every_day.get(report_date - dt.timedelta(days=1))
            document_id = archive_document(
                session,
                source_id,
                NewDocument(
                    content=f"{report_date} {sorted(day.totals.items())}".encode(),
                    content_type="application/json",
                    url=f"{REFERENCE_SOURCE.url}/blob/main/data/russia_losses_equipment.json#{report_date}",
                    title=f"Russian losses as of {report_date}",
                ),
            )
            assert document_id is not None
            figures = [
                Figure(
                    report_date,
                    key,
                    total,
                    reported_change=(
                        total - previous.totals[key]
                        if reported_changes and previous and key in previous.totals
                        else None
                    ),
                    qualifier=day.personnel_qualifier if key == "personnel" else None,
                )
                for key, total in day.totals.items()
            ]
            mark_parsed(session, document_id, status="parsed", parser_version=READING)
            add_observations(session, document_id, source_id, figures, READING)
        reconcile(session)
    return days


def load_minfin(
    store: Store,
    reference_dir: Path,
    start: dt.date,
    end: dt.date,
    *,
    skip: frozenset[dt.date] = frozenset(),
) -> dict[dt.date, dict[str, int]]:
    """Load the second source (minfin, via romansverdan) for ``start``..``end``.

    It disagrees with the reference on some days (crosscheck_petroivaniuk_vs_romansverdan.csv)
    and has the better priority, so loading it after the reference revises those totals.
    """
    days = {
        report_date: totals
        for report_date, totals in load_romansverdan(reference_dir).items()
        if start <= report_date <= end and report_date not in skip
    }
    with store.transaction() as session:
        source_id = sync_sources(session, [MINFIN_SOURCE])[MINFIN_SOURCE.name]
        for report_date, totals in sorted(days.items()):
            document_id = archive_document(
                session,
                source_id,
                NewDocument(
                    content=f"minfin {report_date} {sorted(totals.items())}".encode(),
                    content_type="text/html",
                    url=f"{MINFIN_SOURCE.url}{report_date:%Y-%m}/",
                    title=f"Losses of the Russian army as of {report_date}",
                ),
            )
            assert document_id is not None
            mark_parsed(session, document_id, status="parsed", parser_version=READING)
            add_observations(
                session,
                document_id,
                source_id,
                [Figure(report_date, key, total) for key, total in totals.items()],
                READING,
            )
        reconcile(session)
    return days


@dataclass(frozen=True, slots=True)
class Night:
    drones_launched: int
    missiles_launched: int
    drones_shot_down: int
    missiles_shot_down: int
    lost_locationally: int

    @property
    def launched(self) -> int:
        return self.drones_launched + self.missiles_launched

    @property
    def shot_down(self) -> int:
        return self.drones_shot_down + self.missiles_shot_down


def _drone_models(reference_dir: Path) -> set[str]:
    with (reference_dir / "airforce_missiles_and_uavs.csv").open(encoding="utf-8") as handle:
        return {row["model"] for row in csv.DictReader(handle) if row["category"] == "UAV"}


@functools.cache
def reference_nights(reference_dir: Path) -> dict[dt.date, Night]:
    """The per-model attack table summed per night (the date the attack ended)."""
    drones = _drone_models(reference_dir) | EXTRA_DRONE_MODELS
    sums: dict[dt.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    path = reference_dir / "airforce_missile_attacks_daily.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            night = sums[dt.date.fromisoformat(row["time_end"].strip()[:10])]
            kind = "drones" if any(p in drones for p in row["model"].split(" and ")) else "missiles"
            night[f"{kind}_launched"] += float(row["launched"] or 0)
            night[f"{kind}_shot_down"] += float(row["destroyed"] or 0)
            night["lost_locationally"] += float(row["not_reach_goal"] or 0)
    return {
        night_date: Night(
            drones_launched=round(values["drones_launched"]),
            missiles_launched=round(values["missiles_launched"]),
            drones_shot_down=round(values["drones_shot_down"]),
            missiles_shot_down=round(values["missiles_shot_down"]),
            lost_locationally=round(values["lost_locationally"]),
        )
        for night_date, values in sums.items()
    }


def load_air_attacks(
    store: Store,
    reference_dir: Path,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[dt.date, Night]:
    """Store each night as one Air Force report and reconcile the canonical nights."""
    nights = {
        night_date: night
        for night_date, night in reference_nights(reference_dir).items()
        if (start is None or night_date >= start) and (end is None or night_date <= end)
    }
    with store.transaction() as session:
        source_id = sync_sources(session, [AIR_FORCE_SOURCE])[AIR_FORCE_SOURCE.name]
        document_id = archive_document(
            session,
            source_id,
            NewDocument(
                content=f"air attacks {min(nights)}..{max(nights)}".encode(),
                content_type="text/csv",
                url=AIR_FORCE_SOURCE.url,
            ),
        )
        assert document_id is not None
        mark_parsed(session, document_id, status="parsed", parser_version=READING)
        for night_date, night in sorted(nights.items()):
            add_air_attack(
                session,
                document_id,
                source_id,
                AirAttackFigures(
                    report_date=night_date,
                    drones_launched=night.drones_launched,
                    missiles_launched=night.missiles_launched,
                    drones_shot_down=night.drones_shot_down,
                    missiles_shot_down=night.missiles_shot_down,
                    lost_locationally=night.lost_locationally,
                ),
                READING,
            )
        reconcile_air_attack_nights(session, nights)
    return nights


@contextmanager
def scratch_database(dialect: str, directory: Path) -> Iterator[str]:
    """A database URL of its own for a module's worth of read-only tests.

    The ``store`` fixture makes a fresh database per test; loading many months
    once per module and only reading it afterwards keeps the suite fast.
    """
    if dialect == "sqlite":
        yield f"sqlite:///{directory / 'loaded.db'}"
        return
    with postgres_schema() as url:
        yield url


DIALECTS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
