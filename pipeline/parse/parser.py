"""From one document's text to its ParseResult: the extractors wired together."""

from __future__ import annotations

import bisect
import datetime as dt

from pipeline.parse import air_force, attribution, general_staff
from pipeline.parse.dates import find_dates, night_date, report_date
from pipeline.parse.first_letters import leftmost_matches
from pipeline.parse.html import html_to_text
from pipeline.parse.language import detect_language
from pipeline.parse.lexicon import (
    AMBIGUOUS_VEHICLES,
    Lexicon,
    lexicon,
    lowered,
    may_occur,
    visible_text,
)
from pipeline.parse.result import AirAttack, GeneralStaffFigures, ParseResult
from pipeline.parse.tokens import NumberToken, find_numbers

PARSER_VERSION = "1.4.0"

_HEADLINE_DISAGREES = "headline_disagrees"
_REPEATED_LIST = "repeated_list"


def parse_document(
    text: str, *, published: dt.date | None = None, content_type: str = "text/plain"
) -> ParseResult:
    # Fetched pages reach the parser as their main text already, with the soft hyphens a
    # site's typesetting left in it.
    text = html_to_text(text) if "html" in content_type.lower() else visible_text(text)
    # Every pattern runs on the lower-cased text; offsets are the same as in the original.
    text = lowered(text)
    language = detect_language(text)
    if language is None:
        return ParseResult(None, (), None, PARSER_VERSION)
    lex = lexicon(language)
    # "The air force shot down one more aircraft, raising the total to 421": a running total
    # is the General Staff's tally; an overnight Air Force report keeps none.
    spans = [
        span
        for span in air_force.air_spans(text, lex)
        if lex.running_total.search(text, *span) is None
    ]
    categories = general_staff.find_categories(text, lex)
    if not categories and not spans:
        # Most documents of a feed are about something else: nothing here can be a figure.
        return ParseResult(None, (), language, PARSER_VERSION)
    mentions = find_dates(text, lex)
    # "Read also: ... as of January 27: 831,620 troops", "a day earlier the figure was
    # 831,620": other articles' and other days' figures, never this bulletin's.
    links = attribution.link_spans(text, lex)
    asides = _merge(sorted(links + attribution.other_day_spans(text, lex)))
    prose_deltas = _prose_deltas(text, lex)
    if asides:
        # Their dates date neither the bulletin nor the night; their increases count nothing.
        mentions = [
            mention for mention in mentions if not attribution.within(asides, mention.start)
        ]
        prose_deltas = [delta for delta in prose_deltas if not attribution.within(asides, delta[0])]
    excluded = sorted(
        [(mention.start, mention.end) for mention in mentions]
        + [(start, end) for start, end, _ in prose_deltas]
        + asides
    )
    numbers = find_numbers(text, _merge(excluded))

    air_attacks: tuple[AirAttack, ...] = ()
    if spans:
        fields = air_force.extract_air_attack(text, lex, spans, numbers)
        if fields is not None:
            air_attacks = (AirAttack(night_date(mentions, published), **fields),)

    notes: list[str] = []
    figures = _general_staff(
        text, lex, categories, numbers, sorted(excluded + spans), prose_deltas, links, notes
    )
    staff = None
    if figures is not None:
        day = report_date(mentions, published)
        staff = _finish(figures, day)
    return ParseResult(staff, air_attacks, language, PARSER_VERSION, tuple(notes))


def _prose_deltas(text: str, lex: Lexicon) -> list[tuple[int, int, int]]:
    deltas = []
    patterns = [
        pattern
        for pattern, hints in zip(lex.prose_deltas, lex.prose_delta_hints, strict=True)
        if may_occur(hints, text)
    ]
    for found in leftmost_matches(patterns, text):
        digits = next(value for value in found.groups() if value is not None)
        deltas.append((found.start(), found.end(), int("".join(c for c in digits if c.isdigit()))))
    if not may_occur(lex.after_spelled_delta_hints, text):
        return deltas
    for found in lex.after_spelled_deltas.finditer(text):
        spelled = general_staff.spelled_number_ending_at(text, lex, found.start())
        if spelled is not None:
            value, start = spelled
            bisect.insort(deltas, (start, found.end(), value))
    return deltas


