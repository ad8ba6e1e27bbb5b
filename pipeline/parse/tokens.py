"""The numbers of a document, found once and shared by every extractor."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.parse.lexicon import numbers, scale_value
from pipeline.parse.numbers import digits_value


@dataclass(frozen=True, slots=True)
class NumberToken:
    start: int
    end: int
    value: int
    scaled: bool
    # The bulletin's "(+N)" right after the figure: N, or None for "(+)" or no parenthesis.
    delta: int | None


def find_numbers(text: str, excluded: list[tuple[int, int]]) -> list[NumberToken]:
    """Every figure-like number, skipping those inside ``excluded`` spans (sorted, disjoint)."""
    tokens = []
    starts = [start for start, _ in excluded]
    for found in numbers().finditer(text):
        position = bisect.bisect_right(starts, found.start()) - 1
        if position >= 0 and excluded[position][1] > found.start():
            continue
        scale_word = found.group("scale")
        scale = scale_value(scale_word) if scale_word else None
        value = digits_value(found.group("digits"), scale)
        if value is None:
            continue
        delta_digits = found.group("delta")
        delta = digits_value(delta_digits, None) if delta_digits else None
        tokens.append(NumberToken(found.start(), found.end(), value, scale is not None, delta))
    return tokens


@dataclass(frozen=True, slots=True)
class Spans:
    """Where one kind of phrase occurs in a text, found in one scan and then asked about
    windows of it: cheaper than searching every window again."""

    starts: list[int]
    ends: list[int]

    def any_within(self, start: int, end: int) -> bool:
        """Whether a phrase lies wholly inside ``start``..``end``."""
        index = bisect.bisect_left(self.starts, start)
        while index < len(self.starts) and self.starts[index] < end:
            if self.ends[index] <= end:
                return True
            index += 1
        return False

    def last_start_within(self, start: int, end: int) -> int | None:
        """The start of the last phrase wholly inside ``start``..``end``, if any."""
        index = bisect.bisect_left(self.starts, end) - 1
        while index >= 0 and self.starts[index] >= start:
            if self.ends[index] <= end:
                return self.starts[index]
            index -= 1
        return None


def find_spans(pattern: re.Pattern[str], text: str, groups: tuple[str, ...]) -> tuple[Spans, ...]:
    """One scan of ``pattern``, whose matches are split by which of ``groups`` took part."""
    found_spans = tuple(Spans([], []) for _ in groups)
    index_of = {name: index for index, name in enumerate(groups)}
    for found in pattern.finditer(text):
        spans = found_spans[index_of[found.lastgroup]]  # type: ignore[index]
        spans.starts.append(found.start())
        spans.ends.append(found.end())
    return found_spans
