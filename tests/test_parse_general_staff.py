"""General Staff bulletins: official layouts, retellings, categories across the years."""

from __future__ import annotations

import datetime as dt

from pipeline.parse import parse_document

# The official bulletin of 2025-01-28 (gs_losses_daily_petroivaniuk.csv), Ukrainian layout.
BULLETIN_2025_01_28 = """Загальні бойові втрати противника з 24.02.22 по 28.01.25 орієнтовно склали:
особового складу ‒ близько 833000 (+1380) осіб
танків ‒ 9876 (+5) од
бойових броньованих машин ‒ 20573 (+12) од
артилерійських систем – 22366 (+27) од
РСЗВ – 1263 (+0) од
засоби ППО ‒ 1050 (+) од
літаків – 369 (+0) од
гелікоптерів – 331 (+0) од
БПЛА оперативно-тактичного рівня ‒ 23399 (+72)
крилаті ракети ‒ 3053 (+0)
кораблі / катери ‒ 28 (+0) од
підводні човни – 1 (+0) од
автомобільної техніки та автоцистерн – 35269 (+86) од
спеціальна техніка ‒ 3718 (+2)
Дані уточнюються."""


def test_official_ukrainian_bulletin() -> None:
    staff = parse_document(BULLETIN_2025_01_28).general_staff
    assert staff is not None
    assert staff.report_date == dt.date(2025, 1, 28)
    assert staff.figures == {
        "personnel": 833000, "tanks": 9876, "afv": 20573, "artillery": 22366, "mlrs": 1263,
        "air_defense": 1050, "aircraft": 369, "helicopters": 331, "uav": 23399,
        "cruise_missiles": 3053, "ships": 28, "submarines": 1, "vehicles_fuel_tanks": 35269,
        "special_equipment": 3718,
    }  # fmt: skip
    assert staff.qualifiers == {"personnel": "about"}


def test_plus_zero_is_a_real_zero_and_empty_plus_is_absent() -> None:
    staff = parse_document(BULLETIN_2025_01_28).general_staff
    assert staff is not None
    assert staff.deltas["mlrs"] == 0
    assert "air_defense" not in staff.deltas
    assert staff.deltas["personnel"] == 1380


def test_orientation_heading_word_sets_no_qualifier() -> None:
    staff = parse_document(BULLETIN_2025_01_28).general_staff
    assert staff is not None
    assert "tanks" not in staff.qualifiers


def test_2022_layout_keeps_military_auto_fuel_tanks_pow_and_srbm_apart() -> None:
    text = """Загальні бойові втрати противника з 24.02 по 20.04 орієнтовно склали:
особового складу ‒ близько 20900 осіб, полонених – 489,
танків ‒ 815 од, бойових броньованих машин ‒ 2087 од, артилерійських систем – 391 од,
РСЗВ - 136 од, засоби ППО - 67 од, літаків – 171 од, гелікоптерів – 150 од,
автомобільної техніки – 1504 од, кораблі / катери ‒ 8 од, цистерн з ПММ – 76,
БПЛА оперативно-тактичного рівня – 165, спеціальна техніка – 27,
пускові установки ОТРК/ТРК – 4."""
    staff = parse_document(text, published=dt.date(2022, 4, 20)).general_staff
    assert staff is not None
    assert staff.report_date == dt.date(2022, 4, 20)
    assert staff.figures["military_auto"] == 1504
    assert staff.figures["fuel_tanks"] == 76
    assert staff.figures["tanks"] == 815
    assert staff.figures["pow"] == 489
    assert staff.figures["mobile_srbm_systems"] == 4
    assert "vehicles_fuel_tanks" not in staff.figures


