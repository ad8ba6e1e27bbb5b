"""Numbers as the bulletins and news retellings write them.

Digits come with any thousands separator ("834,670", "834 670" with ordinary, no-break,
narrow or thin spaces, "834.670"), optionally scaled ("1.22 million", "24,9 тис.").
Number words ("one", "twenty-two", "двох", "півтори тисячі") are read by ``WordNumbers``,
built from each language's lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.parse.first_letters import by_first_letter

THOUSANDS_SEPARATORS = " \u00a0\u202f\u2009,.'’"
_SEP = "[" + THOUSANDS_SEPARATORS + "]"
_SEPARATOR = re.compile(_SEP)
# A number that is only digits and thousands separators, no decimal part.
# The first digit stands outside the alternation, so a pattern that starts with a number
# starts with a digit class and the engine skips to digits.
PLAIN_NUMBER = rf"\d(?:\d{{0,2}}(?:{_SEP}\d{{3}})+(?!\d)|\d*)"
# Digits glued to letters, hyphens or slashes are model names (T-90M, Kh-101, Shahed-136/131,
# 2S19) and clock times (09:00), never figures; "+" marks a delta, read with its figure.
_NOT_AFTER_FIRST_DIGIT = r"(?<![\w\-/+.,:−]\d)"
_NOT_BEFORE = r"(?![^\W_]|-\w|/\d|:\d)"


def number_pattern(scale_words: list[str]) -> str:
    """Regex source for one figure: digits, an optional scale word and an optional "(+N)",
    or a bare "+N" after it, as a table's next cell gives it ("833 000 | +1 380").

    It starts with a digit class, so the engine skips to digits in C instead of trying every
    position; the "not after" check comes right after the first digit, as a lookbehind.
    """
    scales = "|".join(sorted(scale_words, key=len, reverse=True))
    decimals = r"(?:[.,]\d{1,2}(?!\d))?"
    space = "[ \u00a0\u202f\u2009]*"
    return (
        rf"(?P<digits>\d{_NOT_AFTER_FIRST_DIGIT}"
        rf"(?:\d{{0,2}}(?:{_SEP}\d{{3}})+(?!\d)|\d*{decimals}))"
        rf"(?:{space}(?P<scale>{scales})(?!\w))?"
        rf"{_NOT_BEFORE}"
        rf"(?P<delta_part>{space}\({space}\+{space}(?P<delta>{PLAIN_NUMBER})?[^()\d\n%]{{0,20}}\)"
        rf"|[\s|]{{0,6}}\+{space}(?P<bare_delta>{PLAIN_NUMBER})(?![.,]?\d|{space}%))?"
    )


def digits_value(digits: str, scale: int | None) -> int | None:
    """The integer a digit string stands for, or None when it cannot be read with confidence.

    A separator followed by exactly three digits groups thousands; otherwise it is a decimal
    point, which only makes sense before a scale word ("1.22 million", "24,9 тис.").
    """
    if digits.isdecimal():
        whole = int(digits)
        return whole * scale if scale else whole
    parts = _SEPARATOR.split(digits)
    if all(len(part) == 3 for part in parts[1:]):
        grouped = int("".join(parts))
        if scale and len(parts) == 2 and digits[len(parts[0])] in ".,":
            # "1.500 million" is a decimal in every language that uses scale words.
            return round(float(f"{parts[0]}.{parts[1]}") * scale)
        return grouped * scale if scale else grouped
    if scale and len(parts) == 2:
        return round(float(f"{parts[0]}.{parts[1]}") * scale)
    return None


@dataclass(frozen=True, slots=True)
class WordNumbers:
    """Reads spelled-out numbers of one language, including inflected forms."""

    units: Mapping[str, float]
    tens: Mapping[str, int]
    hundreds: Mapping[str, int]
    scales: Mapping[str, int]
    pattern: re.Pattern[str]

    @classmethod
    def build(
        cls,
        units: Mapping[str, float],
        tens: Mapping[str, int],
        hundreds: Mapping[str, int],
        scales: Mapping[str, int],
    ) -> WordNumbers:
        words = sorted([*units, *tens, *hundreds, *scales], key=len, reverse=True)
        # The parser matches against lower-cased text.
        escaped = [re.escape(word.lower()) for word in words]
        alternation = "|".join(escaped)
        first = by_first_letter(escaped, "[\\w'’]") or rf"(?<![\w'’])(?:{alternation})"
        pattern = re.compile(rf"{first}(?:(?:[\s-]+|\s+and\s+)(?:{alternation}))*(?![\w'’])")
        return cls(units, tens, hundreds, scales, pattern)

    def value(self, phrase: str) -> int | None:
        """The value of a phrase made only of number words; None if a word is unknown."""
        total = 0.0
        current = 0.0
        for word in re.split(r"[\s-]+", phrase.lower()):
            if word in ("and", ""):
                continue
            if word in self.units:
                current += self.units[word]
            elif word in self.tens:
                current += self.tens[word]
            elif word in self.hundreds:
                hundreds = self.hundreds[word]
                # "eight hundred" multiplies; "вісімсот" is one word and adds.
                current = current * hundreds if 0 < current < 10 else current + hundreds
            elif word in self.scales:
                total += (current or 1) * self.scales[word]
                current = 0
            else:
                return None
        total += current
        return round(total) if total > 0 else None
