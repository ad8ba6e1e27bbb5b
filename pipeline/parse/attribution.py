"""Whose figures a list carries.

Only Ukraine's General Staff (or Ministry of Defence) counting Russian losses makes a bulletin.
Russia's claims about Ukrainian losses, Oryx, UK Defence Intelligence and Mediazona publish lists
that look the same; the nearest source named before (or within the sentence of) a list decides.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from pipeline.parse.general_staff import FigureList
from pipeline.parse.lexicon import Lexicon
from pipeline.parse.tokens import Spans

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


def find_sources(text: str, lex: Lexicon) -> Sources:
    foreign, general_staff = Spans([], []), Spans([], [])
    is_foreign = lex.foreign_source.fullmatch
    for found in lex.sources.finditer(text):
        # A phrase a foreign source matches whole would have won the alternation as foreign.
        spans = foreign if is_foreign(found.group()) else general_staff
        spans.starts.append(found.start())
        spans.ends.append(found.end())
    return Sources(foreign, general_staff)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [found for found in (text.find(". ", end), text.find("\n", end)) if found != -1]
    return sentence_start, min(ends) if ends else len(text)


def source_of(text: str, sources: Sources, figures: FigureList) -> Source:
    sentence_start, sentence_end = _sentence_bounds(text, figures.start, figures.end)
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
