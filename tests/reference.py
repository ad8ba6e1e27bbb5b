"""Readers for the real reference series in ../shared/reference (test data, not fixtures)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

# Column of gs_losses_daily_petroivaniuk.csv -> our category key.
PETROIVANIUK_COLUMNS = {
    "personnel": "personnel",
    "pow": "pow",
    "tank": "tanks",
    "apc": "afv",
    "field_artillery": "artillery",
    "mrl": "mlrs",
    "anti_aircraft_warfare": "air_defense",
    "aircraft": "aircraft",
    "helicopter": "helicopters",
    "drone": "uav",
    "cruise_missiles": "cruise_missiles",
    "naval_ship": "ships",
    "submarines": "submarines",
    "vehicles_and_fuel_tanks": "vehicles_fuel_tanks",
    "military_auto": "military_auto",
    "fuel_tank": "fuel_tanks",
    "special_equipment": "special_equipment",
    "mobile_srbm_system": "mobile_srbm_systems",
    "ground_robotic_systems": "ground_robotic_systems",
}


def load_petroivaniuk(reference_dir: Path) -> dict[dt.date, dict[str, int]]:
    """The primary reference series: date -> {category key: cumulative total}."""
    series: dict[dt.date, dict[str, int]] = {}
    with (reference_dir / "gs_losses_daily_petroivaniuk.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            report_date = dt.date.fromisoformat(row["date"])
            series[report_date] = {
                key: int(float(row[column]))
                for column, key in PETROIVANIUK_COLUMNS.items()
                if row[column] not in ("", None)
            }
    return series
