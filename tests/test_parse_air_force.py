"""Air Force overnight reports: launched, shot down, lost locationally, in en, uk and ru.

Figures: airforce_missile_attacks_daily.csv (Shahed-136/131, night ending 2025-01-30:
81 launched, 37 destroyed, 39 not reaching their goal; night ending 2024-11-26: 188 drones,
76 destroyed, 95 lost locationally, plus 4 Iskander-M).
"""

from __future__ import annotations

import datetime as dt

from pipeline.parse import AirAttack, parse_document


def only_attack(text: str, published: dt.date | None = None) -> AirAttack:
    result = parse_document(text, published=published)
    assert len(result.air_attacks) == 1
    return result.air_attacks[0]


def test_english_report_with_total_and_unknown_fate() -> None:
    attack = only_attack(
        "On the night of January 30, Russia launched 81 Shahed-type drones. "
        "37 were shot down, 39 were lost locationally (electronic warfare), "
        "the fate of 5 is unknown.",
        published=dt.date(2025, 1, 30),
    )
    assert attack == AirAttack(
        report_date=dt.date(2025, 1, 30), drones_launched=81, shot_down=37, lost_locationally=39
    )


def test_ukrainian_report_with_missiles_by_type() -> None:
    attack = only_attack(
        "У ніч на 26 листопада противник атакував 4 балістичними ракетами Іскандер-М та "
        "188 ударними БпЛА типу Shahed. Станом на 09:00 збито 76 ударних БпЛА. "
        "95 ворожих БпЛА – локаційно втрачені.",
        published=dt.date(2024, 11, 26),
    )
    assert attack.report_date == dt.date(2024, 11, 26)
    assert (attack.missiles_launched, attack.drones_launched) == (4, 188)
    assert attack.drones_shot_down == 76
    assert attack.lost_locationally == 95


def test_russian_report() -> None:
    attack = only_attack(
        "В ночь на 30 января враг атаковал 81 ударным БпЛА типа Shahed. "
        "Сбито 37 вражеских БпЛА, 39 – локационно потеряны.",
        published=dt.date(2025, 1, 30),
    )
    assert (attack.drones_launched, attack.drones_shot_down, attack.lost_locationally) == (
        81,
        37,
        39,
    )


def test_overnight_without_a_date_takes_the_published_date() -> None:
    attack = only_attack(
        "Overnight, Russia launched 81 Shahed attack drones; 37 drones were shot down.",
        published=dt.date(2025, 1, 30),
    )
    assert attack.report_date == dt.date(2025, 1, 30)


def test_model_numbers_are_not_counts() -> None:
    attack = only_attack(
        "Overnight Russia launched 3 Kh-101 cruise missiles and 81 Shahed-136/131 drones. "
        "Air defence shot down 3 missiles and 37 drones.",
        published=dt.date(2025, 1, 30),
    )
    assert (attack.missiles_launched, attack.drones_launched) == (3, 81)
    assert (attack.missiles_shot_down, attack.drones_shot_down) == (3, 37)


def test_an_air_report_is_not_a_general_staff_bulletin() -> None:
    result = parse_document(
        "Russia launched 81 Shahed-type drones and 3 cruise missiles overnight; "
        "37 drones were shot down."
    )
    assert result.general_staff is None