def _general_staff(
    text: str,
    lex: Lexicon,
    all_categories: list[general_staff.CategoryMention],
    numbers: list[NumberToken],
    excluded: list[tuple[int, int]],
    prose_deltas: list[tuple[int, int, int]],
    links: list[tuple[int, int]],
    notes: list[str],
) -> general_staff.FigureList | None:
    categories = general_staff.outside(all_categories, _merge(excluded))
    if not categories:
        return None
    scopes = general_staff.past_day_scopes(text, lex, prose_deltas)
    figures = general_staff.pair_figures(text, lex, categories, numbers, scopes)
    general_staff.apply_prose_deltas(text, lex, figures, prose_deltas)
    sources = attribution.find_sources(text, lex, links)
    lists = general_staff.group_lists(text, sources.foreign, sources.general_staff, figures)
    # Each candidate with how much it states: its totals, then totals and increases.
    candidates: list[tuple[general_staff.FigureList, tuple[int, int]]] = []
    not_foreign = []
    for figure_list in lists:
        source = attribution.source_of(text, sources, figure_list)
        if source is attribution.Source.OTHER:
            continue
        not_foreign.append(figure_list)
        # A short list ("18 armoured vehicles and 1,000 drones" in an aid package) is a
        # bulletin only when the General Staff is named. Beside a total, the past day's
        # increases count: "1,380 troops, 5 tanks and 12 armoured vehicles over the past day;
        # 833,000 troops in all" is no aid list (see ``FigureList.stated_keys``).
        stated = len(figure_list.stated_keys())
        if stated < 3 and source is not attribution.Source.GENERAL_STAFF:
            continue
        candidates.append((figure_list, (len(figure_list.keys()), stated)))
    if not candidates:
        return None
    # Between lists with as many totals, the day's increases tell the bulletin from a
    # headline's rounded figure ("свыше 1,25 млн" over "1 252 020 человек, за сутки 1 070").
    main = max(candidates, key=lambda candidate: candidate[1])[0]
    main_values = {f.key: f.value for f in main.figures if f.value is not None}
    for other in not_foreign:
        if other is main:
            continue
        values = {f.key: f.value for f in other.figures if f.value is not None}
        common = values.keys() & main_values.keys()
        if common and any(values[key] != main_values[key] for key in common):
            if other.start < main.start:
                notes.append(_HEADLINE_DISAGREES)
        elif common:
            _lend_deltas(other, main)
            if _REPEATED_LIST not in notes:
                notes.append(_REPEATED_LIST)
    return main


def _lend_deltas(agreeing: general_staff.FigureList, main: general_staff.FigureList) -> None:
    """ "515,000 troops, including 1,300 over the past day" in a headline that agrees with
    the body: the body's 515,000 gets the day's 1,300 it does not state itself."""
    stated = {
        figure.key: figure
        for figure in agreeing.figures
        if figure.value is not None and figure.delta is not None
    }
    for figure in main.figures:
        lender = stated.get(figure.key)
        if lender is not None and figure.delta is None and figure.value == lender.value:
            figure.delta = lender.delta


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _finish(figure_list: general_staff.FigureList, day: dt.date | None) -> GeneralStaffFigures:
    figures: dict[str, int] = {}
    deltas: dict[str, int] = {}
    qualifiers: dict[str, str] = {}
    # Categories whose delta so far comes from a figure that states no total.
    increases_alone: set[str] = set()
    has_fuel_tanks = any(figure.key == "fuel_tanks" for figure in figure_list.figures)
    # Every "vehicles" of a list names the same category.
    vehicles = general_staff.resolve_vehicles(
        {"fuel_tanks": 1} if has_fuel_tanks else {}, AMBIGUOUS_VEHICLES, day
    )
    # "3 fuel tanks on fire" after the 2022 merge is no figure (see ``counted_on``).
    drops_fuel_tanks = has_fuel_tanks and not general_staff.counted_on("fuel_tanks", day)
    for figure in figure_list.figures:
        if drops_fuel_tanks and figure.key == "fuel_tanks":
            continue
        key = vehicles if figure.key == AMBIGUOUS_VEHICLES else figure.key
        if figure.value is not None and key not in figures:
            figures[key] = figure.value
            if figure.qualifier is not None:
                qualifiers[key] = figure.qualifier
        # A total's own "(+N)" outranks an increase stated apart from it.
        if figure.delta is not None and (
            key not in deltas or (figure.value is not None and key in increases_alone)
        ):
            deltas[key] = figure.delta
            if figure.value is None:
                increases_alone.add(key)
            else:
                increases_alone.discard(key)
    return GeneralStaffFigures(day, figures, deltas, qualifiers)
