"""The schedule syntax of the config: cron expressions, intervals, and "either" lists.

A schedule is one or more terms separated by ``;``, and fires whenever any term does:

- a standard 5-field cron expression (minute hour day-of-month month day-of-week),
  evaluated in Kyiv time because that is when the General Staff publishes;
- an interval: a whole number followed by ``s``, ``m`` or ``h`` ("90s", "15m", "2h").

``"*/10 6-11 * * *; 0 */2 * * *"`` polls every ten minutes in the Kyiv morning and every
two hours otherwise.
"""

from __future__ import annotations

import re

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from pipeline.dates import KYIV

_INTERVAL = re.compile(r"(?P<count>\d+)\s*(?P<unit>[smh])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
# Standard cron numbers the week from Sunday (0 or 7); APScheduler 3 from Monday (0).
_WEEKDAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_WEEKDAY_NUMBERS = {name: number for number, name in enumerate(_WEEKDAY_NAMES)}


class ScheduleError(ValueError):
    """A schedule string that cannot be understood; the message says why."""


def parse_schedule(schedule: str) -> BaseTrigger:
    """The APScheduler trigger for a schedule string, or ScheduleError."""
    terms = [term.strip() for term in schedule.split(";")]
    if not any(terms):
        raise ScheduleError("empty schedule: give a cron expression or an interval like '15m'")
    if not all(terms):
        raise ScheduleError(f"empty term in schedule {schedule!r} (stray ';')")
    triggers = [_parse_term(term) for term in terms]
    return triggers[0] if len(triggers) == 1 else OrTrigger(triggers)


def interval_seconds(schedule: str) -> int | None:
    """The interval of a schedule that is a single interval term, else None."""
    match = _INTERVAL.fullmatch(schedule.strip())
    if match is None:
        return None
    return int(match["count"]) * _UNIT_SECONDS[match["unit"]]


def _parse_term(term: str) -> BaseTrigger:
    seconds = interval_seconds(term)
    if seconds is not None:
        if seconds == 0:
            raise ScheduleError(f"interval {term!r} must be longer than zero")
        return IntervalTrigger(seconds=seconds, timezone=KYIV)
    fields = term.split()
    if len(fields) != 5:
        raise ScheduleError(
            f"{term!r} is neither an interval ('90s', '15m', '2h') nor a 5-field cron"
            f" expression (minute hour day month weekday; got {len(fields)} fields)"
        )
    minute, hour, day, month, weekday = fields
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=_cron_weekdays(weekday),
            timezone=KYIV,
        )
    except ValueError as error:
        raise ScheduleError(f"cron expression {term!r}: {error}") from None


def _cron_weekdays(field: str) -> str:
    """A cron day-of-week field as explicit APScheduler weekday names."""
    if field in ("*", "?"):
        return "*"
    days: set[int] = set()
    for element in field.lower().split(","):
        days.update(_weekday_element(element, field))
    if len(days) == len(_WEEKDAY_NAMES):
        return "*"
    return ",".join(_WEEKDAY_NAMES[day] for day in sorted(days))


def _weekday_element(element: str, field: str) -> range | list[int]:
    span, _, step_text = element.partition("/")
    step = _weekday_number(step_text, field, allow_names=False) if step_text else 1
    if step == 0:
        raise ScheduleError(f"day-of-week {field!r}: step must be positive")
    if span == "*":
        first, last = 0, 6
    elif "-" in span:
        first_text, _, last_text = span.partition("-")
        first = _weekday_number(first_text, field)
        last = _weekday_number(last_text, field)
        if last == 0 and first > 0:
            last = 7  # "5-0" / "fri-sun" runs to the end of the week
    else:
        first = last = _weekday_number(span, field)
        if step_text:
            last = 6
    if first > last:
        raise ScheduleError(f"day-of-week {field!r}: range {span!r} runs backwards")
    return [day % 7 for day in range(first, last + 1, step)]


def _weekday_number(text: str, field: str, *, allow_names: bool = True) -> int:
    if allow_names and text in _WEEKDAY_NUMBERS:
        return _WEEKDAY_NUMBERS[text]
    if text.isdigit() and int(text) <= 7:
        return int(text)
    raise ScheduleError(
        f"day-of-week {field!r}: {text!r} is not a weekday (0-7 with 0 and 7 Sunday, or sun..sat)"
    )
