"""The General Staff's figures: category words paired with the numbers next to them.

Bulletins write "category ‒ number" ("танків ‒ 9876 (+5)"), retellings write "number category"
("9,876 tanks"). Each category gets a candidate number on each side; the side most categories
agree on wins, so "(+5) од, ББМ ‒ 20573" never pairs 9876 with ББМ.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.parse.lexicon import AMBIGUOUS_VEHICLES, Lexicon, may_occur
from pipeline.parse.numbers import PLAIN_NUMBER
from pipeline.parse.tokens import NumberToken, Spans, sentence_end

_MERGE_DAY = dt.date(2022, 5, 1)
_new_tuple = tuple.__new__
_MAX_RIGHT_GAP = 80
_MAX_LEFT_GAP = 40
# Figures further apart than this belong to different lists.
_CLUSTER_GAP = 320
_SPACE = "[ \t\u00a0\u202f\u2009]"
# Between a number and the category after it: a "(+N)" and up to three words ("Russian",
# "enemy", "units of"), on one line, with no punctuation that would end a list item.
_LEFT_GAP = re.compile(
    rf"{_SPACE}*(?:\([^()\n]{{0,20}}\){_SPACE}*)?(?:[^\W\d_][\w'’\-/.]*{_SPACE}+){{0,3}}"
)
_PARENTHESIZED_TOTAL = re.compile(
    rf"{_SPACE}*\({_SPACE}*(?:[^\W\d_]+{_SPACE}+){{0,2}}(?P<total>{PLAIN_NUMBER}){_SPACE}*\)"
)
_DELTA_AFTER_CATEGORY = re.compile(
    rf"{_SPACE}*\({_SPACE}*\+{_SPACE}*(?P<delta>{PLAIN_NUMBER})?[^()\d\n]{{0,20}}\)"
)


class CategoryMention(NamedTuple):
    start: int
    end: int
    key: str


@dataclass(slots=True)
class Figure:
    key: str
    start: int
    end: int
    value: int | None
    qualifier: str | None = None
    delta: int | None = None


@dataclass(slots=True)
class FigureList:
    """Figures written together: one bulletin, or one paragraph of an article."""

    figures: list[Figure] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.figures[0].start

    @property
    def end(self) -> int:
        return self.figures[-1].end

    def keys(self) -> set[str]:
        return {figure.key for figure in self.figures if figure.value is not None}

    def stated_keys(self) -> set[str]:
        """The categories the list gives a figure for and, once it gives one, those it gives
        only the day's increase for. Increases alone never tell whose losses they count
        ("Ukraine lost 1,325 troops and 3 tanks over the past day")."""
        valued = self.keys()
        if not valued:
            return valued
        return valued | {figure.key for figure in self.figures if figure.delta is not None}


def find_categories(text: str, lex: Lexicon) -> list[CategoryMention]:
    category_key = lex.category_key
    # tuple.__new__ builds the named tuple without a Python-level __new__ call.
    return [
        _new_tuple(CategoryMention, (*found.span(), category_key(found.group())))
        for found in lex.categories.finditer(text)
    ]


def outside(
    mentions: list[CategoryMention], excluded: list[tuple[int, int]]
) -> list[CategoryMention]:
    """The mentions that start outside every ``excluded`` span (sorted, disjoint)."""
    if not excluded:
        return mentions
    kept = []
    next_excluded = 0
    for mention in mentions:
        while next_excluded < len(excluded) and excluded[next_excluded][1] <= mention.start:
            next_excluded += 1
        if next_excluded < len(excluded) and excluded[next_excluded][0] <= mention.start:
            continue
        kept.append(mention)
    return kept


def pair_figures(
    text: str,
    lex: Lexicon,
    categories: list[CategoryMention],
    numbers: list[NumberToken],
    past_day_scopes: list[tuple[int, int]],
) -> list[Figure]:
    """Pair each category mention with its number; unpaired mentions get ``value`` None."""
    number_starts = [token.start for token in numbers]
    number_count = len(numbers)
    right_gap = lex.right_gap.fullmatch
    right: dict[int, tuple[int, str | None]] = {}
    left: dict[int, int] = {}
    for index, (mention_start, mention_end, _key) in enumerate(categories):
        after = bisect.bisect_left(number_starts, mention_end)
        if after < number_count:
            token_start = number_starts[after]
            if token_start - mention_end <= _MAX_RIGHT_GAP:
                gap = right_gap(text, mention_end, token_start)
                if gap is not None:
                    right[index] = (after, gap.group("qualifier"))
        before = after - 1
        while before >= 0 and numbers[before].end > mention_start:
            before -= 1
        if before >= 0:
            token_end = numbers[before].end
            if (
                mention_start - token_end <= _MAX_LEFT_GAP
                and _may_be_left_gap(text, token_end, mention_start)
                and _LEFT_GAP.fullmatch(text, token_end, mention_start)
            ):
                left[index] = before
    right_first = _category_comes_first(categories, numbers, right, left)

    used_numbers: set[int] = set()
    figures = _pair_past_day(
        text, lex, categories, numbers, number_starts, left, past_day_scopes, used_numbers
    )

    def pair_right() -> None:
        for index, (number_index, qualifier_word) in right.items():
            if index in figures or number_index in used_numbers:
                continue
            qualifier = lex.qualifier_value(qualifier_word) if qualifier_word else None
            add(index, number_index, qualifier, numbers[number_index].delta)

    def pair_left() -> None:
        for index, number_index in left.items():
            if index in figures or number_index in used_numbers:
                continue
            token = numbers[number_index]
            qualifier = _qualifier_before(text, lex, token.start)
            delta = token.delta
            if delta is None:
                delta = _delta_after(text, categories[index].end)
            add(index, number_index, qualifier, delta)

    def add(index: int, number_index: int, qualifier: str | None, delta: int | None) -> None:
        used_numbers.add(number_index)
        token_start, token_end, value, scaled, _delta = numbers[number_index]
        mention_start, mention_end, key = categories[index]
        if qualifier is None and scaled:
            qualifier = "about"
        figures[index] = Figure(
            key,
            mention_start if mention_start < token_start else token_start,
            mention_end if mention_end > token_end else token_end,
            value,
            qualifier,
            delta,
        )

    # Both dicts are in category order, as the passes must go.
    if right_first:
        pair_right()
        pair_left()
    else:
        pair_left()
        pair_right()
    result = []
    for index, mention in enumerate(categories):
        if index in figures:
            result.append(figures[index])
            continue
        spelled = _spelled_number_before(text, lex, mention.start)
        if spelled is not None:
            value, start = spelled
            result.append(
                Figure(
                    mention.key, start, mention.end, value, delta=_delta_after(text, mention.end)
                )
            )
            continue
        spelled_after = _spelled_number_after(text, lex, mention.end)
        if spelled_after is not None:
            value, end = spelled_after
            result.append(Figure(mention.key, mention.start, end, value))
        else:
            result.append(Figure(mention.key, mention.start, mention.end, None))
    return result


def _pair_past_day(
    text: str,
    lex: Lexicon,
    categories: list[CategoryMention],
    numbers: list[NumberToken],
    number_starts: list[int],
    left: dict[int, int],
    scopes: list[tuple[int, int]],
    used_numbers: set[int],
) -> dict[int, Figure]:
    """In a sentence about the past day, "destroyed 22 tanks" is a delta, not a total.

    Its totals come in parentheses after the category ("2 tanks (total 8,431)") or at the end
    ("bringing the totals to 7,828, 15,076 and 13,433 respectively").
    """
    figures: dict[int, Figure] = {}
    for scope_start, scope_end in scopes:
        in_scope = [
            index
            for index, mention in enumerate(categories)
            if scope_start <= mention.start < scope_end
        ]
        without_total = []
        for index in in_scope:
            mention = categories[index]
            total = _PARENTHESIZED_TOTAL.match(text, mention.end)
            figure = _delta_figure(
                text, lex, mention, numbers, number_starts, left.get(index), total, used_numbers
            )
            if figure is None:
                continue
            if figure.value is None:
                without_total.append(figure)
            figures[index] = figure
        if without_total:
            _assign_trailing_totals(text, lex, numbers, without_total, scope_end, used_numbers)
    # "2 tanks (total 8,431)" says by itself that the 2 is the past day's, in any sentence.
    category_ends = [mention.end for mention in categories]
    for total in lex.parenthesized_total.finditer(text):
        index = bisect.bisect_right(category_ends, total.start()) - 1
        if index < 0 or index in figures or not _only_space(text, category_ends[index], total):
            continue
        figure = _delta_figure(
            text,
            lex,
            categories[index],
            numbers,
            number_starts,
            left.get(index),
            total,
            used_numbers,
        )
        if figure is not None:
            figures[index] = figure
    return figures


def _may_be_left_gap(text: str, start: int, end: int) -> bool:
    """False when ``_LEFT_GAP`` cannot match ``start``..``end`` whole: a line break, or a
    comma outside the parenthesis it allows ("9876 (+5) од, ББМ"), both cheaper to find."""
    if text.find("\n", start, end) != -1:
        return False
    return text.find(",", start, end) == -1 or text.find("(", start, end) != -1


def _only_space(text: str, end: int, found: re.Match[str]) -> bool:
    return end == found.start() or text[end : found.start()].isspace()


def _delta_figure(
    text: str,
    lex: Lexicon,
    mention: CategoryMention,
    numbers: list[NumberToken],
    number_starts: list[int],
    left_number: int | None,
    total: re.Match[str] | None,
    used_numbers: set[int],
) -> Figure | None:
    """The past day's figure of ``mention``: the number or number word before it as the
    delta, and the ``total`` match's number as the figure."""
    if left_number is not None and left_number not in used_numbers:
        token = numbers[left_number]
        if token.delta is not None or token.scaled:
            return None
        used_numbers.add(left_number)
        delta, start = token.value, token.start
    else:
        spelled = _spelled_number_before(text, lex, mention.start, article=True)
        if spelled is None:
            return None
        delta, start = spelled
    figure = Figure(mention.key, start, mention.end, None, delta=delta)
    if total is not None:
        position = bisect.bisect_left(number_starts, total.start("total"))
        if position < len(numbers) and numbers[position].start == total.start("total"):
            used_numbers.add(position)
            figure.value = numbers[position].value
            figure.end = total.end()
    return figure


