"""The numbers of a document, found once and shared by every extractor."""

from __future__ import annotations

import bisect
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
