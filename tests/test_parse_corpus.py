"""The fixture corpus: hand-written texts with expected parse results.

Each case in tests/fixtures/bulletins/ is NAME.txt or NAME.html plus NAME.json
(see tests/fixtures/bulletins/README.md and specs/parser_contract.md).

* ``test_parse_case`` runs the parser on every case and compares the required keys.
* ``test_corpus_is_real`` checks the corpus itself: every expected figure and delta
  is re-derived from the reference CSV named in the case's ``reference`` field.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bulletins"
REPO_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_CANDIDATES = (
    (REPO_ROOT / ".." / "shared" / "reference").resolve(),
    Path("/work/shared/reference"),
)

GS_KEYS = ("report_date", "figures", "deltas", "qualifiers")
AIR_KEYS = (
    "report_date",
    "drones_launched",
    "missiles_launched",
    "drones_shot_down",
    "missiles_shot_down",
    "shot_down",
    "lost_locationally",
)
# Column of gs_losses_daily_petroivaniuk.csv for each category key (parser contract).
GS_COLUMNS = {
    "personnel": "personnel",
    "pow": "pow",
    "tanks": "tank",
    "afv": "apc",
    "artillery": "field_artillery",
    "mlrs": "mrl",
    "air_defense": "anti_aircraft_warfare",
    "aircraft": "aircraft",
    "helicopters": "helicopter",
    "uav": "drone",
    "cruise_missiles": "cruise_missiles",
    "ships": "naval_ship",
    "submarines": "submarines",
    "vehicles_fuel_tanks": "vehicles_and_fuel_tanks",
    "military_auto": "military_auto",
    "fuel_tanks": "fuel_tank",
    "special_equipment": "special_equipment",
    "mobile_srbm_systems": "mobile_srbm_system",
    "ground_robotic_systems": "ground_robotic_systems",
}
# Models in airforce_missile_attacks_daily.csv that are drones; everything else is a missile.
DRONE_MODEL_WORDS = (
    "UAV",
    "Shahed",
    "Orlan",
    "Supercam",
    "ZALA",
    "Lancet",
    "Молнія",
    "Merlin",
    "Orion",
    "Mohajer",
    "Forpost",
    "Gerbera",
)
# A rounded figure ("1.24 million", "24,9 тис.") may differ from the exact total by this share.
ROUNDING_TOLERANCE = 0.02


def _cases() -> list[tuple[str, Path, Path]]:
    cases = []
    for meta in sorted(FIXTURES.glob("*.json")):
        texts = [p for p in (meta.with_suffix(".txt"), meta.with_suffix(".html")) if p.exists()]
        assert len(texts) == 1, f"{meta.name}: need exactly one of .txt / .html"
        cases.append((meta.stem, texts[0], meta))
    return cases


# Cases the parser does not read right yet. Strict: a case that starts passing must
# leave this list, so it can only shrink.
KNOWN_GAPS: dict[str, str] = {}
CASES = [
    pytest.param(
        *case,
        id=case[0],
        marks=[pytest.mark.xfail(reason=f"known parser gap: {KNOWN_GAPS[case[0]]}", strict=True)]
        if case[0] in KNOWN_GAPS
        else [],
    )
    for case in _cases()
]


def _load(meta_path: Path) -> dict:
    return json.loads(meta_path.read_text(encoding="utf-8"))


def _parse_document():
    """pipeline.parse.parse_document, or skip while the parser does not exist yet."""
    module = pytest.importorskip("pipeline.parse")
    fn = getattr(module, "parse_document", None)
    if fn is None:
        pytest.skip("pipeline.parse.parse_document is not implemented on this branch yet")
    return fn


def test_corpus_is_not_empty():
    assert len(_cases()) >= 70
    for _name, text, meta_path in _cases():
        meta = _load(meta_path)
        assert set(meta) >= {"published", "content_type", "description", "reference", "expected"}
        assert ("html" in meta["content_type"]) == (text.suffix == ".html")
        assert set(meta["expected"]) == {"general_staff", "air_attacks"}


@pytest.mark.parametrize(("name", "text_path", "meta_path"), CASES)
def test_parse_case(name: str, text_path: Path, meta_path: Path):
    parse_document = _parse_document()
    meta = _load(meta_path)
    published = dt.date.fromisoformat(meta["published"]) if meta["published"] else None
    result = parse_document(
        text_path.read_text(encoding="utf-8"),
        published=published,
        content_type=meta["content_type"],
    )
    got = result.as_dict()
    expected = meta["expected"]

    if expected["general_staff"] is None:
        assert got["general_staff"] is None, f"{name}: expected no General Staff bulletin"
    else:
        assert got["general_staff"] is not None, f"{name}: no General Staff bulletin found"
        got_gs = {key: got["general_staff"].get(key) for key in GS_KEYS}
        want_gs = {key: expected["general_staff"][key] for key in GS_KEYS}
        assert got_gs == want_gs, name

    got_air = [{key: attack.get(key) for key in AIR_KEYS} for attack in got["air_attacks"]]
    want_air = [{key: attack[key] for key in AIR_KEYS} for attack in expected["air_attacks"]]
    assert got_air == want_air, name

    notes = tuple(got.get("notes") or getattr(result, "notes", ()) or ())
    for note in meta.get("expect_notes", []):
        assert note in notes, f"{name}: expected note {note!r} in {notes!r}"


# --- the corpus against the reference data -------------------------------------------------


def _reference_dir() -> Path | None:
    for candidate in REFERENCE_CANDIDATES:
        if (candidate / "gs_losses_daily_petroivaniuk.csv").is_file():
            return candidate
    return None


@cache
def _read_csv(name: str) -> tuple[dict[str, str], ...]:
    ref = _reference_dir()
    assert ref is not None
    with (ref / name).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@cache
def _gs_by_date(name: str) -> dict[str, dict[str, str]]:
    return {row["date"]: row for row in _read_csv(name)}


def _count(value: str) -> int:
    return int(float(value)) if value not in ("", None) else 0


def _check_gs(name: str, meta: dict, errors: list[str]) -> None:
    ref = meta["reference"]
    rows = _gs_by_date(ref["file"])
    day = ref["date"]
    if day not in rows:
        errors.append(f"{name}: reference date {day} not in {ref['file']}")
        return
    row = rows[day]
    prev = rows.get((dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat())
    expected = meta["expected"]["general_staff"]
    if expected is None:
        errors.append(f"{name}: GS reference given but general_staff is null")
        return
    if expected["report_date"] not in (None, day):
        errors.append(f"{name}: report_date {expected['report_date']} != reference date {day}")
    rounded = meta.get("figure_exceptions", {})
    for key, value in expected["figures"].items():
        cell = row[GS_COLUMNS[key]]
        if cell == "":
            errors.append(f"{name}: {key} not reported on {day}")
            continue
        truth = int(cell)
        if key in rounded:
            if abs(value - truth) > ROUNDING_TOLERANCE * truth:
                errors.append(f"{name}: rounded {key}={value} too far from {truth}")
        elif value != truth:
            errors.append(f"{name}: {key}={value} but reference {day} says {truth}")
    exceptions = meta.get("delta_exceptions", {})
    for key, value in expected["deltas"].items():
        if key in exceptions:
            continue
        cell = row[GS_COLUMNS[key]]
        before = prev[GS_COLUMNS[key]] if prev else ""
        if cell == "" or before == "":
            errors.append(f"{name}: delta {key} has no day-over-day difference on {day}")
        elif value != int(cell) - int(before):
            errors.append(
                f"{name}: delta {key}={value} but {day} minus previous day is "
                f"{int(cell) - int(before)}"
            )
        if value < 0:
            errors.append(f"{name}: negative delta {key}")


def _check_air(name: str, meta: dict, errors: list[str]) -> None:
    ref = meta["reference"]
    wanted = set(ref["time_end"])
    rows = [
        row
        for row in _read_csv(ref["file"])
        if row["time_end"] in wanted and row["source"].startswith(ref.get("source", ""))
    ]
    if not rows:
        errors.append(f"{name}: no rows for {sorted(wanted)}")
        return

    def is_drone(row: dict[str, str]) -> bool:
        return any(word in row["model"] for word in DRONE_MODEL_WORDS)

    drones = [row for row in rows if is_drone(row)]
    missiles = [row for row in rows if not is_drone(row)]
    truth = {
        "drones_launched": sum(_count(row["launched"]) for row in drones),
        "missiles_launched": sum(_count(row["launched"]) for row in missiles),
        "drones_shot_down": sum(_count(row["destroyed"]) for row in drones),
        "missiles_shot_down": sum(_count(row["destroyed"]) for row in missiles),
        "shot_down": sum(_count(row["destroyed"]) for row in rows),
        "lost_locationally": sum(_count(row["not_reach_goal"]) for row in rows),
    }
    night_end = max(row["time_end"] for row in rows)[:10]
    attacks = meta["expected"]["air_attacks"]
    if len(attacks) != 1:
        errors.append(f"{name}: an air-force reference must describe exactly one attack")
        return
    attack = attacks[0]
    if attack["report_date"] not in (None, night_end):
        errors.append(f"{name}: report_date {attack['report_date']} != time_end date {night_end}")
    for key, value in truth.items():
        if attack[key] is not None and attack[key] != value:
            errors.append(f"{name}: {key}={attack[key]} but reference rows give {value}")


def test_corpus_is_real():
    if _reference_dir() is None:
        pytest.skip(
            "reference data not found (expected ../shared/reference beside the repository "
            "or /work/shared/reference)"
        )
    errors: list[str] = []
    checked = 0
    for name, _text, meta_path in _cases():
        meta = _load(meta_path)
        ref = meta["reference"]
        if ref is None:
            continue
        if ref["file"].startswith("gs_losses_daily"):
            _check_gs(name, meta, errors)
        elif ref["file"].startswith("airforce_missile_attacks"):
            _check_air(name, meta, errors)
        else:
            errors.append(f"{name}: unknown reference file {ref['file']}")
        checked += 1
    assert not errors, "\n".join(errors)
    assert checked >= 60
