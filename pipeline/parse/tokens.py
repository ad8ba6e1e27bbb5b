"""The numbers of a document, found once and shared by every extractor."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.parse.lexicon import numbers, scale_value
from pipeline.parse.numbers import THOUSANDS_SEPARATORS, digits_value

_new_tuple = tuple.__new__
_DROP_SEPARATORS = str.maketrans("", "", THOUSANDS_SEPARATORS)
# What follows the number of a numbered list's item ("1. танків", "2) tanks").
_ITEM_MARKS = frozenset(".)")


class NumberToken(NamedTuple):
    # A tuple: documents have dozens of numbers, and tuples are the cheapest to build.
    start: int
    end: int
    value: int
    scaled: bool
    # The bulletin's "(+N)" right after the figure: N, or None for "(+)" or no parenthesis.
    delta: int | None


def find_numbers(text: str, excluded: list[tuple[int, int]]) -> list[NumberToken]:
    """Every figure-like number, skipping those inside ``excluded`` spans (sorted, disjoint)."""
    tokens = []
    # Numbers and excluded spans both come in text order: one walk through each.
    next_excluded = 0
    excluded_count = len(excluded)
    for found in numbers().finditer(text):
        start, end = found.span()
        while next_excluded < excluded_count and excluded[next_excluded][1] <= start:
            next_excluded += 1
        if next_excluded < excluded_count and excluded[next_excluded][0] <= start:
            continue
        digits, scale_word, _, delta_digits, bare_delta_digits = found.groups()
        if text[end : end + 1] in _ITEM_MARKS and _numbers_an_item(text, start, end):
            continue
        delta_digits = delta_digits or bare_delta_digits
        scaled = False
        if scale_word:
            scale = scale_value(scale_word)
            scaled = scale is not None
            value = digits_value(digits, scale)
            if value is None:
                continue
        elif digits.isdecimal():
            value = int(digits)
        elif len(digits) > 4 and digits[-4] in THOUSANDS_SEPARATORS:
            # The pattern groups thousands by three: a separator three digits from the end
            # is one; otherwise the digits end in a decimal part, unreadable with no scale.
            value = _grouped_value(digits, digits[-4])
        else:
            continue
        # A delta is a plain number: digits, or thousands grouped by three.
        delta = None
        if delta_digits:
            delta = (
                int(delta_digits)
                if delta_digits.isdecimal()
                else _grouped_value(delta_digits, delta_digits[-4])
            )
        # tuple.__new__ builds the named tuple without a Python-level __new__ call.
        tokens.append(_new_tuple(NumberToken, (start, end, value, scaled, delta)))
    return tokens


def _numbers_an_item(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start``..``end`` numbers a list item ("1. танків — 9876",
    "2) tanks: 9,876"): up to two digits opening a line, then "." or ")" and a space."""
    if end - start > 2 or text[end + 1 : end + 2] not in (" ", "\t", "\u00a0"):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return line_start == start or text[line_start:start].isspace()


def _grouped_value(digits: str, separator: str) -> int:
    """The value of digits grouped by three, ``separator`` one of the separators."""
    # One separator throughout is the rule ("833 000", "1,195,610"): a plain replace is
    # cheaper than a translation table, which remains for mixed ones.
    plain = digits.replace(separator, "")
    return int(plain) if plain.isdecimal() else int(digits.translate(_DROP_SEPARATORS))


@dataclass(frozen=True, slots=True)
class Spans:
    """Where one kind of phrase occurs in a text, found in one scan and then asked about
    windows of it: cheaper than searching every window again."""

    starts: list[int]
    ends: list[int]

    def any_within(self, start: int, end: int) -> bool:
        """Whether a phrase lies wholly inside ``start``..``end``."""
        if not self.starts:
            # Most documents name no source of this kind: the common answer, at once.
            return False
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


def sentence_end(text: str, position: int) -> int:
    """Where the sentence that runs on at ``position`` ends: a full stop or a line break."""
    ends = [end for end in (text.find(". ", position), text.find("\n", position)) if end != -1]
    return min(ends) if ends else len(text)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence, between full stops and line breaks, around ``start``..``end``."""
    return max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1, sentence_end(text, end)
