"""Documents for fetch tests, rendered from the real reference series.

Bulletins are written in the General Staff's official Ukrainian format and as an
English retelling, with every figure taken from gs_losses_daily_petroivaniuk.csv
(the "(+N)" is the difference from the previous day, as in the bulletin). The
pages around them (Telegram preview, RSS, Atom, a news article) follow the
templates in tests/fixtures/fetch/.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from string import Template

from tests.reference import load_petroivaniuk

TEMPLATES = Path(__file__).parent / "fixtures" / "fetch"

# The official bulletin's lines, in its order, for dates between 2023-09-14 and 2026-05-02.
OFFICIAL_UK_LINES = (
    ("personnel", "особового складу ‒ близько {total} ({change}) осіб"),
    ("tanks", "танків ‒ {total} ({change}) од"),
    ("afv", "бойових броньованих машин ‒ {total} ({change}) од"),
    ("artillery", "артилерійських систем ‒ {total} ({change}) од"),
    ("mlrs", "РСЗВ ‒ {total} ({change}) од"),
    ("air_defense", "засоби ППО ‒ {total} ({change}) од"),
    ("aircraft", "літаків ‒ {total} ({change}) од"),
    ("helicopters", "гелікоптерів ‒ {total} ({change}) од"),
    ("uav", "БПЛА оперативно-тактичного рівня ‒ {total} ({change})"),
    ("cruise_missiles", "крилаті ракети ‒ {total} ({change})"),
    ("ships", "кораблі / катери ‒ {total} ({change}) од"),
    ("submarines", "підводні човни ‒ {total} ({change}) од"),
    ("vehicles_fuel_tanks", "автомобільної техніки та автоцистерн ‒ {total} ({change}) од"),
    ("special_equipment", "спеціальна техніка ‒ {total} ({change})"),
)
ENGLISH_LINES = (
    ("personnel", "personnel – about {total} ({change})"),
    ("tanks", "tanks – {total} ({change})"),
    ("afv", "armored combat vehicles – {total} ({change})"),
    ("artillery", "artillery systems – {total} ({change})"),
    ("mlrs", "multiple rocket launchers – {total} ({change})"),
    ("air_defense", "air defense systems – {total} ({change})"),
    ("aircraft", "aircraft – {total} ({change})"),
    ("helicopters", "helicopters – {total} ({change})"),
    ("uav", "operational-tactical UAVs – {total} ({change})"),
    ("cruise_missiles", "cruise missiles – {total} ({change})"),
    ("ships", "warships/boats – {total} ({change})"),
    ("submarines", "submarines – {total} ({change})"),
    ("vehicles_fuel_tanks", "vehicles and fuel tanks – {total} ({change})"),
    ("special_equipment", "special equipment – {total} ({change})"),
)
UK_MONTHS_GENITIVE = (
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
)


def template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


class Reference:
    """The reference series, and the bulletins it implies."""

    def __init__(self, reference_dir: Path) -> None:
        self.dir = reference_dir
        self.series = load_petroivaniuk(reference_dir)

    def figures(self, day: dt.date) -> dict[str, int]:
        return self.series[day]

    def change(self, day: dt.date, key: str) -> int:
        return self.series[day][key] - self.series[day - dt.timedelta(days=1)][key]

    def official_uk(self, day: dt.date) -> str:
        """The General Staff's bulletin of ``day`` as posted on Telegram."""
        lines = [
            f"Загальні бойові втрати противника з 24.02.22 по {day:%d.%m.%y} орієнтовно склали:",
            "",
        ]
        for key, line in OFFICIAL_UK_LINES:
            lines.append(
                line.format(total=self.series[day][key], change=f"+{self.change(day, key)}")
            )
        lines.append("Дані уточнюються.")
        return "\n".join(lines)

    def english_retelling(self, day: dt.date) -> list[str]:
        """Paragraphs of an Ukrinform-style retelling of the bulletin of ``day``."""
        bullets = [
            "• "
            + line.format(total=f"{self.series[day][key]:,}", change=f"+{self.change(day, key):,}")
            for key, line in ENGLISH_LINES
        ]
        return [
            f"The total combat losses of the Russian army in Ukraine from February 24, 2022,"
            f" to {day:%B} {day.day}, {day.year}, are estimated as follows, the General Staff"
            " of the Armed Forces of Ukraine reports:",
            "<br>\n".join(bullets),
            "Ukrinform reported earlier that the Defense Forces hit a Russian ammunition depot.",
        ]


