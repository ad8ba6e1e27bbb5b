"""Numbers as bulletins and retellings write them: every separator, scales, spelled words."""

from __future__ import annotations

import pytest

from pipeline.parse import parse_document
from pipeline.parse.lexicon import lexicon
from pipeline.parse.numbers import digits_value


def personnel(text: str) -> int | None:
    staff = parse_document(text).general_staff
    assert staff is not None
    return staff.figures.get("personnel")


@pytest.mark.parametrize(
    "written",
    ["833,000", "833 000", "833\u00a0000", "833\u202f000", "833\u2009000", "833.000", "833000"],
)
def test_every_thousands_separator_reads_the_same(written: str) -> None:
    text = f"Russia has lost {written} troops, 9,876 tanks and 20,573 armoured fighting vehicles."
    assert personnel(text) == 833_000


@pytest.mark.parametrize(
    ("digits", "scale", "value"),
    [
        ("1.22", 1_000_000, 1_220_000),
        ("1,2", 1_000_000, 1_200_000),
        ("24,9", 1000, 24_900),
        ("21.6", 1000, 21_600),
        ("833", 1000, 833_000),
        ("834,670", None, 834_670),
    ],
)
def test_scaled_numbers(digits: str, scale: int | None, value: int) -> None:
    assert digits_value(digits, scale) == value


def test_a_decimal_without_a_scale_is_not_read() -> None:
    assert digits_value("24.9", None) is None


def test_scaled_figure_without_qualifier_is_about() -> None:
    text = "Russia has lost 1.22 million troops, 9,876 tanks and 20,573 armoured vehicles."
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures["personnel"] == 1_220_000
    assert staff.qualifiers["personnel"] == "about"


@pytest.mark.parametrize(
    ("language", "phrase", "value"),
    [
        ("en", "twenty-two", 22),
        ("en", "one", 1),
        ("uk", "двох", 2),
        ("uk", "однієї", 1),
        ("uk", "півтори тисячі", 1500),
        ("ru", "полторы тысячи", 1500),
        ("ru", "двух", 2),
        ("en", "nine thousand eight hundred seventy-six", 9876),
        ("en", "one hundred and twenty", 120),
        ("en", "two hundred thousand", 200_000),
        ("en", "one million two hundred thousand", 1_200_000),
        ("uk", "дев'ять тисяч вісімсот сімдесят шість", 9876),
        ("ru", "девять тысяч восемьсот семьдесят шесть", 9876),
        ("ru", "сто двадцать", 120),
    ],
)
def test_number_words_including_inflections(language: str, phrase: str, value: int) -> None:
    assert lexicon(language).word_numbers.value(phrase) == value


def test_one_submarine_and_a_helicopter_are_figures() -> None:
    # The General Staff's figures of 2024-08-08 (gs_losses_daily_petroivaniuk.csv): helicopters
    # 327 (+1), tanks 8,431 (+2), personnel 587,510, ships 28, submarines 1.
    text = (
        "Over the past day, Ukrainian forces destroyed a helicopter (total 327) and 2 tanks "
        "(total 8,431), the General Staff said on Aug. 8. In total, Russia has lost 587,510 "
        "troops, 28 ships and one submarine."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures["submarines"] == 1
    assert staff.figures["helicopters"] == 327
    assert staff.deltas["helicopters"] == 1
    assert staff.deltas["tanks"] == 2


def test_model_names_with_digits_are_not_figures() -> None:
    text = (
        "The General Staff: 9,876 tanks, including T-62 and T-90M, 369 aircraft such as Su-34, "
        "and 1,050 air defence systems like the S-300."
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"tanks": 9876, "aircraft": 369, "air_defense": 1050}


@pytest.mark.parametrize("mark", [".", ")"])
def test_numbered_list_items_are_not_figures(mark: str) -> None:
    text = (
        f"Втрати ворога на 28 січня:\n1{mark} особового складу — близько 833 000 (+1380) осіб\n"
        f"2{mark} танків — 9876 (+5) од\n  3{mark} ББМ — 20 573 (+12) од"
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.figures == {"personnel": 833000, "tanks": 9876, "afv": 20573}
    assert staff.deltas == {"personnel": 1380, "tanks": 5, "afv": 12}


def test_increase_in_the_next_table_cell() -> None:
    text = (
        "Категорія | Всього | За добу\nОсобовий склад | 833 000 | +1 380\nТанки | 9 876 | +5\n"
        "ББМ | 20 573 | +12"
    )
    staff = parse_document(text).general_staff
    assert staff is not None
    assert staff.deltas == {"personnel": 1380, "tanks": 5, "afv": 12}