def test_ground_robotic_systems_from_2026() -> None:
    text = (
        "Загальні бойові втрати противника з 24.02.22 по 04.05.26 орієнтовно склали: "
        "особового складу ‒ близько 1335150 (+1120) осіб, танків ‒ 11914 (+6) од, "
        "наземних робототехнічних комплексів ‒ 1317 (+11)."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures["ground_robotic_systems"] == 1317
    assert staff.deltas["ground_robotic_systems"] == 11


def test_english_retelling_with_number_first() -> None:
    text = (
        "Russia has lost 833,000 troops, 9,876 tanks, 20,573 armored fighting vehicles, "
        "35,269 vehicles and fuel tanks and 22,366 artillery systems, the General Staff "
        "reported on Jan. 28."
    )
    staff = parse_document(text, published=dt.date(2025, 1, 28)).general_staff
    assert staff is not None
    assert staff.report_date == dt.date(2025, 1, 28)
    assert staff.figures == {
        "personnel": 833000, "tanks": 9876, "afv": 20573, "vehicles_fuel_tanks": 35269,
        "artillery": 22366,
    }  # fmt: skip


def test_prose_delta_and_qualifier() -> None:
    text = (
        "According to the General Staff, Russia has lost about 833,000 personnel, including "
        "1,380 over the past day, as well as 9,876 tanks and 20,573 armoured vehicles."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures["personnel"] == 833000
    assert staff.deltas["personnel"] == 1380
    assert staff.qualifiers["personnel"] == "about"


def test_fuel_tanks_are_not_tanks() -> None:
    text = "General Staff: 815 tanks, 2,087 armoured vehicles and 76 fuel tanks destroyed."
    staff = parse_document(text, published=dt.date(2022, 4, 20)).general_staff
    assert staff is not None
    assert staff.figures["tanks"] == 815
    assert staff.figures["fuel_tanks"] == 76


def test_the_same_list_twice_gives_the_figures_once() -> None:
    once = "The General Staff: 9,876 tanks, 20,573 armoured vehicles, 22,366 artillery systems."
    staff = parse_document(once + "\n\n" + once).general_staff
    assert staff is not None
    assert staff.figures == {"tanks": 9876, "afv": 20573, "artillery": 22366}


def test_headline_disagreeing_with_body_keeps_the_body_and_notes_it() -> None:
    text = (
        "Russian losses reach 833,000 troops\n\n"
        "The General Staff reported on Jan. 29 that Russia has lost 834,670 troops, "
        "9,886 tanks, 20,597 armoured vehicles and 22,395 artillery systems."
    )
    result = parse_document(text, published=dt.date(2025, 1, 29))
    assert result.general_staff is not None
    assert result.general_staff.figures["personnel"] == 834670
    assert "headline_disagrees" in result.notes


def test_lost_category_word_drops_that_figure() -> None:
    text = "General Staff: tanks ‒ 9876 (+5), b#%@ ‒ 20573 (+12), artillery systems ‒ 22366 (+27)"
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"tanks": 9876, "artillery": 22366}


def test_polish_warships_and_boats_submarines_and_armoured_vehicles_in_any_case() -> None:
    # gs_losses_daily_petroivaniuk.csv 2024-09-02, retold in Polish.
    text = (
        "Sztab Generalny Sił Zbrojnych Ukrainy podał, że Rosja straciła 617 600 żołnierzy, "
        "8601 czołgów i 16 786 bojowych wozów opancerzonych. Flota straciła 28 okrętów i "
        "kutrów oraz jeden okręt podwodny.\n"
        "Stan na 2 września:\n- bojowe wozy opancerzone: 16 786\n- okręty/kutry: 28\n"
        "- okręty podwodne: 1"
    )
    staff = parse_document(text, published=dt.date(2024, 9, 2)).general_staff
    assert staff is not None
    assert staff.figures == {
        "personnel": 617600, "tanks": 8601, "afv": 16786, "ships": 28, "submarines": 1,
    }  # fmt: skip


def test_spanish_day_share_after_the_total_is_its_delta_not_a_past_day_figure() -> None:
    # gs_losses_daily_petroivaniuk.csv 2025-03-03 (878,070 = 876,720 + 1,350).
    text = (
        "El Estado Mayor de Ucrania informó de que Rusia ha perdido alrededor de 878.070 "
        "militares desde el inicio de la guerra, 1.350 de los cuales cayeron en las últimas "
        "24 horas, además de 10.252 tanques y 21.290 vehículos blindados."
    )
    staff = parse_document(text, published=dt.date(2025, 3, 3)).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 878070, "tanks": 10252, "afv": 21290}
    assert staff.deltas == {"personnel": 1350}
    assert staff.qualifiers == {"personnel": "about"}


