"""Readers for the real reference series in ../shared/reference (test data, not fixtures)."""

from __future__ import annotations

import csv
import datetime as dt
import json
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


# Our category key -> the PetroIvaniuk dataset's JSON key (the inverse of the file's history).
DATASET_KEYS = {
    "tanks": "tank",
    "afv": "APC",
    "artillery": "field artillery",
    "mlrs": "MRL",
    "air_defense": "anti-aircraft warfare",
    "aircraft": "aircraft",
    "helicopters": "helicopter",
    "uav": "drone",
    "cruise_missiles": "cruise missiles",
    "ships": "naval ship",
    "submarines": "submarines",
    "vehicles_fuel_tanks": "vehicles and fuel tanks",
    "military_auto": "military auto",
    "fuel_tanks": "fuel tank",
    "special_equipment": "special equipment",
    "mobile_srbm_systems": "mobile SRBM system",
    "ground_robotic_systems": "ground robotic systems",
}
# Our category key -> the row label of index.minfin.com.ua's English table.
MINFIN_LABELS = {
    "tanks": "Tanks",
    "afv": '<abbr title="armoured fighting vehicles">AFV</abbr>',
    "artillery": "Artillery systems",
    "mlrs": '<abbr title="multiple launch rocket systems">MLRS</abbr>',
    "air_defense": "Anti-aircraft warfare systems",
    "aircraft": "Aircraft",
    "helicopters": "Helicopters",
    "uav": '<abbr title="unmanned aerial vehicles">UAV</abbr> operational-tactical level',
    "cruise_missiles": "Cruise missiles",
    "ships": "Warships / boats",
    "submarines": "Submarines",
    "vehicles_fuel_tanks": "Vehicles and fuel tanks",
    "special_equipment": "Special equipment",
    "personnel": "Personnel",
}
ROMANSVERDAN_COLUMNS = {
    "personnel": "personnel",
    "tanks": "tanks",
    "apv": "afv",
    "artillery": "artillery",
    "mlrs": "mlrs",
    "aaws": "air_defense",
    "aircrafts": "aircraft",
    "helicopters": "helicopters",
    "uav": "uav",
    "cruise_missiles": "cruise_missiles",
    "warships": "ships",
    "vehicles_fuel_tanks": "vehicles_fuel_tanks",
    "special_equipment": "special_equipment",
    "submarines": "submarines",
}


def petroivaniuk_qualifiers(reference_dir: Path) -> dict[dt.date, str]:
    with (reference_dir / "gs_losses_daily_petroivaniuk.csv").open(encoding="utf-8") as handle:
        return {
            dt.date.fromisoformat(row["date"]): row["personnel_qualifier"]
            for row in csv.DictReader(handle)
            if row["personnel_qualifier"]
        }


def load_romansverdan(reference_dir: Path) -> dict[dt.date, dict[str, int]]:
    """The second source (minfin's table, via romansverdan): date -> {key: total}."""
    path = reference_dir / "gs_losses_daily_romansverdan_minfin.csv"
    series: dict[dt.date, dict[str, int]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            series[dt.date.fromisoformat(row["date"])] = {
                key: int(float(row[column]))
                for column, key in ROMANSVERDAN_COLUMNS.items()
                if row[column] not in ("", None)
            }
    return series


def dataset_json_files(
    series: dict[dt.date, dict[str, int]], qualifiers: dict[dt.date, str]
) -> tuple[bytes, bytes]:
    """The series written as the dataset's two files: (equipment JSON, personnel JSON)."""
    equipment: list[dict[str, object]] = []
    personnel: list[dict[str, object]] = []
    for report_date in sorted(series):
        totals = series[report_date]
        day = (report_date - dt.date(2022, 2, 23)).days
        record: dict[str, object] = {"date": report_date.isoformat(), "day": day}
        record.update(
            {DATASET_KEYS[key]: total for key, total in totals.items() if key in DATASET_KEYS}
        )
        equipment.append(record)
        if "personnel" in totals:
            people: dict[str, object] = {
                "date": report_date.isoformat(),
                "day": day,
                "personnel": totals["personnel"],
                "personnel*": qualifiers.get(report_date, "about"),
            }
            if "pow" in totals:
                people["POW"] = totals["pow"]
            personnel.append(people)
    return (
        json.dumps(equipment, indent=2).encode(),
        json.dumps(personnel, indent=2).encode(),
    )


def minfin_table_page(series: dict[dt.date, dict[str, int]]) -> str:
    """The series as an index.minfin.com.ua casualties page: newest day first, "(+N)" each."""
    days: list[str] = []
    previous: dict[str, int] = {}
    for report_date in sorted(series):
        rows: list[str] = []
        for key, label in MINFIN_LABELS.items():
            total = series[report_date].get(key)
            if total is None:
                continue
            change = f" (+{total - previous[key]})" if key in previous else ""
            if key in previous and total < previous[key]:
                change = f" (-{previous[key] - total})"
            qualifier = "aprx. " if key == "personnel" else ""
            rows.append(f"<li>{label} — {qualifier}{total}{change} </li>")
            previous[key] = total
        heading = f"{report_date:%B} {report_date.day}, {report_date.year}"
        days.append(
            f'<li class="gold"><span class="black">{heading}</span>\n'
            f'<div class="casualties"><div><ul>\n{chr(10).join(rows)}\n</ul></div></div></li>'
        )
    body = "\n".join(reversed(days))
    return (
        "<!DOCTYPE html><html><head><title>Losses of the Russian army</title></head><body>"
        '<h1>Losses of the Russian army</h1><ul class="see-also">\n'
        f"{body}\n</ul></body></html>"
    )
