"""`losses plot`: a chart from real figures, checked as a file and as a picture."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from pipeline.analysis.frames import rolling_mean
from pipeline.cli import main
from pipeline.store import Store
from tests.loading import load_reference

START, END = dt.date(2025, 12, 1), dt.date(2026, 3, 31)


@pytest.fixture
def loaded(sqlite_url: str, reference_dir: Path) -> Iterator[Store]:
    # Charts read through the same queries as `losses show`, tested on both databases;
    # rendering is the subject here, so one database is enough.
    with Store.open(sqlite_url) as store:
        load_reference(store, reference_dir, START, END)
        yield store


def plot(store: Store, *arguments: str) -> Result:
    return CliRunner().invoke(
        main, ["plot", *arguments], env={"LOSSES_DATABASE_URL": store.database_url}
    )


def test_png_has_one_panel_per_category(loaded: Store, tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    result = plot(loaded, "--category", "personnel", "--category", "uav", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    with Image.open(out) as image:
        assert image.format == "PNG"
        width, height = image.size
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16) or []
    # Two panels stacked: taller than one, and drawn (bars, mean line, text), not blank.
    assert width == 1100 and height > 500
    assert len(colours) > 50
    one_panel = tmp_path / "one.png"
    assert plot(loaded, "--category", "personnel", "--out", str(one_panel)).exit_code == 0
    with Image.open(one_panel) as image:
        assert image.size[1] < height


def test_svg_is_titled_labelled_and_footnoted(loaded: Store, tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    result = plot(loaded, "--category", "tanks", "--rolling", "14", "--out", str(out))
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    for text in (
        "daily change and 14-day mean",
        "report date",
        "reported per day",
        "petroivaniuk",
        f"Last date: {END.isoformat()}",
    ):
        assert text in svg


def test_cumulative_plots_totals(loaded: Store, tmp_path: Path) -> None:
    out = tmp_path / "totals.svg"
    result = plot(loaded, "--cumulative", "--category", "tanks", "--out", str(out))
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert "cumulative totals" in svg and "cumulative total" in svg


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--out", "chart.pdf"], "must end in .png or .svg"),
        (["--since", "2023-01-01", "--until", "2023-01-02"], "nothing to plot"),
    ],
)
def test_plot_explains_what_it_cannot_do(loaded: Store, arguments: list[str], message: str) -> None:
    result = plot(loaded, *arguments)
    assert result.exit_code == 2
    assert message in result.output


def test_plot_without_matplotlib_names_the_extra(
    loaded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    result = plot(loaded, "--out", str(tmp_path / "chart.png"))
    assert result.exit_code == 2
    assert "pip install 'losses-pipeline[plot]'" in result.output


def test_rolling_mean_skips_missing_days_instead_of_counting_zero() -> None:
    day = dt.date(2026, 1, 1)
    points = [(day, 10.0), (day + dt.timedelta(days=1), 20.0), (day + dt.timedelta(days=3), 60.0)]
    assert rolling_mean(points, 3) == [
        (day, 10.0),
        (day + dt.timedelta(days=1), 15.0),
        # 2 Jan and 4 Jan are in the window 2..4 Jan; 3 Jan has no value.
        (day + dt.timedelta(days=3), 40.0),
    ]