def test_a_spelled_day_share_after_a_figure_is_its_delta() -> None:
    # gs_losses_daily_petroivaniuk.csv 2024-03-15 (tanks +1, special equipment +3).
    text = (
        "The General Staff says Russia has now lost 6,758 tanks, one of which was destroyed "
        "over the last day, 12,949 armoured vehicles and 1,711 units of special equipment, "
        "three of them in the past 24 hours."
    )
    staff = parse_document(text, published=dt.date(2024, 3, 15)).general_staff
    assert staff is not None
    assert staff.figures == {"tanks": 6758, "afv": 12949, "special_equipment": 1711}
    assert staff.deltas == {"tanks": 1, "special_equipment": 3}


def test_portuguese_retelling_is_read_as_portuguese_with_its_day_share() -> None:
    # gs_losses_daily_petroivaniuk.csv 2024-09-02 (personnel +1,300, tanks +9).
    text = (
        "Segundo o Estado-Maior das Forças Armadas da Ucrânia, a Rússia já perdeu cerca de "
        "617.600 soldados, incluindo 1.300 nas últimas 24 horas, além de 8.601 tanques, nove "
        "deles no último dia, e 16.786 veículos blindados."
    )
    result = parse_document(text, published=dt.date(2024, 9, 2))
    assert result.language == "pt"
    assert result.general_staff is not None
    assert result.general_staff.figures == {"personnel": 617600, "tanks": 8601, "afv": 16786}
    assert result.general_staff.deltas == {"personnel": 1300, "tanks": 9}
    assert result.general_staff.qualifiers == {"personnel": "about"}


def test_day_counts_beside_their_totals_are_deltas_in_any_sentence() -> None:
    # gs_losses_daily_petroivaniuk.csv 2024-11-19 (tanks +17, drones +38, cruise missiles +1).
    text = (
        "Ukrainian forces destroyed 17 tanks (total 9,382) and 38 drones (total: 19,111), "
        "the General Staff said. Air defence also shot down a cruise missile, bringing the "
        "total to 2,754."
    )
    result = parse_document(text, published=dt.date(2024, 11, 19))
    assert result.general_staff is not None
    assert result.general_staff.figures == {"tanks": 9382, "uav": 19111, "cruise_missiles": 2754}
    assert result.general_staff.deltas == {"tanks": 17, "uav": 38, "cruise_missiles": 1}
    # A running total is the General Staff's tally, not an overnight Air Force report.
    assert result.air_attacks == ()


def test_an_agreeing_headline_lends_the_body_its_delta_and_a_disagreeing_one_does_not() -> None:
    # gs_losses_daily_petroivaniuk.csv 2023-07-05 (personnel 231,700 = 231,030 + 670).
    body = (
        "The General Staff of Ukraine reported on July 5 that Russia has lost 231,700 "
        "personnel, 4,062 tanks and 7,917 armoured vehicles."
    )
    agreeing = parse_document(
        "Russian losses reach 231,700 troops, 670 of them over the past day\n\n" + body
    ).general_staff
    assert agreeing is not None
    assert agreeing.figures == {"personnel": 231700, "tanks": 4062, "afv": 7917}
    assert agreeing.deltas == {"personnel": 670}

    disagreeing = parse_document(
        "Russian losses reach 231,030 troops, 630 of them over the past day\n\n" + body
    )
    assert disagreeing.general_staff is not None
    assert disagreeing.general_staff.figures["personnel"] == 231700
    assert disagreeing.general_staff.deltas == {}
    assert "headline_disagrees" in disagreeing.notes