def _assign_trailing_totals(
    text: str,
    lex: Lexicon,
    numbers: list[NumberToken],
    figures: list[Figure],
    scope_end: int,
    used_numbers: set[int],
) -> None:
    totals_word = lex.totals.search(text, figures[-1].end, scope_end)
    if totals_word is None:
        return
    trailing = [
        index
        for index, token in enumerate(numbers)
        if totals_word.end() <= token.start < scope_end and index not in used_numbers
    ]
    for figure, index in zip(figures, trailing, strict=False):
        used_numbers.add(index)
        figure.value = numbers[index].value


def _category_comes_first(
    categories: list[CategoryMention],
    numbers: list[NumberToken],
    right: dict[int, tuple[int, str | None]],
    left: dict[int, int],
) -> bool:
    if len(right) != len(left):
        return len(right) > len(left)
    # A tie ("833,000 troops\n9,876 tanks" reads both ways in the middle) is decided by
    # what the list starts with.
    first_category = min(right.keys() | left.keys(), default=None)
    if first_category is None:
        return True
    if first_category in left:
        return numbers[left[first_category]].start > categories[first_category].start
    return True


def _qualifier_before(text: str, lex: Lexicon, number_start: int) -> str | None:
    found = lex.qualifier_before_number.search(text, max(0, number_start - 40), number_start)
    return lex.qualifier_value(found.group()) if found else None


