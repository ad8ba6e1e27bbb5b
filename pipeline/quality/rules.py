"""The quality rules: each a small pure function from series to findings.

The rules read the reconciled series (``daily_total``) and what each source
said (``observation``); they never change either.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.dates import day_number
from pipeline.quality.digits import slip_between, slip_of
from pipeline.quality.findings import Finding

# How many preceding reported days describe "the recent weeks" of a series.
RECENT_DAYS = 28
# The fewest preceding days a statistic needs before it is trusted.
MIN_HISTORY = 14
# A change this many robust standard deviations from the recent median is an outlier.
OUTLIER_SCALE = 10.0
# Share of recent days with a rise for a series to count as "moving every day".
MOVES_DAILY_SHARE = 1.0
# After a day without change, a rise this many times the usual one is a catch-up.
CATCH_UP_FACTOR = 1.3


@dataclass(frozen=True, slots=True)
class Point:
    """One current daily total of one series."""

    report_date: dt.date
    total: int
    change: int | None
    reported_change: int | None


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """A source's newest figure for a (date, category) that differs from the chosen total."""

    report_date: dt.date
    category: str
    source: str
    value: int
    chosen: int


@dataclass(frozen=True, slots=True)
class StatedDay:
    """A day number a source printed beside a date."""

    source: str
    report_date: dt.date
    day: int


def _usual_change(points: Sequence[Point], index: int) -> float:
    recent = _recent_changes(points, index)
    return max(statistics.median(recent), 1.0) if recent else 1.0


def transient_anomalies(category: str, points: Sequence[Point]) -> list[Finding]:
    """Digit slips, typos and decreases: totals out of line with the days around them.

    A total further outside its neighbours than a usual day's change, that one
    typing slip puts back between them, is a digit slip; a deep dip that
    recovers the next day is a typo. A decrease that persists (the next day
    continues from the lower total) is the General Staff revising its count, a
    correction, often a reclassification between categories: information. A
    small decrease that recovers the next day could be either: a warning.
    """
    findings: list[Finding] = []
    flagged: set[int] = set()
    for index in range(1, len(points) - 1):
        before, point, after = points[index - 1], points[index], points[index + 1]
        low, high = before.total, after.total
        if low > high or low <= point.total <= high:
            continue
        usual = _usual_change(points, index)
        outside = low - point.total if point.total < low else point.total - high
        if outside <= usual:
            continue
        values = {"previous": low, "value": point.total, "next": high}
        slip = slip_between(point.total, low, high)
        if slip is not None:
            suggested, kind = slip
            findings.append(
                Finding(
                    "error",
                    "digit_slip",
                    point.report_date,
                    category,
                    f"{point.total:,} between {low:,} and {high:,}: {kind}"
                    f" (probably {suggested:,})",
                    {**values, "suggested": suggested},
                )
            )
        elif point.total < low and outside > 3 * usual:
            findings.append(
                Finding(
                    "error",
                    "decrease",
                    point.report_date,
                    category,
                    f"{point.total:,} between {low:,} and {high:,}: a one-day dip of"
                    f" {outside:,} that recovers the next day, a typo rather than a revision",
                    values,
                )
            )
        else:
            continue
        flagged.update((index, index + 1))
    for index in range(1, len(points)):
        before, point = points[index - 1], points[index]
        if index in flagged or point.total >= before.total:
            continue
        after = points[index + 1] if index + 1 < len(points) else None
        change = point.total - before.total
        values = {"previous": before.total, "value": point.total, "change": change}
        if after is None or after.total < before.total:
            severity = "info"
            verdict = (
                f"and the next day continues from it ({after.total:,})"
                if after is not None
                else "on the newest day"
            ) + ": a General Staff correction"
        else:
            severity = "warning"
            verdict = (
                f"and the next day is back above it ({after.total:,}):"
                " a small correction or a one-day typo"
            )
        values["next"] = after.total if after is not None else None
        findings.append(
            Finding(
                severity,
                "decrease",
                point.report_date,
                category,
                f"down {-change:,} from {before.total:,} to {point.total:,} {verdict}",
                values,
            )
        )
    return findings


def source_digit_slips(disagreements: Iterable[SourceFigure]) -> list[Finding]:
    """A source's figure that is one typing slip away from the chosen total."""
    findings: list[Finding] = []
    for figure in disagreements:
        kind = slip_of(figure.value, figure.chosen)
        if kind is None:
            continue
        findings.append(
            Finding(
                "warning",
                "source_digit_slip",
                figure.report_date,
                figure.category,
                f"{figure.source} gave {figure.value:,}, {kind} of the chosen {figure.chosen:,}",
                {"source": figure.source, "value": figure.value, "chosen": figure.chosen},
            )
        )
    return findings