def test_a_percentage_change_is_no_increase() -> None:
    text = (
        "The General Staff: 833,000 troops (+0.2%), 9,876 tanks +5% over the month, "
        "20,573 armoured vehicles (+12)."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 833000, "tanks": 9876, "afv": 20573}
    assert staff.deltas == {"afv": 12}


def test_a_bare_increase_in_the_next_table_cell_is_the_day_increase() -> None:
    text = "Personnel\n833,000\n+1,380\nTanks\n9,876\n+5\nArtillery systems\n22,366\n+27"
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.deltas == {"personnel": 1380, "tanks": 5, "artillery": 27}


def test_fuel_tanks_alone_are_no_figure_after_the_2022_merge() -> None:
    text = (
        "As of November 20, Russia has lost 1,162,120 troops (+890), 11,357 tanks (+1) and "
        "23,597 armoured vehicles (+2), the General Staff said. Drones struck an oil depot, "
        "setting 3 fuel tanks on fire."
    )
    staff = parse_document(text, published=dt.date(2025, 11, 20)).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 1162120, "tanks": 11357, "afv": 23597}
    assert "fuel_tanks" not in staff.deltas


def test_past_day_sentence_before_the_totals_goes_with_them_not_the_headline() -> None:
    text = (
        "Росія втратила понад 1,08 мільйона військових: дані Генштабу\n\n"
        "За минулу добу Сили оборони ліквідували 800 окупантів. Загалом втрати ворога сягнули "
        "1 083 790 осіб. Окрім того, знищено 11 156 танків (+1) та 23 233 ББМ (+4)."
    )
    result = parse_document(text, published=dt.date(2025, 9, 2))
    assert result.general_staff is not None
    assert result.general_staff.figures == {"personnel": 1083790, "tanks": 11156, "afv": 23233}
    assert result.general_staff.deltas == {"personnel": 800, "tanks": 1, "afv": 4}
    assert result.notes == ("headline_disagrees",)


def test_with_as_many_totals_the_list_with_the_day_increases_wins() -> None:
    text = (
        "Генштаб: Россия потеряла уже свыше 1,25 млн военных\n\n"
        "По состоянию на 14 февраля 2026 года общие потери российской армии составили "
        "1 252 020 человек. За минувшие сутки украинские военные уничтожили 1 070 оккупантов, "
        "один танк и три ББМ."
    )
    staff = parse_document(text, published=dt.date(2026, 2, 14)).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 1252020}
    assert staff.qualifiers == {}
    assert staff.deltas == {"personnel": 1070, "tanks": 1, "afv": 3}


def test_a_totals_own_increase_outranks_one_stated_apart() -> None:
    text = (
        "Russia loses 1,150 soldiers in a day\n\n"
        "The General Staff's bulletin: personnel about 489,870 (+1,410), tanks 7,547 (+18), "
        "armoured vehicles 14,552 (+14)."
    )
    staff = parse_document(text, published=dt.date(2024, 5, 17)).general_staff
    assert staff is not None
    assert staff.deltas == {"personnel": 1410, "tanks": 18, "afv": 14}


def test_soft_hyphens_in_plain_text_split_no_word() -> None:
    # A fetched article's main text keeps the soft hyphens and zero-width spaces of its page.
    text = "Генштаб: тан\u00adків ‒ 9876 (+5) од, ББМ ‒ 20\u200b573 (+12) од, РСЗВ ‒ 1263 (+0) од"
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"tanks": 9876, "afv": 20573, "mlrs": 1263}


def test_increase_after_a_comma_and_the_past_day() -> None:
    text = (
        "Втрати ворога станом на 28 січня:\nОсобовий склад: 833 000, за добу — 1 380\n"
        "Танки: 9 876, за добу — 5\nББМ: 20 573 — за добу 12"
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 833000, "tanks": 9876, "afv": 20573}
    assert staff.deltas == {"personnel": 1380, "tanks": 5, "afv": 12}
