"""Whose figures a list carries.

Only Ukraine's General Staff (or Ministry of Defence) counting Russian losses makes a bulletin.
Russia's claims about Ukrainian losses, Oryx, UK Defence Intelligence and Mediazona publish lists
that look the same; the nearest source named before (or within the sentence of) a list decides.
"""

from __future__ import annotations

import bisect
import enum
import math
from dataclasses import dataclass

from pipeline.parse.general_staff import FigureList
from pipeline.parse.lexicon import Lexicon, may_occur
from pipeline.parse.tokens import Spans, sentence_bounds

# How far back a source named before a list still speaks for it.
_SOURCE_REACH = 600


class Source(enum.Enum):
    GENERAL_STAFF = "general_staff"
    OTHER = "other"
    UNNAMED = "unnamed"


@dataclass(frozen=True, slots=True)
class Sources:
    """Where a document names a foreign source and where the General Staff."""

    foreign: Spans
    general_staff: Spans


def find_sources(text: str, lex: Lexicon, links: list[tuple[int, int]]) -> Sources:
    """Where sources are named, outside the ``links`` to other articles (see ``link_spans``)."""
    foreign, general_staff = Spans([], []), Spans([], [])
    is_foreign = lex.foreign_source.fullmatch
    for found in lex.sources.finditer(text):
        if links and within(links, found.start()):
            continue
        # A phrase a foreign source matches whole would have won the alternation as foreign.
        spans = foreign if is_foreign(found.group()) else general_staff
        spans.starts.append(found.start())
        spans.ends.append(found.end())
    return Sources(foreign, general_staff)


def source_of(text: str, sources: Sources, figures: FigureList) -> Source:
    sentence_start, sentence_end = sentence_bounds(text, figures.start, figures.end)
    foreign_near = sources.foreign.any_within(sentence_start, sentence_end)
    staff_near = sources.general_staff.any_within(sentence_start, sentence_end)
    if foreign_near and not staff_near:
        return Source.OTHER
    if staff_near and not foreign_near:
        return Source.GENERAL_STAFF
    window_start = max(0, figures.start - _SOURCE_REACH)
    last_foreign = sources.foreign.last_start_within(window_start, figures.start)
    last_staff = sources.general_staff.last_start_within(window_start, figures.start)
    if last_foreign is None and last_staff is None:
        return Source.UNNAMED
    if last_staff is None or (last_foreign is not None and last_foreign > last_staff):
        return Source.OTHER
    return Source.GENERAL_STAFF


def link_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Lines that link another article ("Read also: Russia's losses as of January 27: 831,620
    troops"), each up to its end, or with the next line when the link's headline stands
    there: that article's figures, date and sources, never this text's."""
    spans: list[tuple[int, int]] = []
    if not may_occur(lex.read_also_hints, text):
        return spans
    for found in lex.read_also.finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        # Bullets and emoji may open the line; a word before the marker makes it prose.
        if _has_word(text, line_start, found.start()):
            continue
        end = _line_end(text, found.end())
        next_start = end + 1
        while not _has_word(text, found.end(), end) and next_start < len(text):
            end = _line_end(text, next_start)
            next_start = end + 1
        if not spans or found.start() >= spans[-1][1]:
            spans.append((found.start(), end))
    return spans


def other_day_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Sentences about other days than the bulletin's ("Over the past week, Russia lost
    10,970 troops", "A day earlier the figure was 831,620"), or only the parenthesis such a
    phrase stands in ("833 000 осіб (напередодні — 831 620)"): their figures and dates are
    no bulletin's."""
    spans: list[tuple[int, int]] = []
    if not may_occur(lex.other_days_hints, text):
        return spans
    for found in lex.other_days.finditer(text):
        start, end = sentence_bounds(text, found.start(), found.end())
        opening = text.rfind("(", start, found.start())
        if opening != -1 and text.find(")", opening, found.start()) == -1:
            closing = text.find(")", found.end(), end)
            if closing != -1:
                start, end = opening, closing + 1
        spans.append((start, end))
    return spans


def _has_word(text: str, start: int, end: int) -> bool:
    return any(char.isalnum() for char in text[start:end])


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end == -1 else end


def within(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` lies inside one of ``spans`` (sorted, disjoint)."""
    index = bisect.bisect_right(spans, (position, math.inf)) - 1
    return index >= 0 and position < spans[index][1]