def change_mismatches(category: str, points: Sequence[Point]) -> list[Finding]:
    """The bulletin's own "(+N)" against the change from the previous day's total."""
    return [
        Finding(
            "warning",
            "reported_change",
            point.report_date,
            category,
            f"the bulletin says {point.reported_change:+,}, the totals differ by {point.change:+,}",
            {"reported": point.reported_change, "computed": point.change, "total": point.total},
        )
        for point in points
        if point.reported_change is not None
        and point.change is not None
        and point.reported_change != point.change
    ]


def _recent_changes(points: Sequence[Point], index: int) -> list[int]:
    start = max(0, index - RECENT_DAYS)
    return [point.change for point in points[start:index] if point.change is not None]


def stale_copies(category: str, points: Sequence[Point]) -> list[Finding]:
    """No change in a series that rises every day, then a double rise: a copied day."""
    findings: list[Finding] = []
    for index in range(1, len(points) - 1):
        point, after = points[index], points[index + 1]
        if point.change != 0 or after.change is None:
            continue
        recent = _recent_changes(points, index)
        if len(recent) < MIN_HISTORY:
            continue
        rising = sum(1 for change in recent if change > 0) / len(recent)
        usual = statistics.median(recent)
        if rising < MOVES_DAILY_SHARE or usual <= 0 or after.change < CATCH_UP_FACTOR * usual:
            continue
        findings.append(
            Finding(
                "warning",
                "stale_copy",
                point.report_date,
                category,
                f"unchanged at {point.total:,}, then +{after.change:,} the next day"
                f" (usually +{usual:,.0f}): the previous day's figure copied?",
                {"total": point.total, "next_change": after.change, "usual_change": usual},
            )
        )
    return findings


def outliers(category: str, points: Sequence[Point], skip: set[dt.date]) -> list[Finding]:
    """A daily change far outside the recent weeks' (median and MAD, not a fixed number)."""
    findings: list[Finding] = []
    for index, point in enumerate(points):
        if point.change is None or point.report_date in skip:
            continue
        recent = _recent_changes(points, index)
        if len(recent) < MIN_HISTORY:
            continue
        median = statistics.median(recent)
        if median <= 0:
            # A series that stands still on most days (aircraft, cruise missiles)
            # moves in bursts: a burst is its nature, not an outlier.
            continue
        spread = statistics.median(abs(change - median) for change in recent)
        # Counts are whole numbers: a spread below one unit is no spread at all.
        scale = max(1.4826 * spread, 1.0)
        score = (point.change - median) / scale
        if abs(score) < OUTLIER_SCALE:
            continue
        findings.append(
            Finding(
                "info",
                "outlier",
                point.report_date,
                category,
                f"{point.change:+,} in a day against a usual {median:+,.0f}"
                f" (±{scale:,.0f}, {score:+.0f} robust SD)",
                {"change": point.change, "median": median, "scale": round(scale, 1)},
            )
        )
    return findings


def gaps(dates: Iterable[dt.date]) -> list[Finding]:
    """Days without any bulletin between the first and the newest, one finding per run."""
    ordered = sorted(set(dates))
    findings: list[Finding] = []
    for before, after in itertools.pairwise(ordered):
        missing = (after - before).days - 1
        if missing <= 0:
            continue
        first = before + dt.timedelta(days=1)
        last = after - dt.timedelta(days=1)
        findings.append(
            Finding(
                "warning",
                "gap",
                first,
                None,
                f"no bulletin from any source for {missing} day{'s' if missing > 1 else ''}",
                {"days": missing},
                until=last if last != first else None,
            )
        )
    return findings


def day_numbers(stated: Iterable[StatedDay]) -> list[Finding]:
    """Day numbers that do not match their date (24 Feb 2022 = day 1), one finding per run."""
    findings: list[Finding] = []
    runs: dict[tuple[str, int], list[dt.date]] = {}
    for item in sorted(stated, key=lambda item: (item.source, item.report_date)):
        offset = item.day - day_number(item.report_date)
        if offset == 0:
            continue
        runs.setdefault((item.source, offset), []).append(item.report_date)
    for (source, offset), dates in sorted(runs.items()):
        # Split into runs of consecutive dates so separate episodes read separately.
        start = previous = dates[0]
        for report_date in [*dates[1:], None]:
            if report_date is not None and (report_date - previous).days == 1:
                previous = report_date
                continue
            days = (previous - start).days + 1
            findings.append(
                Finding(
                    "warning",
                    "day_number",
                    start,
                    None,
                    f"{source} numbers the day {offset:+d} off its date"
                    + (f" on {days} consecutive days" if days > 1 else ""),
                    {"source": source, "offset": offset, "day": day_number(start) + offset},
                    until=previous if previous != start else None,
                )
            )
            if report_date is not None:
                start = previous = report_date
    return findings
