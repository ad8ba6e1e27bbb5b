"""Digit slips: the typing mistakes a hand-copied figure picks up."""

from __future__ import annotations

from collections.abc import Iterator

_LIKELIHOOD = (
    "a dropped repeated digit",
    "a dropped digit",
    "an extra digit",
    "two swapped digits",
    "about 10 times too small",
    "about 10 times too large",
    "a wrong digit",
)


def digit_variants(value: int) -> Iterator[tuple[int, str]]:
    """Every figure one typing slip away from ``value``, with the name of the slip."""
    digits = str(value)
    for position in range(len(digits)):
        dropped = digits[:position] + digits[position + 1 :]
        if dropped:
            yield int(dropped), "an extra digit"
    for position in range(len(digits) + 1):
        for digit in "0123456789":
            inserted = digits[:position] + digit + digits[position:]
            if not inserted.startswith("0"):
                kind = (
                    "a dropped repeated digit"
                    if digit in digits[max(0, position - 1) : position + 1]
                    else "a dropped digit"
                )
                yield int(inserted), kind
    for first in range(len(digits)):
        for second in range(first + 1, len(digits)):
            if digits[first] != digits[second]:
                swapped = list(digits)
                swapped[first], swapped[second] = swapped[second], swapped[first]
                if swapped[0] != "0":
                    yield int("".join(swapped)), "two swapped digits"
    # A slip in the last digit is indistinguishable from a miscount: not a slip.
    for position in range(len(digits) - 1):
        for digit in "0123456789":
            if digit != digits[position] and not (position == 0 and digit == "0"):
                yield int(digits[:position] + digit + digits[position + 1 :]), "a wrong digit"
    yield value * 10, "about 10 times too small"
    if value >= 10:
        yield value // 10, "about 10 times too large"


def slip_between(value: int, low: int, high: int) -> tuple[int, str] | None:
    """A figure one slip away from ``value`` that fits in ``[low, high]``, the nearest first."""
    candidates = [
        (candidate, kind)
        for candidate, kind in digit_variants(value)
        if low <= candidate <= high and candidate != value
    ]
    if not candidates:
        return None
    middle = (low + high) / 2
    # Typing slips (a digit dropped, doubled, swapped) are likelier than a figure
    # ten times off; among equals, the figure nearest the middle of its neighbours.
    return min(candidates, key=lambda item: (_LIKELIHOOD.index(item[1]), abs(item[0] - middle)))


def slip_of(value: int, intended: int) -> str | None:
    """The slip that turns ``intended`` into ``value``, if one does."""
    if value == intended:
        return None
    for candidate, kind in digit_variants(value):
        if candidate == intended:
            return kind
    return None
