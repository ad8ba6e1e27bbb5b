"""Per-language vocabularies, loaded once from the packaged TOML data files and compiled.

The data files hold regular-expression fragments; this module turns them into the few
compiled patterns the extractors run, so parsing a document never compiles anything.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pipeline.parse.numbers import PLAIN_NUMBER, WordNumbers, number_pattern

LANGUAGES: tuple[str, ...] = ("en", "uk", "ru", "de", "pl", "it", "es", "pt")
QUALIFIER_VALUES: tuple[str, ...] = ("about", "more than", "nearly", "at least")
# The lexicon key for "vehicles" alone, which names military_auto before the 2022-05-01
# merge and vehicles_fuel_tanks after it.
AMBIGUOUS_VEHICLES = "vehicles"

_FLAGS = re.IGNORECASE
_SPACE = r"[ \t\u00a0\u202f\u2009]"
_DASHES = "\\-‐‑‒–—―:=|"


def _alternation(fragments: list[str]) -> str:
    # Longest first, so "bojow wozów opancerzonych" wins over "wozów" at the same position.
    return "|".join(sorted(fragments, key=len, reverse=True))


def _words(fragments: list[str]) -> str:
    return rf"(?<![\w'’])(?:{_alternation(fragments)})(?![\w'’])"


def _phrase_before_date(fragments: list[str]) -> re.Pattern[str]:
    """A phrase that ends right before a date (searched with endpos = the date's start)."""
    if not fragments:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![\w'’])(?:{_alternation(fragments)}){_SPACE}*,?{_SPACE}*$", _FLAGS)


@dataclass(frozen=True, slots=True)
class Lexicon:
    code: str
    detect: re.Pattern[str]
    categories: re.Pattern[str]
    category_of_group: dict[str, str]
    qualifier_kinds: re.Pattern[str]
    qualifier_before_number: re.Pattern[str]
    right_gap: re.Pattern[str]
    word_numbers: WordNumbers
    articles: frozenset[str]
    dates: re.Pattern[str]
    month_patterns: tuple[tuple[re.Pattern[str], int], ...]
    as_of_before: re.Pattern[str]
    past_day_before: re.Pattern[str]
    ignored_before: re.Pattern[str]
    night_before: re.Pattern[str]
    prose_deltas: re.Pattern[str]
    no_change: re.Pattern[str]
    past_day_context: re.Pattern[str]
    totals: re.Pattern[str]
    general_staff_markers: re.Pattern[str]
    foreign_markers: re.Pattern[str]
    air_markers: re.Pattern[str]
    air_drones: re.Pattern[str]
    air_missiles: re.Pattern[str]
    air_launched: re.Pattern[str]
    air_shot_down: re.Pattern[str]
    air_lost_locationally: re.Pattern[str]
    air_ignored: re.Pattern[str]

    def qualifier_value(self, phrase: str) -> str | None:
        """The normalized qualifier ("about", "more than", ...) a phrase contains."""
        found = self.qualifier_kinds.search(phrase)
        if found is None or found.lastgroup is None:
            return None
        return QUALIFIER_VALUES[int(found.lastgroup[1:])]

    def month(self, name: str) -> int | None:
        for pattern, number in self.month_patterns:
            if pattern.fullmatch(name):
                return number
        return None


def _load_data(code: str) -> dict[str, Any]:
    data_file = resources.files("pipeline.parse").joinpath("lexicon", f"{code}.toml")
    return tomllib.loads(data_file.read_text(encoding="utf-8"))


@functools.cache
def digit_scales() -> tuple[tuple[re.Pattern[str], int], ...]:
    """Scale words of every language: a figure's scale may follow a foreign-language quote."""
    scales: dict[str, int] = {}
    for code in LANGUAGES:
        scales.update(_load_data(code)["numbers"]["digit_scales"])
    return tuple((re.compile(word, _FLAGS), value) for word, value in scales.items())


@functools.cache
def numbers() -> re.Pattern[str]:
    return re.compile(number_pattern([p.pattern for p, _ in digit_scales()]), _FLAGS)


def scale_value(word: str) -> int | None:
    for pattern, value in digit_scales():
        if pattern.fullmatch(word):
            return value
    return None


@functools.cache
def lexicon(code: str) -> Lexicon:
    data = _load_data(code)
    category_groups = []
    category_of_group = {}
    for index, (key, fragments) in enumerate(data["categories"].items()):
        group = f"c{index}"
        category_of_group[group] = key
        category_groups.append(f"(?P<{group}>{_alternation(fragments)})")
    categories = rf"(?<![\w'’])(?:{'|'.join(category_groups)})(?![\w'’])"

    qualifiers = data["qualifiers"]
    qualifier_groups = "|".join(
        f"(?P<q{index}>{_alternation(qualifiers[value])})"
        for index, value in enumerate(QUALIFIER_VALUES)
    )
    qualifier_words = _words(
        [fragment for value in QUALIFIER_VALUES for fragment in qualifiers[value]]
    )
    linking = _words(data["gaps"]["linking"])
    # Between a category and its figure: dashes, colons, commas, an opening parenthesis
    # ("літаків (369)"), linking verbs, one qualifier, the bulletin's "(ББМ)"-style
    # abbreviations; never a digit or a sentence end.
    right_gap = (
        rf"(?:[\s{_DASHES}(,]|\([^\d()]{{1,12}}\)|{linking})*"
        rf"(?P<qualifier>{qualifier_words})?[\s{_DASHES}]*"
    )

    number_words = data["numbers"]
    word_numbers = WordNumbers.build(
        number_words["units"],
        number_words["tens"],
        number_words["hundreds"],
        number_words["scales"],
    )
    dates = data["dates"]
    months = _alternation(list(dates["months"]))
    scales = _alternation([p.pattern for p, _ in digit_scales()])
    date_pattern = (
        rf"(?<![\w.,])(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th|-?го|-?е)?{_SPACE}+(?:of{_SPACE}+)?"
        rf"(?P<month>{months})(?!\w)(?:,?{_SPACE}*(?P<year>\d{{4}})(?!\d))?"
        rf"|(?P<month_first>{months})(?!\w){_SPACE}*(?P<day_after>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?"
        rf"(?:,?{_SPACE}*(?P<year_after>\d{{4}})(?!\d))?"
        rf"|(?P<iso_year>\d{{4}})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})(?!\d)"
        rf"|(?P<num_day>\d{{1,2}})[./](?P<num_month>\d{{2}})(?:[./](?P<num_year>\d{{4}}|\d{{2}}))?"
        rf"(?![\d]|[.,]\d|{_SPACE}*(?:{scales})(?!\w)))"
    )
    air = data["air"]
    return Lexicon(
        code=code,
        detect=re.compile("|".join(data["detect"]), _FLAGS),
        categories=re.compile(categories, _FLAGS),
        category_of_group=category_of_group,
        qualifier_kinds=re.compile(qualifier_groups, _FLAGS),
        qualifier_before_number=re.compile(rf"{qualifier_words}[\s{_DASHES}]*$", _FLAGS),
        right_gap=re.compile(right_gap, _FLAGS),
        word_numbers=word_numbers,
        articles=frozenset(number_words.get("articles", [])),
        dates=re.compile(date_pattern, _FLAGS),
        month_patterns=tuple(
            (re.compile(name, _FLAGS), number) for name, number in dates["months"].items()
        ),
        as_of_before=_phrase_before_date(dates["as_of"]),
        past_day_before=_phrase_before_date(dates["past_day"]),
        ignored_before=_phrase_before_date(dates["ignored"]),
        night_before=_phrase_before_date(dates["night"]),
        prose_deltas=re.compile(
            "|".join(
                f"(?:{fragment.replace('{num}', f'(?P<n{i}>{PLAIN_NUMBER})')})"
                for i, fragment in enumerate(data["deltas"]["prose"])
            ),
            _FLAGS,
        ),
        no_change=re.compile(_words(data["deltas"]["no_change"]), _FLAGS),
        past_day_context=re.compile(_words(data["deltas"]["past_day"]), _FLAGS),
        totals=re.compile(_words(data["deltas"]["totals"]), _FLAGS),
        general_staff_markers=re.compile(_words(data["attribution"]["general_staff"]), _FLAGS),
        foreign_markers=re.compile(_words(data["attribution"]["foreign"]), _FLAGS),
        air_markers=re.compile(_words(air["markers"]), _FLAGS),
        air_drones=re.compile(_words(air["drones"]), _FLAGS),
        air_missiles=re.compile(_words(air["missiles"]), _FLAGS),
        air_launched=re.compile(_words(air["launched"]), _FLAGS),
        air_shot_down=re.compile(_words(air["shot_down"]), _FLAGS),
        air_lost_locationally=re.compile(_words(air["lost_locationally"]), _FLAGS),
        air_ignored=re.compile(
            _words(air.get("ignore", [])) if air.get("ignore") else "(?!)", _FLAGS
        ),
    )
