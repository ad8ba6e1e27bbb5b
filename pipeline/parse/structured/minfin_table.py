"""The daily tables of index.minfin.com.ua/en/russian-invading/casualties/.

Each day is a date heading followed by lines "category — total (+change)";
personnel carries an "aprx." (about) qualifier. Month pages (``/YYYY-MM/``)
list every day of a month, newest first, in the same shape.
"""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup

from pipeline.parse.structured.result import StructuredDay, within_reporting_window

# Row labels (English and Ukrainian pages), most specific first: "fuel tanks"
# must not be read as "tanks".
LABELS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), key)
    for pattern, key in (
        (
            r"(vehicles|cars) and (fuel )?(tanks|tankers)"
            r"|автомобільн\w* техн\w* (та|і) (авто)?цистерн",
            "vehicles_fuel_tanks",
        ),
        (r"fuel tanks?|цистерн\w* з ПММ", "fuel_tanks"),
        (r"(military )?(auto|vehicles)$|автомобільн\w* техн\w*$", "military_auto"),
        (r"tanks?$|танк\w*$", "tanks"),
        (r"(armou?red (fighting|combat) vehicles|AFV|APV|BBM|ББМ)", "afv"),
        (r"artillery|артилерій", "artillery"),
        (r"MLRS|multiple launch|РСЗВ", "mlrs"),
        (r"anti-aircraft|air defen[cs]e|засоби ППО|ППО", "air_defense"),
        (r"(aircraft|planes|airplanes)$|літак", "aircraft"),
        (r"helicopters?|гелікоптер|вертол", "helicopters"),
        (r"UAV|drones|БПЛА", "uav"),
        (r"cruise missiles|крилаті ракети", "cruise_missiles"),
        (r"warships|ships|boats|кораблі", "ships"),
        (r"submarines|підводні", "submarines"),
        (r"special (military )?equipment|спеціальна техніка", "special_equipment"),
        (r"(mobile )?SRBM|ОТРК", "mobile_srbm_systems"),
        (r"ground robotic|наземні робот", "ground_robotic_systems"),
        (r"prisoners|POW|полонен", "pow"),
        (r"personnel|особовий склад", "personnel"),
    )
)
_QUALIFIERS = {
    "aprx": "about",
    "approx": "about",
    "approximately": "about",
    "about": "about",
    "близько": "about",
    "more than": "more than",
    "over": "more than",
    "понад": "more than",
}
_NUMBER = r"\d[\d\u00a0\u202f\u2009 ,]*"
_ROW = re.compile(
    r"^(?P<label>[^—–]+?)\s*[—–]\s*"
    r"(?:(?P<qualifier>aprx\.?|approx\.?|approximately|about|more than|over|близько|понад)\s*)?"
    rf"(?P<total>{_NUMBER})"
    rf"(?:\s*\(\s*(?P<sign>[+\-−])?\s*(?P<change>{_NUMBER})\s*\))?",
    re.IGNORECASE,
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_DATE_WORDS = re.compile(
    r"^(?:as of\s+|станом на\s+)?(?P<month>[A-Za-z]+)\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})$",
    re.IGNORECASE,
)
_DATE_NUMERIC = re.compile(
    r"^(?:as of\s+|станом на\s+)?(?P<day>\d{1,2})\.(?P<month>\d{2})\.(?P<year>\d{4})$",
    re.IGNORECASE,
)


def _date_heading(line: str) -> dt.date | None:
    match = _DATE_WORDS.match(line)
    if match:
        month = _MONTHS.get(match["month"].lower())
        if month is None:
            return None
        return dt.date(int(match["year"]), month, int(match["day"]))
    match = _DATE_NUMERIC.match(line)
    if match:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    return None


def _category(label: str) -> str | None:
    cleaned = re.sub(r"\s+", " ", label).strip(" :*\u200e")
    for pattern, key in LABELS:
        if pattern.search(cleaned):
            return key
    return None


def _number(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def page_lines(page: str) -> list[str]:
    """The page's visible text, one table row or heading per line."""
    if "<" in page and ">" in page:
        soup = BeautifulSoup(page, "html.parser")
        # Inline markup ("<abbr>AFV</abbr> — 12321") must not split a row in two.
        for tag in soup.find_all(["abbr", "a", "b", "i", "em", "strong", "small", "sup", "font"]):
            tag.unwrap()
        soup.smooth()
        page = soup.get_text("\n")
    lines: list[str] = []
    for raw in page.splitlines():
        line = re.sub(r"[\s\u200e\u200f]+", " ", raw).strip()
        if line:
            lines.append(line)
    return lines


def parse_table_page(page: str) -> list[StructuredDay]:
    """Every dated day on the page, oldest first; rows before the first date are ignored."""
    days: dict[dt.date, StructuredDay] = {}
    current: StructuredDay | None = None
    for line in page_lines(page):
        heading = _date_heading(line)
        if heading is not None:
            current = days.setdefault(heading, StructuredDay(report_date=heading, figures={}))
            continue
        match = _ROW.match(line)
        if current is None or match is None:
            continue
        key = _category(match["label"])
        if key is None or key in current.figures:
            continue
        if not within_reporting_window(key, current.report_date):
            continue
        current.figures[key] = _number(match["total"])
        if match["change"] is not None:
            change = _number(match["change"])
            current.deltas[key] = -change if match["sign"] in ("-", "−") else change
        if match["qualifier"]:
            word = match["qualifier"].lower().rstrip(".")
            current.qualifiers[key] = _QUALIFIERS.get(word, "about")
    return [days[report_date] for report_date in sorted(days) if days[report_date].figures]