def _delta_after(text: str, position: int) -> int | None:
    found = _DELTA_AFTER_CATEGORY.match(text, position)
    if found is None or found.group("delta") is None:
        return None
    return int(re.sub(r"\D", "", found.group("delta")))


def _spelled_number_before(
    text: str, lex: Lexicon, start: int, *, article: bool = False
) -> tuple[int, int] | None:
    """ "one submarine", "двох підводних човнів": (value, start) or None.

    With ``article``, "a helicopter" counts one too: only where the figures are the past
    day's, since "a drone attack" or "a tank crew" elsewhere counts nothing.
    """
    if article:
        found = lex.article_before.search(text, max(0, start - 8), start)
        if found is not None:
            return 1, found.start()
    window_start = max(0, start - 60)
    last = None
    for found in lex.word_numbers.pattern.finditer(text, window_start, start):
        last = found
    if last is None:
        return None
    between = text[last.end() : start]
    if len(between.split()) > 2 or not _LEFT_GAP.fullmatch(between):
        return None
    # "два самолета и вертолет": the number counts the category right after it, not this one.
    if lex.categories.search(between):
        return None
    value = lex.word_numbers.value(last.group())
    return (value, last.start()) if value is not None else None


def spelled_number_ending_at(text: str, lex: Lexicon, end: int) -> tuple[int, int] | None:
    """ "two" in "two of them destroyed in the past day": (value, start) of the spelled number
    that only whitespace separates from ``end``, or None."""
    last = None
    for found in lex.word_numbers.pattern.finditer(text, max(0, end - 60), end):
        last = found
    if last is None or not text[last.end() : end].isspace():
        return None
    value = lex.word_numbers.value(last.group())
    return (value, last.start()) if value is not None else None


