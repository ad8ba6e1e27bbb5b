"""The category keys of the public datasets we read (backfill) and write (export).

Shared vocabulary, like ``categories``: the structured parsers map these keys to
ours, the drop-in exports map ours back.
"""

from __future__ import annotations

# russianwarship.rip API v2: ``stats`` and ``increase`` keys -> our category keys.
RUSSIANWARSHIP_KEYS: dict[str, str] = {
    "personnel_units": "personnel",
    "tanks": "tanks",
    "armoured_fighting_vehicles": "afv",
    "artillery_systems": "artillery",
    "mlrs": "mlrs",
    "aa_warfare_systems": "air_defense",
    "planes": "aircraft",
    "helicopters": "helicopters",
    "vehicles_fuel_tanks": "vehicles_fuel_tanks",
    "warships_cutters": "ships",
    "cruise_missiles": "cruise_missiles",
    "uav_systems": "uav",
    "special_military_equip": "special_equipment",
    "atgm_srbm_systems": "mobile_srbm_systems",
    "submarines": "submarines",
}

# PetroIvaniuk/2022-Ukraine-Russia-War-Dataset, russia_losses_equipment.json: its key ->
# our category, in the order the keys first appeared in the dataset.
PETROIVANIUK_EQUIPMENT_KEYS: dict[str, str] = {
    "aircraft": "aircraft",
    "helicopter": "helicopters",
    "tank": "tanks",
    "APC": "afv",
    "field artillery": "artillery",
    "MRL": "mlrs",
    "military auto": "military_auto",
    "fuel tank": "fuel_tanks",
    "drone": "uav",
    "naval ship": "ships",
    "anti-aircraft warfare": "air_defense",
    "special equipment": "special_equipment",
    "mobile SRBM system": "mobile_srbm_systems",
    "vehicles and fuel tanks": "vehicles_fuel_tanks",
    "cruise missiles": "cruise_missiles",
    "submarines": "submarines",
    "ground robotic systems": "ground_robotic_systems",
}
