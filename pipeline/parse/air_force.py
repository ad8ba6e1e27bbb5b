"""The Air Force's overnight reports: what was launched, shot down and lost locationally.

"Russia launched 81 Shahed-type drones ... 37 were shot down, 39 were lost locationally, the
fate of 5 is unknown": each clause's verb says what its numbers count, and a clause without a
verb continues the one before ("shot down 40 targets: 3 missiles and 37 drones").
"""

from __future__ import annotations

import bisect
import enum
import re
from operator import attrgetter
from typing import NamedTuple

from pipeline.parse.lexicon import Lexicon, may_occur
from pipeline.parse.tokens import NumberToken, sentence_bounds

# "09:00" is a time, not a clause break: a colon breaks only before a space.
_CLAUSE_BREAK = re.compile(r";\s*|[:,.]\s+")
# The words after a number up to the next number or clause break: a few words may stand
# between a number and its kind ("81 Shahed-type attack drones", "3 Kh-101 cruise missiles").
_KIND_WORDS = re.compile(r"(?:\s*[^\s\d,;:.][^\s,;:]*){0,5}")
# What opens a list of parts right after a figure and its kind: a colon ("38 ракет різних
# типів: 13 Х-101, ...") or a dash ("24 ракетами – 5 ..."), never a hyphen inside a word.
_LIST_OPENER = re.compile(r":(?!\d)|\s[-‒–—]\s|[‒–—]")
# How far after a figure its list opener may stand: its kind words and little more.
_LIST_OPENER_REACH = 60
_start = attrgetter("start")


class _Mode(enum.Enum):
    LAUNCHED = "launched"
    SHOT_DOWN = "shot_down"
    LOST = "lost"
    IGNORED = "ignored"


class _Count(NamedTuple):
    field: str
    value: int
    start: int
    # "24 missiles: 5 Kinzhal, 14 Kh-101 ...", "37 missiles, including 26 Iskander-M": the
    # counts of the same field after it, up to ``sentence_end``, may be its parts.
    opens_list: bool
    sentence_end: int


def air_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The sentences of an Air Force report (sorted, disjoint)."""
    spans: list[tuple[int, int]] = []
    if not may_occur(lex.air_marker_hints, text):
        return spans
    for found in lex.air_markers.finditer(text):
        if spans and found.start() < spans[-1][1]:
            continue
        start, end = sentence_bounds(text, found.start(), found.end())
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def extract_air_attack(
    text: str, lex: Lexicon, spans: list[tuple[int, int]], numbers: list[NumberToken]
) -> dict[str, int] | None:
    """The fields an Air Force report states, or None when the text carries none."""
    spelled = _spelled_counts(text, lex, spans)
    if spelled:
        numbers = sorted([*numbers, *spelled], key=_start)
    counts: list[_Count] = []
    lost: list[int] = []
    # "3 of 4 Kh-101 missiles": a whole, by kind, for a report that names it nowhere else.
    wholes: dict[str, int] = {}
    for span_start, span_end in spans:
        # "Since the start of the year, Russia has launched 30,000 drones": not one night's.
        if lex.air_cumulative.search(text, span_start, span_end):
            continue
        # Numbers come in text order: a span's are one slice of them.
        first = bisect.bisect_left(numbers, span_start, key=_start)
        stop = bisect.bisect_left(numbers, span_end, key=_start)
        _read_span(text, lex, (span_start, span_end), numbers[first:stop], counts, lost, wholes)
    fields: dict[str, int] = {}
    for count in _without_parts(counts):
        if count.field == "shot_down":
            fields.setdefault("shot_down", count.value)
        else:
            fields[count.field] = fields.get(count.field, 0) + count.value
    if lost:
        fields["lost_locationally"] = sum(lost)
    for kind, whole in wholes.items():
        fields.setdefault(f"{kind}_launched", whole)
    _drop_neutralized_total(fields)
    launched = "drones_launched" in fields or "missiles_launched" in fields
    # A report says what came and what became of it; a lone "launched 20,000 drones this
    # year" or "shot down 421 aircraft" is an article, not an overnight report.
    return fields if launched and len(fields) > 1 else None


def _read_span(
    text: str,
    lex: Lexicon,
    span: tuple[int, int],
    span_numbers: list[NumberToken],
    counts: list[_Count],
    lost: list[int],
    wholes: dict[str, int],
) -> None:
    """Adds one sentence's counts, lost figures and wholes to those of the sentences before."""
    span_start, span_end = span
    mode = _Mode.LAUNCHED
    clause_start = span_start
    breaks = [found.start() for found in _CLAUSE_BREAK.finditer(text, span_start, span_end)]
    taken_as_whole: set[int] = set()
    # Numbers and clauses both come in text order: one walk through each.
    number_count = len(span_numbers)
    first = 0
    for clause_end in [*breaks, span_end]:
        mode = _clause_mode(text, lex, clause_start, clause_end, mode)
        while first < number_count and span_numbers[first].start < clause_start:
            first += 1
        stop = first
        while stop < number_count and span_numbers[stop].start < clause_end:
            stop += 1
        clause_start = clause_end + 1
        if mode is _Mode.IGNORED:
            continue
        # Only the first clause that says "lost locationally" counts: its first number, and
        # a part of another kind after it ("183 drones and 2 missiles were lost locationally").
        lost_clause = mode is _Mode.LOST and not lost
        lost_kinds: set[str | None] = set()
        for index in range(first, stop):
            if index in taken_as_whole:
                continue
            token = span_numbers[index]
            following = span_numbers[index + 1] if index + 1 < number_count else None
            kind = _kind(text, lex, token)
            last, last_index = token, index
            if (
                kind is None
                and following is not None
                and lex.air_part_of.fullmatch(text, token.end, following.start)
            ):
                # "3 of 4 Kh-101 missiles": the part takes the kind of its whole.
                kind = _kind(text, lex, following)
                if kind is not None:
                    wholes.setdefault(kind, following.value)
                    taken_as_whole.add(index + 1)
                    last, last_index = following, index + 1
            if mode is _Mode.LOST:
                if lost_clause and (not lost or (kind is not None and kind not in lost_kinds)):
                    lost.append(token.value)
                    lost_kinds.add(kind)
                continue
            field = _field(text, lex, token, mode, kind)
            if field is None:
                continue
            # The list opener stands before the next number that starts after this one.
            gap_end = min(span_end, last.end + _LIST_OPENER_REACH)
            for later in span_numbers[last_index + 1 :]:
                if later.start > last.start:
                    gap_end = min(gap_end, later.start)
                    break
            gap = text[last.end : gap_end]
            opens_list = bool(_LIST_OPENER.search(gap) or lex.air_including.search(gap))
            counts.append(_Count(field, token.value, token.start, opens_list, span_end))


