"""Properties: any text parses without raising, and a real bulletin survives reformatting.

The bulletin of 2025-01-28 (gs_losses_daily_petroivaniuk.csv) is written with random number
formats, qualifiers, synonyms, whitespace and surrounding noise; it must parse back the same.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse import parse_document

FIGURES_2025_01_28 = {
    "personnel": 833000, "tanks": 9876, "afv": 20573, "artillery": 22366, "mlrs": 1263,
    "air_defense": 1050, "aircraft": 369, "helicopters": 331, "uav": 23399,
    "cruise_missiles": 3053, "ships": 28, "vehicles_fuel_tanks": 35269,
    "special_equipment": 3718,
}  # fmt: skip
SYNONYMS = {
    "personnel": ["personnel", "troops", "soldiers", "servicemen"],
    "tanks": ["tanks"],
    "afv": ["armoured fighting vehicles", "armored combat vehicles", "APVs", "AFVs"],
    "artillery": ["artillery systems", "artillery pieces"],
    "mlrs": ["MLRS", "multiple launch rocket systems"],
    "air_defense": ["air defense systems", "anti-aircraft warfare systems", "air defence units"],
    "aircraft": ["aircraft", "planes", "airplanes"],
    "helicopters": ["helicopters"],
    "uav": ["operational-tactical UAVs", "drones", "UAVs"],
    "cruise_missiles": ["cruise missiles"],
    "ships": ["warships / boats", "ships", "boats"],
    "vehicles_fuel_tanks": ["vehicles and fuel tanks", "fuel tankers"],
    "special_equipment": ["special equipment", "units of special equipment"],
}
SEPARATORS = [",", " ", "\u00a0", "\u202f", "\u2009", ".", ""]
QUALIFIERS = {
    "about": ["about", "approximately", "around", "~", "≈"],
    "more than": ["over", "more than"],
}
NOISE = [
    "",
    "Read also: the war latest.\n\n",
    "Subscribe to our newsletter!\n\n",
    "Kyiv, Jan. 28.\n\n",
]


def grouped(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


@st.composite
def bulletins(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    separator = draw(st.sampled_from(SEPARATORS))
    space = draw(st.sampled_from([" ", "  ", "\u00a0"]))
    number_first = draw(st.booleans())
    qualifiers: dict[str, str] = {}
    items = []
    for key, value in FIGURES_2025_01_28.items():
        name = draw(st.sampled_from(SYNONYMS[key]))
        number = grouped(value, separator)
        if key == "personnel":
            kind = draw(st.sampled_from(sorted(QUALIFIERS)))
            qualifier = draw(st.sampled_from(QUALIFIERS[kind]))
            # A sign may touch the number ("~833,000"); a word never does.
            glue = "" if qualifier in ("~", "≈") and draw(st.booleans()) else " "
            number = f"{qualifier}{glue}{number}"
            qualifiers[key] = kind
        items.append(f"{number}{space}{name}" if number_first else f"{name} ‒ {number}")
    joiner = ", " if number_first else "\n"
    body = "The General Staff reports Russian losses as of January 28, 2025:\n" + joiner.join(items)
    text = draw(st.sampled_from(NOISE)) + body + "\n\n" + draw(st.sampled_from(NOISE))
    return text, qualifiers


@settings(max_examples=150, deadline=None)
@given(bulletins())
def test_reformatted_bulletin_parses_back_to_the_same_figures(
    case: tuple[str, dict[str, str]],
) -> None:
    text, qualifiers = case
    staff = parse_document(text).general_staff
    assert staff is not None, text
    assert staff.figures == FIGURES_2025_01_28, text
    assert staff.qualifiers == qualifiers, text
    assert staff.report_date == dt.date(2025, 1, 28)


# The day's increases of some categories that day, in every form a bulletin or a table gives.
INCREASES_2025_01_28 = {"personnel": 1380, "tanks": 5, "afv": 12, "artillery": 27, "mlrs": 0}
INCREASE_FORMS = [" (+{delta})", " (+{delta} over the past day)", "\n+{delta}"]


@st.composite
def bulletins_with_increases(draw: st.DrawFn) -> tuple[str, dict[str, int]]:
    separator = draw(st.sampled_from(SEPARATORS))
    increases: dict[str, int] = {}
    lines = []
    for key, value in FIGURES_2025_01_28.items():
        line = f"{draw(st.sampled_from(SYNONYMS[key]))} ‒ {grouped(value, separator)}"
        if key in INCREASES_2025_01_28 and draw(st.booleans()):
            delta = INCREASES_2025_01_28[key]
            form = draw(st.sampled_from(INCREASE_FORMS))
            line += form.format(delta=grouped(delta, separator))
            increases[key] = delta
        lines.append(line)
    text = "The General Staff, January 28, 2025:\n" + "\n".join(lines)
    return text, increases


@settings(max_examples=150, deadline=None)
@given(bulletins_with_increases())
def test_increases_in_any_form_parse_back(case: tuple[str, dict[str, int]]) -> None:
    text, increases = case
    staff = parse_document(text).general_staff
    assert staff is not None, text
    assert staff.figures == FIGURES_2025_01_28, text
    assert staff.deltas == increases, text


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["text/plain", "text/html"]))
def test_any_text_parses_without_raising(text: str, content_type: str) -> None:
    parse_document(text, published=dt.date(2025, 1, 28), content_type=content_type)


NUMBERISH = st.text(alphabet="0123456789 ,.+-()−:/\u00a0tanksоб", max_size=80)


@settings(max_examples=300, deadline=None)
@given(NUMBERISH.map(lambda noise: f"General Staff: tanks ‒ {noise}, troops {noise}"))
def test_numbers_are_never_negative(text: str) -> None:
    result = parse_document(text)
    if result.general_staff is not None:
        assert all(value >= 0 for value in result.general_staff.figures.values())
        assert all(value >= 0 for value in result.general_staff.deltas.values())
    for attack in result.air_attacks:
        assert all(
            value is None or value >= 0
            for value in (attack.drones_launched, attack.shot_down, attack.lost_locationally)
        )