@dataclass(frozen=True)
class AirAttackNight:
    """One night of Shahed attacks as the Air Force reported it (the reference row)."""

    morning: dt.date
    start: str
    launched: int
    shot_down: int
    lost_locationally: int

    def report_uk(self) -> str:
        previous = self.morning - dt.timedelta(days=1)
        return (
            f"У ніч на {self.morning.day} {UK_MONTHS_GENITIVE[self.morning.month - 1]}"
            f" {self.morning.year} р. (з {self.start} {previous.day}"
            f" {UK_MONTHS_GENITIVE[previous.month - 1]}) противник атакував"
            f" {self.launched} ударними БпЛА типу Shahed і БпЛА невстановлених типів.\n\n"
            f"Станом на 09:30 підтверджено збиття {self.shot_down} ударних БпЛА типу Shahed"
            " та інших у Київській, Сумській та Харківській областях.\n\n"
            f"{self.lost_locationally} ворожих БпЛА – локаційно втрачені (ймовірно, внаслідок"
            " активної протидії РЕБ)."
        )


def air_attack_night(reference_dir: Path, morning: dt.date) -> AirAttackNight:
    """The Shahed row of airforce_missile_attacks_daily.csv whose night ended on ``morning``."""
    with (reference_dir / "airforce_missile_attacks_daily.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["model"] == "Shahed-136/131" and row["time_end"].startswith(morning.isoformat()):
                return AirAttackNight(
                    morning=morning,
                    start=row["time_start"].split(" ")[1],
                    launched=int(float(row["launched"])),
                    shot_down=int(float(row["destroyed"])),
                    lost_locationally=int(float(row["not_reach_goal"])),
                )
    raise LookupError(f"no Shahed night ending {morning} in the reference")


@dataclass(frozen=True)
class TelegramPost:
    post_id: int
    text: str
    posted_at: dt.datetime


def telegram_page(channel: str, title: str, posts: list[TelegramPost]) -> str:
    message = template("telegram_message.html")
    rendered = [
        message.substitute(
            channel=channel,
            channel_title=html.escape(title),
            post_id=post.post_id,
            text_html=html.escape(post.text).replace("\n", "<br/>"),
            views="412.3K",
            datetime=post.posted_at.isoformat(),
            clock=f"{post.posted_at:%H:%M}",
        )
        for post in sorted(posts, key=lambda post: post.post_id)
    ]
    return template("telegram_page.html").substitute(
        channel_title=html.escape(title), messages="\n".join(rendered)
    )


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    link: str
    summary: str
    published: dt.datetime


def rss_feed(site: str, items: list[FeedItem]) -> str:
    item = template("rss_item.xml")
    rendered = [
        item.substitute(
            title=html.escape(entry.title),
            link=html.escape(entry.link),
            guid=html.escape(entry.guid),
            pub_date=entry.published.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            summary=entry.summary,
        )
        for entry in items
    ]
    return template("rss.xml").substitute(site=site, items="\n".join(rendered))


def atom_feed(site: str, items: list[FeedItem]) -> str:
    entry_template = template("atom_entry.xml")
    rendered = [
        entry_template.substitute(
            title=html.escape(entry.title),
            link=html.escape(entry.link),
            guid=html.escape(entry.guid),
            published=entry.published.isoformat(),
            summary=html.escape(entry.summary),
        )
        for entry in items
    ]
    updated = max(
        (entry.published for entry in items), default=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    return template("atom.xml").substitute(
        site=site, updated=updated.isoformat(), entries="\n".join(rendered)
    )


def article_page(title: str, paragraphs: list[str], published: dt.datetime, article_id: int) -> str:
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return template("article.html").substitute(
        title=html.escape(title), body=body, published=published.isoformat(), article_id=article_id
    )