def _field(
    text: str, lex: Lexicon, token: NumberToken, mode: _Mode, kind: str | None
) -> str | None:
    if kind is not None:
        return f"{kind}_{mode.value}"
    if mode is _Mode.LAUNCHED:
        return None
    # "Сбиты 2 самолета": a figure of another of the General Staff's categories is no total
    # of the air attack's targets.
    following = _KIND_WORDS.match(text, token.end, min(len(text), token.end + 80))
    if following is not None and lex.categories.search(following.group()):
        return None
    return "shot_down"


def _without_parts(counts: list[_Count]) -> list[_Count]:
    """The counts without the parts of a figure that opens a list: "24 ракетами – 5 ...,
    14 ..., 4 ... та 1 ..." counts 24 missiles, not 48; "37 missiles, including 26
    Iskander-M" counts 37. Parts are the later counts of its field in its sentence, as long
    as they add up to no more than the figure."""
    kept: list[_Count] = []
    parts: set[int] = set()
    for index, total in enumerate(counts):
        if index in parts:
            continue
        kept.append(total)
        if not total.opens_list:
            continue
        added = 0
        for later in range(index + 1, len(counts)):
            part = counts[later]
            if part.start >= total.sentence_end:
                break
            if part.field != total.field:
                continue
            if added + part.value > total.value:
                break
            added += part.value
            parts.add(later)
    return kept


def _drop_neutralized_total(fields: dict[str, int]) -> None:
    """ "Знешкоджено 718 засобів: 296 БпЛА збито, 415 – локаційно втрачені, 7 ракет збито":
    a total that adds the lost ones to those shot down is no shot-down total."""
    total = fields.get("shot_down")
    lost = fields.get("lost_locationally")
    by_kind = fields.get("drones_shot_down", 0) + fields.get("missiles_shot_down", 0)
    if total is not None and lost and by_kind and total == by_kind + lost:
        del fields["shot_down"]


def _spelled_counts(text: str, lex: Lexicon, spans: list[tuple[int, int]]) -> list[NumberToken]:
    """Counts without digits: "both missiles", "two drones", and a noun that names one item
    by its form ("атакував балістичною ракетою" = one ballistic missile).

    A singular noun's token is empty and sits right before the noun, so ``_kind`` reads it.
    """
    tokens = []
    for span_start, span_end in spans:
        for found in lex.word_numbers.pattern.finditer(text, span_start, span_end):
            value = lex.word_numbers.value(found.group())
            if value is not None:
                tokens.append(NumberToken(found.start(), found.end(), value, False, None))
        for found in lex.air_single.finditer(text, span_start, span_end):
            # "1 крилатою ракетою" is counted by its numeral.
            before = text[span_start : found.start()].rstrip()
            if before[-1:].isdigit() or any(
                token.end == span_start + len(before) for token in tokens
            ):
                continue
            tokens.append(NumberToken(found.start(), found.start(), 1, False, None))
    return tokens


def _clause_mode(text: str, lex: Lexicon, start: int, end: int, previous: _Mode) -> _Mode:
    if lex.air_lost_locationally.search(text, start, end):
        return _Mode.LOST
    # Hits, debris and unknown fates count none of the fields, whatever verb comes with them.
    if lex.air_ignored.search(text, start, end):
        return _Mode.IGNORED
    if lex.air_shot_down.search(text, start, end):
        return _Mode.SHOT_DOWN
    if lex.air_launched.search(text, start, end):
        return _Mode.LAUNCHED
    # A lost or ignored clause never lends its meaning to the next one.
    return previous if previous in (_Mode.LAUNCHED, _Mode.SHOT_DOWN) else _Mode.IGNORED


def _kind(text: str, lex: Lexicon, token: NumberToken) -> str | None:
    """ "drones" or "missiles" when one of the next few words names the kind."""
    following = _KIND_WORDS.match(text, token.end, min(len(text), token.end + 80))
    if following is None:
        return None
    words = following.group()
    drones = lex.air_drones.search(words)
    missiles = lex.air_missiles.search(words)
    if drones and (missiles is None or drones.start() < missiles.start()):
        return "drones"
    return "missiles" if missiles else None
