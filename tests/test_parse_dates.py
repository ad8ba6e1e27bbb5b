"""Report dates: the morning the totals are as of, in Kyiv calendar days."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.parse import parse_document

LIST = "9,876 tanks, 20,573 armoured vehicles and 22,366 artillery systems"


def report_date(text: str, published: dt.date | None = None) -> dt.date | None:
    staff = parse_document(text, published=published).general_staff
    assert staff is not None
    return staff.report_date


def test_range_heading_names_its_end() -> None:
    text = (
        "Загальні бойові втрати з 24.02.22 по 28.01.25 склали: "
        "танків ‒ 9876, ББМ ‒ 20573, РСЗВ ‒ 1263"
    )
    assert report_date(text) == dt.date(2025, 1, 28)


@pytest.mark.parametrize(
    "heading",
    ["As of January 28, 2025, the General Staff counts", "The General Staff, as of 28.01.2025:"],
)
def test_as_of_names_the_report_date(heading: str) -> None:
    assert report_date(f"{heading} {LIST}.") == dt.date(2025, 1, 28)


def test_past_day_names_the_day_before_the_report() -> None:
    text = f"Over the past day, 27 January, the General Staff reported {LIST}."
    assert report_date(text, published=dt.date(2025, 1, 29)) == dt.date(2025, 1, 28)


def test_ukrainian_past_day() -> None:
    text = (
        "Генштаб: за минулу добу 27 січня знищено ворога. "
        "Всього: танків ‒ 9876, ББМ ‒ 20573, РСЗВ ‒ 1263"
    )
    assert report_date(text, published=dt.date(2025, 1, 28)) == dt.date(2025, 1, 28)


def test_year_comes_from_published_closest_not_after() -> None:
    text = f"The General Staff reported on Dec. 31: {LIST}."
    assert report_date(text, published=dt.date(2025, 1, 1)) == dt.date(2024, 12, 31)


def test_no_date_takes_published_or_nothing() -> None:
    text = f"The General Staff reported {LIST}."
    assert report_date(text, published=dt.date(2025, 1, 28)) == dt.date(2025, 1, 28)
    assert report_date(text) is None


def test_invasion_start_is_never_the_report_date() -> None:
    text = f"Since February 24, 2022, Russia has lost {LIST}, the General Staff said."
    assert report_date(text, published=dt.date(2025, 1, 28)) == dt.date(2025, 1, 28)


def test_lost_month_falls_back_to_published() -> None:
    text = f"As of 28 ???? 2025, the General Staff counts {LIST}."
    assert report_date(text, published=dt.date(2025, 1, 28)) == dt.date(2025, 1, 28)


@pytest.mark.parametrize(
    "text",
    [
        f"On Jan. 26 a drone hit Kharkiv. The General Staff said today: {LIST}.",
        "Станом на сьогодні: танків ‒ 9876, ББМ ‒ 20573, РСЗВ ‒ 1263. 26 січня ворог атакував.",
        "На сегодня: танков ‒ 9876, ББМ ‒ 20573, РСЗО ‒ 1263. 26 января враг атаковал.",
    ],
)
def test_today_is_the_publication_day_over_a_bare_date(text: str) -> None:
    assert report_date(text, published=dt.date(2025, 1, 28)) == dt.date(2025, 1, 28)
    # Without a publication date "today" names no day, and "Jan. 26" has no year.
    assert report_date(text) is None


def test_a_dated_as_of_before_today_wins() -> None:
    text = f"As of January 27, 2025, the General Staff counts {LIST}; more news today."
    assert report_date(text, published=dt.date(2025, 1, 28)) == dt.date(2025, 1, 27)


def test_a_previous_records_date_is_not_the_report_date() -> None:
    text = (
        "Russia lost 2,200 troops over the past day, Ukraine's General Staff said. The previous "
        "record of 2,030 was set on November 29.\n\nIn total, Russia has lost 770,420 troops, "
        "9,584 tanks and 19,823 armored vehicles."
    )
    staff = parse_document(text, published=dt.date(2024, 12, 20)).general_staff
    assert staff is not None
    assert staff.report_date == dt.date(2024, 12, 20)
    assert staff.figures["personnel"] == 770420
    assert staff.deltas == {"personnel": 2200}
