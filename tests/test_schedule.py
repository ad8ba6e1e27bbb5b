"""The schedule syntax: cron in Kyiv time, intervals, "either" lists, clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from pipeline.config import ConfigError, Settings, load_settings
from pipeline.dates import KYIV
from pipeline.service.backoff import backoff_delay, backoff_until
from pipeline.service.schedule import ScheduleError, parse_schedule


def fire_times(schedule: str, after: dt.datetime, count: int) -> list[dt.datetime]:
    trigger = parse_schedule(schedule)
    times: list[dt.datetime] = []
    previous = None
    now = after
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, now)
        assert fire is not None
        times.append(fire)
        previous, now = fire, fire + dt.timedelta(microseconds=1)
    return times


def kyiv(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 1, day, hour, minute, tzinfo=KYIV)


def test_the_default_schedule_polls_often_in_the_kyiv_morning_and_rarely_at_night() -> None:
    default = Settings().schedule.default

    night = fire_times(default, kyiv(28, 0, 1), 3)
    morning = fire_times(default, kyiv(28, 5, 59), 4)

    assert night == [kyiv(28, 2), kyiv(28, 4), kyiv(28, 6)]
    assert morning == [kyiv(28, 6), kyiv(28, 6, 10), kyiv(28, 6, 20), kyiv(28, 6, 30)]
    assert fire_times(default, kyiv(28, 11, 51), 2) == [kyiv(28, 12), kyiv(28, 14)]


def test_intervals_in_seconds_minutes_and_hours() -> None:
    def period(schedule: str) -> dt.timedelta:
        trigger = parse_schedule(schedule)
        assert isinstance(trigger, IntervalTrigger)
        first = trigger.get_next_fire_time(None, trigger.start_date)
        second = trigger.get_next_fire_time(first, first + dt.timedelta(microseconds=1))
        assert first is not None and second is not None
        return second - first

    assert period("90s") == dt.timedelta(seconds=90)
    assert period("15m") == dt.timedelta(minutes=15)
    assert period("2h") == dt.timedelta(hours=2)


def test_weekdays_are_numbered_as_in_crontab_with_sunday_as_0_and_7() -> None:
    # 2025-01-26 is a Sunday.
    weekdays = fire_times("0 9 * * 1-5", kyiv(25, 10), 5)
    sundays = [fire_times(f"0 9 * * {day}", kyiv(20, 10), 1)[0] for day in ("0", "7", "sun")]

    assert [fire.date() for fire in weekdays] == [dt.date(2025, 1, day) for day in range(27, 32)]
    assert {fire.date() for fire in sundays} == {dt.date(2025, 1, 26)}


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ("", "empty schedule"),
        ("*/10 6-11 * * *;", "stray ';'"),
        ("every 5 minutes", "neither an interval"),
        ("0s", "longer than zero"),
        ("0 25 * * *", "higher than the maximum value"),
        ("0 9 * * 8", "not a weekday"),
        ("0 9 * * 5-1", "runs backwards"),
    ],
)
def test_a_bad_schedule_is_refused_with_the_reason(schedule: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(schedule)


def test_a_bad_schedule_in_the_config_names_the_source(tmp_path: Path) -> None:
    config = tmp_path / "losses.toml"
    config.write_text(
        '[[sources]]\nname = "armyinform"\nkind = "feed"\n'
        'url = "https://armyinform.com.ua/feed/"\nschedule = "*/5 * * *"\n',
        encoding="utf-8",
    )

    with pytest.raises(ConfigError) as refused:
        load_settings(config)

    assert str(refused.value) == (
        f"{config}: sources[0] (armyinform).schedule: '*/5 * * *' is neither an interval"
        " ('90s', '15m', '2h') nor a 5-field cron expression (minute hour day month weekday;"
        " got 4 fields)"
    )


def test_a_failing_source_waits_twice_as_long_after_each_failure_up_to_a_cap() -> None:
    delays = [backoff_delay(failures, 300, 6 * 3600) for failures in range(9)]

    assert delays == [0, 300, 600, 1200, 2400, 4800, 9600, 19200, 6 * 3600]
    assert backoff_delay(10_000, 300, 6 * 3600) == 6 * 3600


def test_a_source_may_run_again_when_its_backoff_has_passed() -> None:
    failed_at = dt.datetime(2025, 1, 28, 6, 0, tzinfo=dt.UTC)

    assert backoff_until(2, failed_at, 300, 3600) == failed_at + dt.timedelta(seconds=600)
    assert backoff_until(0, failed_at, 300, 3600) is None
    assert backoff_until(2, None, 300, 3600) is None
