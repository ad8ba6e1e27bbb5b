"""Charts of the series: daily changes with a rolling mean, or cumulative totals.

matplotlib is optional (the ``plot`` extra) and imported only here, without
pyplot, so no GUI backend or global state is involved.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.analysis.frames import present_categories, rolling_mean
from pipeline.analysis.optional import require
from pipeline.categories import BY_KEY
from pipeline.store.series import DailyValue

PANEL_HEIGHT_IN = 2.3
WIDTH_IN = 10.0
DPI = 110
FOOTNOTE_IN = 0.3
BAR_COLOUR = "#9fb8d0"
LINE_COLOUR = "#b2182b"
TOTAL_COLOUR = "#2166ac"


@dataclass(frozen=True, slots=True)
class ChartSpec:
    rolling_days: int = 7
    cumulative: bool = False
    title: str | None = None

    def __post_init__(self) -> None:
        if self.rolling_days < 1:
            raise ValueError(f"the rolling window must be at least 1 day, not {self.rolling_days}")


def _series(values: Sequence[DailyValue], cumulative: bool) -> dict[str, list[tuple[dt.date, int]]]:
    series: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for value in sorted(values, key=lambda v: v.report_date):
        figure = value.total if cumulative else value.change
        if figure is not None:
            series[value.category].append((value.report_date, figure))
    return series


def footnote(values: Sequence[DailyValue]) -> str:
    sources = sorted({value.source for value in values})
    last = max(value.report_date for value in values)
    return (
        "Data: General Staff of the Armed Forces of Ukraine, daily bulletins"
        f" (via {', '.join(sources)}). Last date: {last.isoformat()}."
        " Changes are day-over-day differences of the cumulative totals."
    )


def plot_losses(values: Sequence[DailyValue], out: Path, spec: ChartSpec) -> Path:
    """Draw one panel per category into ``out`` (.png or .svg) and return the path."""
    if not values:
        raise ValueError("nothing to plot: no figures in the chosen range and categories")
    if out.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"the chart file must end in .png or .svg, not {out.name!r}")
    figure_module = require("matplotlib.figure", "plot")
    ticker = require("matplotlib.ticker", "plot")
    dates_module = require("matplotlib.dates", "plot")

    series = _series(values, spec.cumulative)
    keys = [key for key in present_categories(list(series)) if series[key]]
    if not keys:
        raise ValueError("nothing to plot: no daily changes in the chosen range")
    height = PANEL_HEIGHT_IN * len(keys) + 1.2
    figure = figure_module.Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    # Keep a strip at the bottom free for the footnote.
    figure.get_layout_engine().set(rect=(0, FOOTNOTE_IN / height, 1, 1 - FOOTNOTE_IN / height))
    axes = figure.subplots(len(keys), 1, sharex=True, squeeze=False)[:, 0]
    what = "cumulative total" if spec.cumulative else "reported per day"
    for ax, key in zip(axes, keys, strict=True):
        points = series[key]
        dates = [report_date for report_date, _ in points]
        if spec.cumulative:
            ax.plot(dates, [v for _, v in points], color=TOTAL_COLOUR, linewidth=1.6)
        else:
            ax.bar(dates, [v for _, v in points], width=1.0, color=BAR_COLOUR, label="daily")
            mean = rolling_mean([(d, float(v)) for d, v in points], spec.rolling_days)
            ax.plot(
                [d for d, _ in mean],
                [v for _, v in mean],
                color=LINE_COLOUR,
                linewidth=1.6,
                label=f"{spec.rolling_days}-day mean",
            )
        ax.set_title(BY_KEY[key].name_en, loc="left", fontsize="medium")
        ax.set_ylabel(what)
        ax.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))
        ax.grid(axis="y", linewidth=0.4, alpha=0.6)
        ax.spines[["top", "right"]].set_visible(False)
    if not spec.cumulative:
        # Above the first panel, level with its title, clear of the data.
        axes[0].legend(
            loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, frameon=False, fontsize="small"
        )
    axes[-1].set_xlabel("report date")
    locator = axes[-1].xaxis.get_major_locator()
    axes[-1].xaxis.set_major_formatter(dates_module.ConciseDateFormatter(locator))
    heading = "Russian losses reported by Ukraine's General Staff"
    default_title = (
        f"{heading}: cumulative totals"
        if spec.cumulative
        else f"{heading}: daily change and {spec.rolling_days}-day mean"
    )
    figure.suptitle(spec.title or default_title, fontsize="large", fontweight="bold")
    figure.text(
        0.01, 0.01, footnote(values), fontsize="x-small", color="#444444", ha="left", va="bottom"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out)
    return out