def _spelled_number_after(text: str, lex: Lexicon, end: int) -> tuple[int, int] | None:
    """ "підводних човнів — два", "подводных лодок — две": (value, end) or None."""
    gap = lex.right_gap.match(text, end, min(len(text), end + 20))
    found = lex.word_numbers.pattern.match(text, gap.end() if gap else end)
    if found is None:
        return None
    value = lex.word_numbers.value(found.group())
    return (value, found.end()) if value is not None else None


def apply_prose_deltas(
    text: str, lex: Lexicon, figures: list[Figure], prose_deltas: list[tuple[int, int, int]]
) -> None:
    """ "833,000, including 1,300 over the past day": the 1,300 is the figure's delta."""
    starts = [figure.start for figure in figures]
    for start, _end, value in prose_deltas:
        position = bisect.bisect_left(starts, start) - 1
        if position >= 0 and start - figures[position].end <= 160:
            figure = figures[position]
            if figure.delta is None:
                figure.delta = value
    if not may_occur(lex.no_change_hints, text):
        return
    for found in lex.no_change.finditer(text):
        sentence_start = _sentence_start(text, found.start())
        for figure in figures:
            if sentence_start <= figure.start < found.start() and figure.delta is None:
                figure.delta = 0


def past_day_scopes(
    text: str, lex: Lexicon, prose_deltas: list[tuple[int, int, int]]
) -> list[tuple[int, int]]:
    """Sentences that count the past day's losses, outside "including 1,300 over the past day"
    phrases and never a bulletin line that carries its own "(+N)" deltas."""
    scopes: list[tuple[int, int]] = []
    if not may_occur(lex.past_day_hints, text):
        return scopes
    for found in lex.past_day_context.finditer(text):
        if any(start <= found.start() < end for start, end, _ in prose_deltas):
            continue
        if scopes and found.start() < scopes[-1][1]:
            continue
        start, end = _sentence_start(text, found.start()), sentence_end(text, found.end())
        if "(+" not in text[start:end]:
            scopes.append((start, end))
    return scopes


def _sentence_start(text: str, position: int) -> int:
    return (
        max(
            text.rfind(". ", 0, position),
            text.rfind("\n", 0, position),
            text.rfind("; ", 0, position),
            text.rfind("! ", 0, position),
        )
        + 1
    )


