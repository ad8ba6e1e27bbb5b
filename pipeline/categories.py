"""The category registry: the vocabulary every stage shares.

Pure data, no I/O. The history comes from the General Staff's own bulletins
(see docs/categories.md): some series closed, two were merged into one on
2022-05-01, some opened later with an opening balance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    unit: str
    name_en: str
    name_uk: str
    first_reported: dt.date | None = None
    last_reported: dt.date | None = None
    merged_into: str | None = None
    opening_balance: int | None = None


_START = dt.date(2022, 2, 24)
_MERGE_DAY = dt.date(2022, 5, 1)

CATEGORIES: tuple[Category, ...] = (
    Category("personnel", "persons", "personnel", "особового складу", _START),
    Category("pow", "persons", "prisoners of war", "полонених", _START, dt.date(2022, 4, 27)),
    Category("tanks", "units", "tanks", "танків", _START),
    Category("afv", "units", "armoured fighting vehicles", "бойових броньованих машин", _START),
    Category("artillery", "units", "artillery systems", "артилерійських систем", _START),
    Category("mlrs", "units", "multiple launch rocket systems", "РСЗВ", _START),
    Category("air_defense", "units", "air defence systems", "засобів ППО", _START),
    Category("aircraft", "units", "aircraft", "літаків", _START),
    Category("helicopters", "units", "helicopters", "гелікоптерів", _START),
    Category(
        "uav", "units", "operational-tactical UAVs", "БПЛА оперативно-тактичного рівня", _START
    ),
    Category("cruise_missiles", "units", "cruise missiles", "крилатих ракет", _MERGE_DAY),
    Category("ships", "units", "warships / boats", "кораблів / катерів", _START),
    Category("submarines", "units", "submarines", "підводних човнів", dt.date(2023, 9, 14)),
    Category(
        "vehicles_fuel_tanks",
        "units",
        "vehicles and fuel tanks",
        "автомобільної техніки та автоцистерн",
        _MERGE_DAY,
    ),
    Category(
        "military_auto",
        "units",
        "military vehicles",
        "автомобільної техніки",
        _START,
        dt.date(2022, 4, 30),
        merged_into="vehicles_fuel_tanks",
    ),
    Category(
        "fuel_tanks",
        "units",
        "fuel tanks",
        "цистерн з ПММ",
        _START,
        dt.date(2022, 4, 30),
        merged_into="vehicles_fuel_tanks",
    ),
    Category(
        "special_equipment",
        "units",
        "special equipment",
        "спеціальної техніки",
        dt.date(2022, 3, 16),
    ),
    Category(
        "mobile_srbm_systems",
        "units",
        "mobile SRBM systems",
        "пускових установок ОТРК/ТРК",
        dt.date(2022, 3, 26),
        dt.date(2022, 4, 30),
    ),
    Category(
        "ground_robotic_systems",
        "units",
        "ground robotic systems",
        "наземних робототехнічних комплексів",
        dt.date(2026, 5, 3),
        opening_balance=1306,
    ),
)

CATEGORY_KEYS: tuple[str, ...] = tuple(category.key for category in CATEGORIES)
BY_KEY: dict[str, Category] = {category.key: category for category in CATEGORIES}


def merged_sources(key: str) -> tuple[str, ...]:
    """The closed categories whose totals continue in ``key`` (empty for most)."""
    return tuple(category.key for category in CATEGORIES if category.merged_into == key)
