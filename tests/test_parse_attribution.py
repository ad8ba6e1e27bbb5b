"""Whose figures: only Ukraine's General Staff counting Russian losses makes a bulletin."""

from __future__ import annotations

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
