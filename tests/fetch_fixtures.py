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
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from pipeline.config import HttpSettings, Settings
from pipeline.dates import utc_now
from pipeline.store import Store
from pipeline.store.queries import totals_as_of
from tests.localserver import LocalServer
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


# --- A set of sources on the local server ------------------------------------------

GS_CHANNEL = "GeneralStaffZSU"
AF_CHANNEL = "kpszsu"
FIRST_GS_DAYS = (dt.date(2025, 1, 26), dt.date(2025, 1, 27), dt.date(2025, 1, 28))
NEW_GS_DAY = dt.date(2025, 1, 29)
AIR_ATTACK_MORNING = dt.date(2025, 1, 29)


def _gs_post(reference: Reference, day: dt.date, post_id: int) -> TelegramPost:
    posted_at = dt.datetime.combine(day, dt.time(5, 2), tzinfo=dt.UTC)
    return TelegramPost(post_id, reference.official_uk(day), posted_at)


class FixtureSources:
    """Publishes the fixture sources on a server; ``configs`` is their ``[[sources]]``."""

    def __init__(self, server: LocalServer, reference: Reference) -> None:
        self.server = server
        self.reference = reference
        older, *newer = FIRST_GS_DAYS
        self.gs_posts = [_gs_post(reference, day, 30400 + index) for index, day in enumerate(newer)]
        self.gs_posts.append(
            TelegramPost(30410, "Слава Україні! 🇺🇦", dt.datetime(2025, 1, 28, 9, tzinfo=dt.UTC))
        )
        self.publish_gs()
        server.serve(
            f"/s/{GS_CHANNEL}?before=30400",
            telegram_page(GS_CHANNEL, "Генеральний штаб ЗСУ", [_gs_post(reference, older, 30390)]),
        )
        night = air_attack_night(reference.dir, AIR_ATTACK_MORNING)
        server.serve(
            f"/s/{AF_CHANNEL}",
            telegram_page(
                AF_CHANNEL,
                "Повітряні сили ЗС України",
                [
                    TelegramPost(
                        8120,
                        night.report_uk(),
                        dt.datetime.combine(AIR_ATTACK_MORNING, dt.time(7, 41), tzinfo=dt.UTC),
                    )
                ],
            ),
        )
        self._publish_feeds()

    def publish_gs(self) -> None:
        self.server.serve(
            f"/s/{GS_CHANNEL}", telegram_page(GS_CHANNEL, "Генеральний штаб ЗСУ", self.gs_posts)
        )

    def publish_new_bulletin(self) -> None:
        """The General Staff posts the bulletin of NEW_GS_DAY."""
        self.gs_posts.append(_gs_post(self.reference, NEW_GS_DAY, 30420))
        self.publish_gs()

    def _publish_feeds(self) -> None:
        site = self.server.url("")
        day_28, day_27 = dt.date(2025, 1, 28), dt.date(2025, 1, 27)
        published_28 = dt.datetime(2025, 1, 28, 7, 15, tzinfo=dt.UTC)
        self.server.serve(
            "/rss/block-lastnews",
            rss_feed(
                site,
                [
                    FeedItem(
                        guid="ukrinform-3952871",
                        title="Enemy losses as of January 28, 2025",
                        link=f"{site}/rubric-ato/3952871-enemy-losses.html",
                        summary="The total combat losses of the Russian army in Ukraine ...",
                        published=published_28,
                    ),
                    FeedItem(
                        guid="ukrinform-3952900",
                        title="Kyiv opera opens season with Lysenko's Natalka Poltavka",
                        link=f"{site}/rubric-culture/3952900-opera.html",
                        summary="The National Opera of Ukraine opened its winter season.",
                        published=published_28,
                    ),
                ],
            ),
            "application/rss+xml; charset=utf-8",
        )
        self.server.serve(
            "/rubric-ato/3952871-enemy-losses.html",
            article_page(
                "Enemy losses as of January 28, 2025",
                self.reference.english_retelling(day_28),
                published_28,
                3952871,
            ),
        )
        published_27 = dt.datetime(2025, 1, 27, 6, 40, tzinfo=dt.UTC)
        self.server.serve(
            "/news-archive/rss/",
            atom_feed(
                site,
                [
                    FeedItem(
                        guid=f"{site}/general-staff-russian-losses-jan-27/",
                        title="General Staff: Russia's losses in Ukraine as of Jan. 27",
                        link=f"{site}/general-staff-russian-losses-jan-27/",
                        summary="<p>Russian losses reported by the General Staff.</p>",
                        published=published_27,
                    )
                ],
            ),
            "application/atom+xml",
        )
        self.server.serve(
            "/general-staff-russian-losses-jan-27/",
            article_page(
                "General Staff: Russia's losses in Ukraine as of Jan. 27",
                self.reference.english_retelling(day_27),
                published_27,
                871203,
            ),
        )
        self.server.serve(
            "/mod/news",
            "<html><head><title>Міністерство оборони України</title></head><body>"
            "<nav><a href='/'>Головна</a></nav><main><h1>Новини</h1>"
            f"<p>{html.escape(self.reference.official_uk(day_27)).replace(chr(10), '<br>')}</p>"
            "</main><footer>© 2025 Міноборони</footer></body></html>",
        )

    @property
    def configs(self) -> list[dict[str, object]]:
        return [
            {
                "name": "general-staff-telegram",
                "kind": "telegram",
                "url": self.server.url(f"/s/{GS_CHANNEL}"),
                "priority": 1,
                "pages": 2,
            },
            {
                "name": "air-force-telegram",
                "kind": "telegram",
                "url": self.server.url(f"/s/{AF_CHANNEL}"),
                "priority": 1,
            },
            {
                "name": "ukrinform",
                "kind": "feed",
                "url": self.server.url("/rss/block-lastnews"),
                "priority": 20,
            },
            {
                "name": "kyiv-independent",
                "kind": "feed",
                "url": self.server.url("/news-archive/rss/"),
                "priority": 20,
            },
            {
                "name": "mod-news",
                "kind": "html",
                "url": self.server.url("/mod/news"),
                "priority": 5,
            },
        ]


def write_config(
    path: Path, database_url: str, http: HttpSettings, sources: list[dict[str, object]]
) -> Path:
    """A losses.toml for the command line, as a user would write it."""

    def toml_value(value: object) -> str:
        return json.dumps(value) if not isinstance(value, bool) else str(value).lower()

    lines = [f"database_url = {toml_value(database_url)}", "", "[http]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in http.model_dump().items()]
    for source in sources:
        lines += ["", "[[sources]]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in source.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Quick to fail and never polite-waiting: what the fetch tests need of the HTTP client.
FAST_HTTP = HttpSettings(
    user_agent="losses-pipeline-tests/1.0 (+https://example.org/contact)",
    connect_timeout=1.0,
    read_timeout=0.5,
    max_body_bytes=256 * 1024,
    max_redirects=3,
    politeness_delay=0,
    retry_attempts=2,
    retry_timeout=2.0,
)


def settings_for(database_url: str, sources: list[dict[str, Any]]) -> Settings:
    return Settings(database_url=database_url, http=FAST_HTTP, sources=sources)


def current_totals(store: Store) -> dict[tuple[dt.date, str], int]:
    with store.reader() as session:
        return {(day, key): total for day, key, total, _ in totals_as_of(session, utc_now())}


def expected_totals(reference: Reference, days: tuple[dt.date, ...]) -> dict:
    return {
        (day, key): total
        for day in days
        for key, total in reference.figures(day).items()
        if key not in ("pow", "ground_robotic_systems")
    }