def _with_past_day_sentence(text: str, figures: list[Figure], split: int, key: str) -> int:
    """Where the list ``figures`` splits before a repeated ``key``: at ``split``, or earlier at
    the sentence that gives only the past day's increase of ``key`` right before it, which
    counts toward the new figures and not the headline's ("Headline: over 1.08 million\n\n
    800 troops and 1 tank over the past day. In all, 1,083,790 troops")."""
    increases_start = split
    while increases_start > 0 and figures[increases_start - 1].value is None:
        increases_start -= 1
    same_key = next(
        (index for index in range(split - 1, increases_start - 1, -1) if figures[index].key == key),
        None,
    )
    if same_key is None:
        return split
    sentence_start = _sentence_start(text, figures[same_key].start)
    split = same_key
    while split > increases_start and figures[split - 1].start >= sentence_start:
        split -= 1
    return split


def group_lists(
    text: str, foreign: Spans, general_staff: Spans, figures: list[Figure]
) -> list[FigureList]:
    """Split figures into lists: a long gap, a repeated category or a foreign source starts
    one, and so does a sentence naming the General Staff after a foreign source's figures
    ("Russia's MoD claimed Ukraine lost 1,240 troops over the past day. Ukraine's General
    Staff said Russia had lost 897,010")."""
    lists: list[FigureList] = []
    current = FigureList()
    # ``current.keys()``, kept up to date rather than rebuilt for every figure.
    current_keys: set[str] = set()
    for figure in figures:
        if current.figures:
            gap_start = current.figures[-1].end
            if figure.value is not None and figure.key in current_keys:
                # The figures before it in its own sentence open the new list with it
                # ("Headline: 1,195,610 troops\n\n... lost 11,433 tanks and 1,195,610 troops").
                sentence_start = _sentence_start(text, figure.start)
                split = len(current.figures)
                while (
                    split > 0
                    and current.figures[split - 1].start >= sentence_start
                    and current.figures[split - 1].key != figure.key
                ):
                    split -= 1
                split = _with_past_day_sentence(text, current.figures, split, figure.key)
                if split > 0:
                    lists.append(FigureList(current.figures[:split]))
                    current = FigureList(current.figures[split:])
                    current_keys = current.keys()
                else:
                    lists.append(current)
                    current = FigureList()
                    current_keys = set()
            elif figure.start - gap_start > _CLUSTER_GAP or (
                foreign.starts
                and (
                    foreign.any_within(gap_start, figure.start)
                    or _staff_speaks_anew(text, foreign, general_staff, current.start, figure)
                )
            ):
                lists.append(current)
                current = FigureList()
                current_keys = set()
        current.figures.append(figure)
        if figure.value is not None:
            current_keys.add(figure.key)
    if current.figures:
        lists.append(current)
    return [
        figure_list
        for figure_list in lists
        if figure_list.keys() or any(figure.delta is not None for figure in figure_list.figures)
    ]


def _staff_speaks_anew(
    text: str, foreign: Spans, general_staff: Spans, list_start: int, figure: Figure
) -> bool:
    """Whether ``figure`` opens a sentence of its own that names the General Staff, after a
    list a foreign source named last before ``list_start`` speaks for."""
    sentence_start = _sentence_start(text, figure.start)
    if sentence_start <= list_start:
        return False
    if not general_staff.any_within(sentence_start, sentence_end(text, figure.end)):
        return False
    last_foreign = foreign.last_start_within(0, list_start)
    if last_foreign is None:
        return False
    last_staff = general_staff.last_start_within(0, list_start)
    return last_staff is None or last_foreign > last_staff


def counted_on(key: str, report_date: dt.date | None) -> bool:
    """Whether a bulletin of ``report_date`` counts ``key``: fuel tanks have been counted with
    vehicles since the 2022-05-01 merge, so "3 fuel tanks on fire" in a later article is no
    figure of it."""
    return key != "fuel_tanks" or report_date is None or report_date < _MERGE_DAY


def resolve_vehicles(figures: dict[str, int], key: str, report_date: dt.date | None) -> str:
    if key != AMBIGUOUS_VEHICLES:
        return key
    if report_date is not None:
        return "military_auto" if report_date < _MERGE_DAY else "vehicles_fuel_tanks"
    return "military_auto" if "fuel_tanks" in figures else "vehicles_fuel_tanks"
