"""A fetched page's main text: what the parser reads of real page structures.

The pages in tests/fixtures/fetch/pages/ follow common layouts (WordPress with "Read also",
related posts and a sidebar, AMP, news sites' tables and definition lists, old pages without
<article>); each names its figures as placeholders, filled from the real reference series:
the bulletin of one day, and the day before's figures in the page's furniture.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from string import Template

import pytest

from pipeline.parse import parse_document
from pipeline.sources.text import main_text
from tests.fetch_fixtures import UK_MONTHS_GENITIVE, Reference

PAGES = Path(__file__).parent / "fixtures" / "fetch" / "pages"
DAY = dt.date(2025, 1, 28)

UK_LABELS = (
    ("personnel", "Особовий склад"),
    ("tanks", "Танки"),
    ("afv", "ББМ"),
    ("artillery", "Артилерійські системи"),
    ("mlrs", "РСЗВ"),
    ("air_defense", "Засоби ППО"),
    ("aircraft", "Літаки"),
    ("helicopters", "Гелікоптери"),
    ("uav", "БПЛА оперативно-тактичного рівня"),
    ("cruise_missiles", "Крилаті ракети"),
    ("ships", "Кораблі / катери"),
    ("submarines", "Підводні човни"),
    ("vehicles_fuel_tanks", "Автомобільна техніка та автоцистерни"),
    ("special_equipment", "Спеціальна техніка"),
)
RU_LINES = (
    ("personnel", "личного состава — около {total} (+{change}) человек"),
    ("tanks", "танков — {total} (+{change})"),
    ("afv", "боевых бронированных машин — {total} (+{change})"),
    ("artillery", "артиллерийских систем — {total} (+{change})"),
    ("mlrs", "РСЗО — {total} (+{change})"),
    ("air_defense", "средств ПВО — {total} (+{change})"),
    ("aircraft", "самолетов — {total} (+{change})"),
    ("helicopters", "вертолетов — {total} (+{change})"),
    ("uav", "БПЛА оперативно-тактического уровня — {total} (+{change})"),
    ("cruise_missiles", "крылатых ракет — {total} (+{change})"),
    ("ships", "кораблей/катеров — {total} (+{change})"),
    ("submarines", "подводных лодок — {total} (+{change})"),
    ("vehicles_fuel_tanks", "автомобильной техники и автоцистерн — {total} (+{change})"),
    ("special_equipment", "специальной техники — {total} (+{change})"),
)
RU_MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def spaced(number: int) -> str:
    """Thousands separated by a no-break space, as Ukrainian and Russian sites print them."""
    return f"{number:,}".replace(",", "\u00a0")


def render(name: str, reference: Reference, day: dt.date) -> str:
    """The page ``name`` with the bulletin of ``day`` and the day before's in its furniture."""
    older = day - dt.timedelta(days=1)
    figures, older_figures = reference.figures(day), reference.figures(older)
    uk_lines = [line for line in reference.official_uk(day).splitlines() if line]
    ru_items = [
        line.format(total=spaced(figures[key]), change=reference.change(day, key))
        for key, line in RU_LINES
    ]
    older_personnel, older_tanks = older_figures["personnel"], older_figures["tanks"]
    older_uk_date = f"{older.day} {UK_MONTHS_GENITIVE[older.month - 1]}"
    values = {
        "date_uk": f"{day.day} {UK_MONTHS_GENITIVE[day.month - 1]} {day.year}",
        "date_ru": f"{day.day} {RU_MONTHS_GENITIVE[day.month - 1]} {day.year}",
        "date_en": f"{day:%B} {day.day}, {day.year}",
        "iso_date": day.isoformat(),
        "dotted_date": f"{day:%d.%m.%Y}",
        "short_date": f"{day:%d.%m.%y}",
        "personnel_change_en": f"{reference.change(day, 'personnel'):,}",
        "bulletin_uk_paragraphs": "\n".join(f"<p>{line}</p>" for line in uk_lines),
        "bulletin_uk_lines_paragraphs": "\n".join(f"<p>{line}</p>" for line in uk_lines[1:-1]),
        "bulletin_uk_br": "<br>\n".join(uk_lines),
        "bulletin_ru_br": "<br>\n".join(ru_items),
        "bulletin_ru_items": "".join(f"<li>{item}</li>" for item in ru_items),
        "definition_list": "\n".join(
            f"<dt>{label}</dt><dd>{spaced(figures[key])} (+{reference.change(day, key)})</dd>"
            for key, label in UK_LABELS
        ),
        "table_rows": "\n".join(
            f"<tr><td>{label}</td><td>{spaced(figures[key])}</td>"
            f"<td>+{reference.change(day, key)}</td></tr>"
            for key, label in UK_LABELS
        ),
        "english_paragraphs": "\n".join(
            f"<p>{paragraph}</p>" for paragraph in reference.english_retelling(day)
        ),
        "older_headline_uk": f"Втрати ворога на {older_uk_date}: загалом {spaced(older_personnel)}"
        f" окупантів і {older_tanks} танків",
        "older_excerpt_uk": f"Загальні бойові втрати противника з 24.02.22 по {older:%d.%m.%y}"
        f" орієнтовно склали: особового складу ‒ близько {older_personnel}"
        f" (+{reference.change(older, 'personnel')}) осіб, танків ‒ {older_tanks}"
        f" (+{reference.change(older, 'tanks')}) од",
        "older_headline_ru": f"Потери армии РФ на {older.day}"
        f" {RU_MONTHS_GENITIVE[older.month - 1]}: {spaced(older_personnel)} военных",
        "older_headline_en": f"Russian losses as of {older:%B} {older.day}:"
        f" {older_personnel:,} troops, {older_tanks:,} tanks",
        "older_excerpt_en": f"personnel – about {older_personnel:,}"
        f" (+{reference.change(older, 'personnel')}), tanks – {older_tanks:,}"
        f" (+{reference.change(older, 'tanks')})",
        "older_teasers_ru": "\n".join(
            teaser_ru(reference, older - dt.timedelta(days=back)) for back in range(6)
        ),
    }
    template = Template((PAGES / f"{name}.html").read_text(encoding="utf-8"))
    return template.substitute(values)


