"""Whose figures: only Ukraine's General Staff counting Russian losses makes a bulletin."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.parse import parse_document


def test_russian_mod_claims_about_ukrainian_losses_are_not_a_bulletin() -> None:
    text = (
        "Russia's Defence Ministry claimed that Ukraine lost 1,500 soldiers, 12 tanks, "
        "30 armoured vehicles and 40 artillery systems over the week."
    )
    assert parse_document(text).general_staff is None


def test_oryx_counts_are_not_a_bulletin() -> None:
    text = (
        "Oryx has visually confirmed 3,800 Russian tanks, 8,000 armoured fighting vehicles "
        "and 1,200 artillery systems destroyed or captured."
    )
    assert parse_document(text).general_staff is None


def test_uk_intelligence_estimates_are_not_a_bulletin() -> None:
    text = (
        "UK Defence Intelligence estimates that Russia has suffered around 800,000 casualties "
        "and lost about 9,000 tanks and 18,000 armoured vehicles."
    )
    assert parse_document(text).general_staff is None


def test_mediazona_named_dead_are_not_a_bulletin() -> None:
    text = "Медиазона установила имена 95 000 военных, 1 200 солдат и 300 пленных."
    assert parse_document(text).general_staff is None


def test_article_keeps_only_the_general_staff_figures() -> None:
    text = (
        "The General Staff reported that Russia has lost 833,000 troops, 9,876 tanks and "
        "20,573 armoured vehicles.\n\n"
        "Meanwhile Russia's Defence Ministry claimed Ukraine lost 1,600 soldiers, 15 tanks "
        "and 25 armoured vehicles. The UN counted 232 civilians killed; aid reached $2 billion."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 833000, "tanks": 9876, "afv": 20573}


def test_aid_package_numbers_are_not_a_bulletin() -> None:
    text = "Sweden's package contains 18 armoured vehicles and over 1,000 drones."
    assert parse_document(text).general_staff is None


def test_past_day_increases_alone_from_no_named_source_are_not_a_bulletin() -> None:
    # Whose losses these are was said in a paragraph the text no longer has.
    text = (
        "Ukraine lost 1,325 servicemen over the past day, as well as 3 tanks and 11 armoured "
        "vehicles."
    )
    assert parse_document(text).general_staff is None


def test_past_day_increases_with_one_total_from_no_named_source_are_a_bulletin() -> None:
    text = (
        "Over the past day, 1,310 Russian soldiers, 4 tanks and 7 armoured vehicles were "
        "destroyed. In total Russia has lost 964,580 troops."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 964580}
    assert staff.deltas == {"personnel": 1310, "tanks": 4, "afv": 7}


def test_a_possessive_names_the_source() -> None:
    staff = parse_document(
        "The General Staff's figures for Jan. 28: 833,000 troops (+1,380); 9,876 tanks (+5)."
    ).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 833000, "tanks": 9876}
    claim = "Russia's Defence Ministry's figures: 1,500 troops, 3 tanks, 11 armoured vehicles."
    assert parse_document(claim).general_staff is None


def test_the_general_staff_after_a_russian_mod_claim_starts_its_own_list() -> None:
    text = (
        "Russia's Defense Ministry claimed on Tuesday that Ukraine lost 1,240 troops, 3 tanks "
        "and 12 artillery pieces over the past day.\n\n"
        "Ukraine's General Staff, meanwhile, said Russia had lost 897,010 troops, 10,352 tanks "
        "and 24,640 artillery systems since February 2022."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 897010, "tanks": 10352, "artillery": 24640}
    assert staff.deltas == {}


def test_the_general_staff_named_after_its_own_figure_does_not_split_it() -> None:
    text = (
        "Минобороны РФ заявило, что за сутки ВСУ потеряли до 1 310 военнослужащих.\n\n"
        "Россия потеряла 1 117 360 человек, 1 020 из них за сутки, сообщил Генштаб ВСУ. "
        "Также уничтожены 11 238 танков и 23 319 ББМ."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 1117360, "tanks": 11238, "afv": 23319}


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (
            "Russia has lost about 833,000 troops, 9,876 tanks and 20,573 armored vehicles, "
            "the General Staff said.\n\nRead also: Russia's losses as of January 27: "
            "831,620 troops, 9,871 tanks, 20,561 armored vehicles",
            dt.date(2025, 1, 28),
        ),
        (
            "ЧИТАЙТЕ ТАКОЖ\nВтрати ворога на 27 січня: 831 620 осіб, 9871 танк, 20 561 ББМ\n\n"
            "Генштаб: близько 833 000 осіб, 9876 танків і 20 573 ББМ.",
            dt.date(2025, 1, 28),
        ),
        (
            "▪️ Читайте также: Потери России на 27 января — 831 620 человек, 9871 танк, "
            "20 561 ББМ\nГенштаб ВСУ: около 833 000 человек, 9876 танков и 20 573 ББМ.",
            dt.date(2025, 1, 28),
        ),
    ],
)
def test_read_also_line_is_another_articles_figures_and_date(text: str, published: dt.date) -> None:
    staff = parse_document(text, published=published).general_staff
    assert staff is not None
    assert staff.report_date == published
    assert staff.figures == {"personnel": 833000, "tanks": 9876, "afv": 20573}


def test_read_also_only_within_prose_is_no_link() -> None:
    # "see also" inside a sentence links nothing: the sentence is the article's own.
    text = "Analysts see also 833,000 troops, 9,876 tanks and 20,573 armored vehicles lost."
    assert parse_document(text).general_staff is not None


def test_read_also_line_names_no_source() -> None:
    text = (
        "Read also: Russia's Defense Ministry claims gains near Pokrovsk\n"
        "Russia has lost 833,000 troops, 9,876 tanks and 20,573 armored vehicles."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures["personnel"] == 833000


@pytest.mark.parametrize(
    "text",
    [
        "Over the past week, Russia lost 10,970 troops, 43 tanks and 96 armored vehicles.",
        "In January Russia lost 48,060 troops, 225 tanks and 601 armored vehicles.",
        "За тиждень — 10 970 окупантів, 43 танки, 96 ББМ та 232 артсистеми.",
        "У січні ворог втратив 48 060 осіб, 225 танків і 601 ББМ.",
        "За неделю — 10 970 оккупантов, 43 танка, 96 ББМ и 232 артсистемы.",
        "В январе оккупанты потеряли 48 060 человек, 225 танков и 601 ББМ.",
    ],
)
def test_sums_over_a_week_or_month_are_no_bulletin(text: str) -> None:
    assert parse_document(text).general_staff is None


@pytest.mark.parametrize(
    "text",
    [
        "Генштаб: близько 833 000 осіб (напередодні — 831 620), 9876 танків, 20 573 ББМ.",
        "Генштаб ВСУ: около 833 000 человек (днем ранее — 831 620), 9876 танков, 20 573 ББМ.",
        "The General Staff said 833,000 troops, 9,876 tanks and 20,573 armored vehicles. "
        "A day earlier the figure was 831,620 troops.",
    ],
)
def test_the_day_befores_total_is_neither_figure_nor_increase(text: str) -> None:
    staff = parse_document(text, published=dt.date(2025, 1, 28)).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 833000, "tanks": 9876, "afv": 20573}
    assert staff.deltas == {}
