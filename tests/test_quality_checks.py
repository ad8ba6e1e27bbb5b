"""`losses check`: findings on the real series, typos told from General Staff corrections."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.backfill import backfill_files
from pipeline.cli import main
from pipeline.config import Settings, SourceConfig
from pipeline.dates import day_number
from pipeline.quality import run_checks
from pipeline.quality.rules import (
    Point,
    StatedDay,
    change_mismatches,
    day_numbers,
    gaps,
    transient_anomalies,
)
from pipeline.store import Store
from tests.reference import (
    DATASET_KEYS,
    dataset_json_files,
    load_petroivaniuk,
    petroivaniuk_qualifiers,
)

NAMES = {name: key for key, name in DATASET_KEYS.items()} | {"personnel": "personnel"}


def points(series: dict[dt.date, dict[str, int]], key: str) -> list[Point]:
    days = sorted(day for day in series if key in series[day])
    return [
        Point(
            day,
            series[day][key],
            None if i == 0 else series[day][key] - series[days[i - 1]][key],
            None,
        )
        for i, day in enumerate(days)
    ]


def one_slip_apart(typed: str, meant: str) -> bool:
    """Independent of the product: one digit dropped, added, changed, or two swapped, or x10."""
    if typed == meant + "0" or meant == typed + "0":
        return True
    if len(typed) == len(meant):
        differ = [i for i in range(len(typed)) if typed[i] != meant[i]]
        swapped = len(differ) == 2 and sorted(typed) == sorted(meant)
        return swapped or (len(differ) == 1 and differ[0] != len(typed) - 1)
    short, long = sorted((typed, meant), key=len)
    return len(long) == len(short) + 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def digit_typos(
    reference_dir: Path, series: dict[dt.date, dict[str, int]]
) -> list[tuple[dt.date, str, int]]:
    """The retroactive edits whose old value is a digit slip of the final reference figure."""
    typos = []
    with (reference_dir / "petroivaniuk_retroactive_edits.csv").open() as handle:
        for row in csv.DictReader(handle):
            key = NAMES.get(row["field"])
            if key is None or not row["old_value"] or not row["new_value"]:
                continue
            day = dt.date.fromisoformat(row["record_date"])
            right = series[day].get(key)
            old = int(float(row["old_value"]))
            if (
                right is not None
                and old != right
                and abs(old - right) >= 10
                and one_slip_apart(str(old), str(right))
            ):
                typos.append((day, key, old))
    return typos


def test_no_real_general_staff_correction_is_called_an_error(reference_dir: Path) -> None:
    series = load_petroivaniuk(reference_dir)
    findings = [f for key in NAMES.values() for f in transient_anomalies(key, points(series, key))]
    assert [f for f in findings if f.severity == "error"] == []
    decreases = {(f.report_date, f.category) for f in findings if f.rule == "decrease"}
    # Every day-over-day decrease of the reference (13, all genuine revisions) is reported.
    expected = {
        (p.report_date, key)
        for key in NAMES.values()
        for p in points(series, key)
        if p.change is not None and p.change < 0
    }
    assert decreases == expected and len(expected) == 13
    special = next(
        f
        for f in findings
        if f.report_date == dt.date(2024, 11, 30) and f.category == "special_equipment"
    )
    assert special.severity == "info" and "correction" in special.message


def test_a_digit_slip_in_the_only_source_is_an_error_with_the_likely_figure(
    reference_dir: Path,
) -> None:
    series = load_petroivaniuk(reference_dir)
    series[dt.date(2024, 2, 26)]["tanks"] = 655
    findings = transient_anomalies("tanks", points(series, "tanks"))
    (slip,) = [f for f in findings if f.rule == "digit_slip"]
    assert (slip.severity, slip.report_date, slip.values["suggested"]) == (
        "error",
        dt.date(2024, 2, 26),
        6555,
    )


def test_day_numbers_off_by_one_are_one_finding_per_run() -> None:
    stated = [
        StatedDay(
            "minfin",
            dt.date(2025, 11, 8) + dt.timedelta(days=i),
            day_number(dt.date(2025, 11, 8)) + i + (i > 0),
        )
        for i in range(5)
    ]
    (finding,) = day_numbers(stated)
    assert (finding.report_date, finding.until, finding.values["offset"]) == (
        dt.date(2025, 11, 9),
        dt.date(2025, 11, 12),
        1,
    )


def test_a_reported_change_that_differs_from_the_totals_is_a_finding() -> None:
    # Real: special equipment 3,700 on 2024-11-29 and 3,617 on 2024-11-30, where the
    # bulletin's own change was -85 (a reclassification the totals show as -83).
    series = [
        Point(dt.date(2024, 11, 29), 3700, 8, 8),
        Point(dt.date(2024, 11, 30), 3617, -83, -85),
        Point(dt.date(2024, 12, 1), 3619, 2, None),
    ]
    [finding] = change_mismatches("special_equipment", series)
    assert (finding.severity, finding.rule, finding.report_date) == (
        "warning",
        "reported_change",
        dt.date(2024, 11, 30),
    )
    assert finding.message == "the bulletin says -85, the totals differ by -83"
    assert finding.values == {"reported": -85, "computed": -83, "total": 3617}


def test_a_day_without_any_bulletin_is_a_gap() -> None:
    (gap,) = gaps([dt.date(2025, 1, 26), dt.date(2025, 1, 27), dt.date(2025, 1, 30)])
    assert (gap.report_date, gap.until, gap.values["days"]) == (
        dt.date(2025, 1, 28),
        dt.date(2025, 1, 29),
        2,
    )


@pytest.fixture
def settings(store: Store) -> Settings:
    return Settings(
        database_url=store.database_url,
        sources=[
            SourceConfig(
                name="petroivaniuk-dataset",
                kind="dataset_json",
                url="https://d.example/e.json",
                priority=30,
            ),
            SourceConfig(
                name="retelling", kind="dataset_json", url="https://r.example/r.json", priority=40
            ),
        ],
    )


def test_every_digit_typo_from_a_second_source_is_flagged_and_the_right_total_kept(
    store: Store, settings: Settings, tmp_path: Path, reference_dir: Path
) -> None:
    series = load_petroivaniuk(reference_dir)
    qualifiers = petroivaniuk_qualifiers(reference_dir)
    equipment, personnel = dataset_json_files(series, qualifiers)
    (tmp_path / "e.json").write_bytes(equipment)
    (tmp_path / "p.json").write_bytes(personnel)
    typos = digit_typos(reference_dir, series)
    assert len(typos) >= 15
    retold: dict[dt.date, dict[str, int]] = {}
    for day, key, old in typos:
        retold.setdefault(day, {})[key] = old
    retold_equipment, retold_personnel = dataset_json_files(retold, qualifiers)
    (tmp_path / "re.json").write_bytes(retold_equipment)
    (tmp_path / "rp.json").write_bytes(retold_personnel)
    backfill_files(store, settings, [tmp_path / "e.json", tmp_path / "p.json"])
    backfill_files(
        store, settings, [tmp_path / "re.json", tmp_path / "rp.json"], source_name="retelling"
    )

    with store.reader() as session:
        findings = run_checks(session)
    flagged = {
        (f.report_date, f.category, f.values["value"])
        for f in findings
        if f.rule == "source_digit_slip"
    }
    assert flagged == set(typos)
    with store.reader() as session:
        from sqlalchemy import text

        for day, key, _old in typos:
            chosen = session.execute(
                text(
                    "SELECT total FROM daily_total WHERE valid_to IS NULL"
                    " AND report_date = :d AND category = :c"
                ),
                {"d": day, "c": key},
            ).scalar_one()
            assert chosen == series[day][key]


def test_the_check_command_reports_and_exits_by_severity(
    store: Store, settings: Settings, tmp_path: Path, reference_dir: Path
) -> None:
    series = load_petroivaniuk(reference_dir)
    series[dt.date(2026, 6, 24)]["vehicles_fuel_tanks"] = 11257
    equipment, _ = dataset_json_files(series, petroivaniuk_qualifiers(reference_dir))
    (tmp_path / "e.json").write_bytes(equipment)
    config = tmp_path / "losses.toml"
    config.write_text(
        f'database_url = "{store.database_url}"\n[[sources]]\nname = "petroivaniuk-dataset"\n'
        'kind = "dataset_json"\nurl = "https://d.example/e.json"\npriority = 30\n'
    )
    runner = CliRunner()
    loaded = runner.invoke(
        main, ["backfill", "--config", str(config), "--file", str(tmp_path / "e.json")]
    )
    assert loaded.exit_code == 0, loaded.output
    report = runner.invoke(main, ["check", "--config", str(config), "--since", "2026-06-01"])
    assert report.exit_code == 1
    assert "ERROR   2026-06-24 vehicles_fuel_tanks  digit_slip" in report.output
    assert "probably 111,257" in report.output
    as_json = runner.invoke(
        main, ["check", "--config", str(config), "--json", "--since", "2026-06-01"]
    )
    rows = json.loads(as_json.output)
    assert {row["rule"] for row in rows if row["severity"] == "error"} == {"digit_slip"}
    history = runner.invoke(
        main,
        [
            "history",
            "--config",
            str(config),
            "--date",
            "2026-06-24",
            "--category",
            "vehicles_fuel_tanks",
        ],
    )
    assert (
        history.exit_code == 0
        and "11,257" in history.output
        and "petroivaniuk-dataset" in history.output
    )