def teaser_ru(reference: Reference, day: dt.date) -> str:
    figures = reference.figures(day)
    headline = (
        f"Потери армии РФ на {day.day} {RU_MONTHS_GENITIVE[day.month - 1]}:"
        f" {spaced(figures['personnel'])} военных, {figures['tanks']} танков,"
        f" {figures['artillery']} артсистем, по данным Генштаба ВСУ"
    )
    return f'<p><a href="/news/{day:%Y%m%d}">{html.escape(headline)}</a></p>'


def written(number: int) -> tuple[str, ...]:
    """The ways the pages write ``number``, as main text has them (a no-break space is a space)."""
    return str(number), f"{number:,}", f"{number:,}".replace(",", " ")


PAGE_NAMES = (
    "wordpress_read_also",
    "definition_list",
    "table_cells",
    "teaser_article_first",
    "no_article_dense_block",
    "read_also_before_retelling",
    "article_header_date",
    "amp_related",
    "label_then_links_ru",
)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_main_text_is_the_bulletin_and_not_the_day_befores(name: str, reference: Reference) -> None:
    _title, text = main_text(render(name, reference, DAY))

    assert any(tanks in text for tanks in written(reference.figures(DAY)["tanks"]))
    older = DAY - dt.timedelta(days=1)
    for personnel in written(reference.figures(older)["personnel"]):
        assert personnel not in text


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_parser_reads_the_bulletin_of_the_day_from_the_main_text(
    name: str, reference: Reference
) -> None:
    _title, text = main_text(render(name, reference, DAY))

    result = parse_document(text, published=DAY)

    assert result.general_staff is not None
    assert result.general_staff.report_date == DAY
    assert result.general_staff.figures == reference.figures(DAY)


def test_cells_and_definitions_end_their_lines(reference: Reference) -> None:
    _title, table = main_text(render("table_cells", reference, DAY))
    _title, definitions = main_text(render("definition_list", reference, DAY))

    tanks = written(reference.figures(DAY)["tanks"])[-1]
    change = reference.change(DAY, "tanks")
    assert f"\nТанки\n\n{tanks}\n\n+{change}\n" in table
    assert f"\nТанки\n\n{tanks} (+{change})\n" in definitions
    assert "Джерело: Генеральний штаб ЗСУ" in table


def test_an_articles_own_header_and_footer_stay_and_the_sites_go(reference: Reference) -> None:
    _title, text = main_text(render("article_header_date", reference, DAY))

    assert text.startswith("Втрати ворога станом на 28 січня 2025 року\n")
    assert text.endswith("Джерело: Генеральний штаб ЗСУ")
    assert "USD" not in text and "©" not in text
    # Fetched a day late, the page still reports the day its headline names.
    result = parse_document(text, published=DAY + dt.timedelta(days=1))
    assert result.general_staff is not None
    assert result.general_staff.report_date == DAY


def test_a_layout_named_after_its_sidebar_is_not_furniture() -> None:
    page = (
        '<html><body class="has-sidebar"><div class="container no-sidebar"><div class="text">'
        "<p>Втрати ворога на 28 січня 2025 року.</p><p>Танки ‒ 9876 (+5) од.</p>"
        '</div><div class="sidebar"><p><a href="/x">Танки ‒ 9871 (+3) од.</a></p></div>'
        "</div></body></html>"
    )

    _title, text = main_text(page)

    assert text == "Втрати ворога на 28 січня 2025 року.\n\nТанки ‒ 9876 (+5) од."


def test_a_paragraph_that_only_begins_with_read_also_stays() -> None:
    page = (
        "<article><p>Read also the General Staff's figures: tanks – 9,876 (+5),"
        ' <a href="/x">more</a>.</p></article>'
    )

    _title, text = main_text(page)

    assert text == "Read also the General Staff's figures: tanks – 9,876 (+5), more."
