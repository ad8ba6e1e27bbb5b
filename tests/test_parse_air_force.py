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


def test_parts_after_a_dash_are_not_counted_again() -> None:
    attack = only_attack(
        "У ніч на 21 липня противник атакував 426 ударними БпЛА та 24 ракетами – "
        "5 аеробалістичними ракетами Х-47М2 «Кинджал», 14 крилатими ракетами Х-101, "
        "4 крилатими ракетами «Калібр» та 1 крилатою ракетою Іскандер-К. "
        "Збито 200 ударних БпЛА та 24 ракети.",
        published=dt.date(2025, 7, 21),
    )
    assert (attack.drones_launched, attack.missiles_launched) == (426, 24)


def test_parts_named_by_model_only() -> None:
    attack = only_attack(
        "8 липня противник атакував 38 ракетами різних типів: 13 Х-101, 14 «Калібр», "
        "4 Іскандер-М, 3 Х-59/Х-69, 2 Х-22, 1 Кинджал та 1 «Циркон». "
        "Збито 30 ракет: 11 Х-101, 12 «Калібр», 3 Іскандер-М, 3 Х-59/69, 1 Кинджал.",
        published=dt.date(2024, 7, 8),
    )
    assert (attack.missiles_launched, attack.missiles_shot_down, attack.shot_down) == (38, 30, None)


def test_a_part_introduced_by_including() -> None:
    attack = only_attack(
        "Russia attacked Ukraine overnight with 320 drones and 37 missiles, including 26 "
        "Iskander-M/KN-23 ballistic missiles. Air defense downed 283 drones and five missiles.",
        published=dt.date(2025, 10, 16),
    )
    assert (attack.drones_launched, attack.missiles_launched) == (320, 37)
    assert (attack.drones_shot_down, attack.missiles_shot_down) == (283, 5)


def test_separate_figures_of_one_kind_still_add_up() -> None:
    # No colon, dash or "including" after the 2: the 1 and 1 are no parts of it.
    attack = only_attack(
        "Overnight Russia launched 2 Kh-59 missiles, 1 Kh-22 missile and 1 Kinzhal missile; "
        "air defense shot down 2 missiles.",
        published=dt.date(2024, 7, 8),
    )
    assert attack.missiles_launched == 4


def test_part_of_a_whole() -> None:
    attack = only_attack(
        "У ніч на 24 березня ворог атакував 29 крилатими ракетами та 28 ударними БпЛА. "
        "Сили ППО знищили 18 з 29 крилатих ракет та 25 з 28 шахедів.",
        published=dt.date(2024, 3, 24),
    )
    assert (attack.missiles_launched, attack.drones_launched) == (29, 28)
    assert (attack.missiles_shot_down, attack.drones_shot_down) == (18, 25)


def test_a_whole_named_only_beside_its_part_is_launched() -> None:
    attack = only_attack(
        "Overnight Russia launched 40 Shahed drones. Air defense downed 3 of 4 Kh-101 missiles.",
        published=dt.date(2024, 7, 8),
    )
    assert (attack.missiles_launched, attack.missiles_shot_down) == (4, 3)


def test_a_total_with_the_lost_ones_is_no_shot_down_total() -> None:
    attack = only_attack(
        "У ніч на 9 липня противник атакував 728 ударними БпЛА та 13 ракетами. "
        "Знешкоджено 718 засобів повітряного нападу: 296 ударних БпЛА збито, "
        "415 – локаційно втрачені, 7 ракет збито.",
        published=dt.date(2025, 7, 9),
    )
    assert attack.shot_down is None
    assert (attack.drones_shot_down, attack.missiles_shot_down) == (296, 7)
    assert attack.lost_locationally == 415


def test_a_cumulative_sentence_is_not_the_night() -> None:
    attack = only_attack(
        "Russia launched 472 drones and 7 missiles overnight. Air defenses shot down 210 "
        "drones. Since the start of the year, Russia has launched more than 19,000 drones. "
        "Russia will keep launching about 200 Shahed drones a night.",
        published=dt.date(2025, 6, 1),
    )
    assert (attack.drones_launched, attack.missiles_launched) == (472, 7)


def test_lost_figures_of_two_kinds_add_up_and_of_one_kind_do_not() -> None:
    by_kind = only_attack(
        "Overnight Russia launched 479 drones and 21 missiles; 277 drones were shot down. "
        "183 drones and 2 missiles were lost locationally.",
        published=dt.date(2025, 6, 9),
    )
    assert by_kind.lost_locationally == 185
    one_kind = only_attack(
        "Overnight Russia launched 298 drones. 139 drones were shot down, "
        "127 drones lost locationally in 12 drone attacks.",
        published=dt.date(2025, 5, 25),
    )
    assert one_kind.lost_locationally == 127


def test_lost_to_electronic_warfare_is_not_shot_down() -> None:
    attack = only_attack(
        "Russia launched 81 Shahed-type attack drones and decoys overnight. "
        "37 were shot down, 39 lost to electronic warfare, the fate of 5 unknown.",
        published=dt.date(2025, 1, 30),
    )
    assert (attack.shot_down, attack.lost_locationally) == (37, 39)


def test_another_category_shot_down_is_no_total_of_targets() -> None:
    attack = only_attack(
        "В ночь на 6 февраля враг атаковал 77 ударными БпЛА. Сбито 56 БпЛА. Сбиты 2 самолета.",
        published=dt.date(2025, 2, 6),
    )
    assert (attack.drones_shot_down, attack.shot_down) == (56, None)
