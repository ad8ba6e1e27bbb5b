"""Dates mentioned in a text, and which one a bulletin's totals are "as of".

The General Staff publishes each morning the totals up to that morning, so "as of 28 January"
and "з 24.02.22 по 28.01.25" name the report date itself, while "over the past day, 27 January"
names the day whose losses the report of the 28th counts.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import NamedTuple

from pipeline.dates import INVASION_DAY
from pipeline.parse.first_letters import leftmost_matches
from pipeline.parse.lexicon import Lexicon, may_occur

# How far after the publication date a year-less date may fall (time zones, early posts).
_FUTURE_SLACK = dt.timedelta(days=2)


class DateRole(enum.Enum):
    AS_OF = "as_of"
    PAST_DAY = "past_day"
    NIGHT = "night"
    IGNORED = "ignored"
    BARE = "bare"


class DateMention(NamedTuple):
    # A tuple: the cheapest record to build, read only by attribute.
    start: int
    end: int
    role: DateRole
    day: int
    month: int
    year: int | None
    # "today" names no calendar date but the day of publication, this many days before it.
    days_before_published: int | None = None


def _full_year(year: str | None) -> int | None:
    if year is None:
        return None
    value = int(year)
    return value + 2000 if value < 100 else value


def find_dates(text: str, lex: Lexicon) -> list[DateMention]:
    mentions = []
    roles: list[tuple[re.Pattern[str], DateRole]] | None = None
    for found in leftmost_matches(lex.dates, text):
        groups = found.groupdict()
        # The lead is what the date starts with, which the other groups leave out.
        lead = groups["lead"]
        if groups.get("day") is not None:
            month = lex.month(groups["month"])
            day, year = int(lead + groups["day"]), _full_year(groups["year"])
        elif groups.get("month_first") is not None:
            month = lex.month(lead + groups["month_first"])
            day, year = int(groups["day_after"]), _full_year(groups["year_after"])
        elif groups.get("iso_year") is not None:
            day, month = int(groups["iso_day"]), int(groups["iso_month"])
            year = int(lead + groups["iso_year"])
        else:
            day, month = int(lead + groups["num_day"]), int(groups["num_month"])
            year = _full_year(groups["num_year"])
        if month is None or not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if roles is None:
            roles = _roles_in(text, lex)
        start = found.start()
        mentions.append(
            DateMention(start, found.end(), _role(text, start, roles), day, month, year)
        )
    if may_occur(lex.today_hints, text):
        # "The General Staff said today": the totals are as of the morning of publication.
        for found in lex.today.finditer(text):
            mentions.append(DateMention(*found.span(), DateRole.AS_OF, 0, 0, None, 0))
        mentions.sort(key=lambda mention: mention.start)
    return mentions


def _roles_in(text: str, lex: Lexicon) -> list[tuple[re.Pattern[str], DateRole]]:
    """The phrases before a date that may occur in ``text``, first the role that wins."""
    return [
        (pattern, role)
        for pattern, hints, role in (
            (lex.night_before, lex.night_hints, DateRole.NIGHT),
            (lex.past_day_before, lex.past_day_date_hints, DateRole.PAST_DAY),
            (lex.ignored_before, lex.ignored_hints, DateRole.IGNORED),
            (lex.as_of_before, lex.as_of_hints, DateRole.AS_OF),
        )
        if may_occur(hints, text)
    ]


def _role(text: str, start: int, roles: list[tuple[re.Pattern[str], DateRole]]) -> DateRole:
    window = max(0, start - 60)
    for pattern, role in roles:
        if pattern.search(text, window, start):
            return role
    return DateRole.BARE


def resolve(mention: DateMention, published: dt.date | None) -> dt.date | None:
    """The calendar date a mention names, taking a missing year from ``published``."""
    if mention.days_before_published is not None:
        if published is None:
            return None
        return published - dt.timedelta(days=mention.days_before_published)
    if mention.year is not None:
        return _date(mention.year, mention.month, mention.day)
    if published is None:
        return None
    candidates = [
        day
        for year in (published.year - 1, published.year, published.year + 1)
        if (day := _date(year, mention.month, mention.day)) is not None
    ]
    not_after = [day for day in candidates if day - published <= _FUTURE_SLACK]
    pool = not_after or candidates
    return min(pool, key=lambda day: abs(day - published)) if pool else None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def report_date(mentions: list[DateMention], published: dt.date | None) -> dt.date | None:
    """The morning a bulletin's totals are as of; ``published`` when the text names none."""
    by_role: dict[DateRole, list[dt.date]] = {}
    for mention in mentions:
        day = resolve(mention, published)
        # The invasion start opens the count; it is never the date the count is as of.
        if day is not None and day != INVASION_DAY:
            by_role.setdefault(mention.role, []).append(day)
    if DateRole.AS_OF in by_role:
        return by_role[DateRole.AS_OF][0]
    if DateRole.PAST_DAY in by_role:
        return by_role[DateRole.PAST_DAY][0] + dt.timedelta(days=1)
    if DateRole.BARE in by_role:
        return by_role[DateRole.BARE][0]
    return published


def night_date(mentions: list[DateMention], published: dt.date | None) -> dt.date | None:
    """The morning an overnight attack ended; ``published`` for a plain "overnight"."""
    for mention in mentions:
        if mention.role is DateRole.NIGHT:
            return resolve(mention, published)
    for mention in mentions:
        if mention.role in (DateRole.AS_OF, DateRole.BARE):
            return resolve(mention, published)
    return published
