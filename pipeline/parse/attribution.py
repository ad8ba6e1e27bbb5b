"""Whose figures a list carries.

Only Ukraine's General Staff (or Ministry of Defence) counting Russian losses makes a bulletin.
Russia's claims about Ukrainian losses, Oryx, UK Defence Intelligence and Mediazona publish lists
that look the same; the nearest source named before (or within the sentence of) a list decides.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator

from pipeline.parse.general_staff import FigureList
from pipeline.parse.lexicon import Lexicon

# How far back a source named before a list still speaks for it.
_SOURCE_REACH = 600


class Source(enum.Enum):
    GENERAL_STAFF = "general_staff"
    OTHER = "other"
    UNNAMED = "unnamed"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [found for found in (text.find(". ", end), text.find("\n", end)) if found != -1]
    return sentence_start, min(ends) if ends else len(text)


def source_of(text: str, lex: Lexicon, figures: FigureList) -> Source:
    sentence_start, sentence_end = _sentence_bounds(text, figures.start, figures.end)
    foreign_near = lex.foreign_markers.search(text, sentence_start, sentence_end)
    staff_near = lex.general_staff_markers.search(text, sentence_start, sentence_end)
    if foreign_near and not staff_near:
        return Source.OTHER
    if staff_near and not foreign_near:
        return Source.GENERAL_STAFF
    window_start = max(0, figures.start - _SOURCE_REACH)
    last_foreign = _last(lex.foreign_markers.finditer(text, window_start, figures.start))
    last_staff = _last(lex.general_staff_markers.finditer(text, window_start, figures.start))
    if last_foreign is None and last_staff is None:
        return Source.UNNAMED
    if last_staff is None or (last_foreign is not None and last_foreign > last_staff):
        return Source.OTHER
    return Source.GENERAL_STAFF


def _last(matches: Iterator[re.Match[str]]) -> int | None:
    position = None
    for found in matches:
        position = found.start()
    return position
