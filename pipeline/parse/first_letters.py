"""Alternations rewritten so the regex engine can skip to the letters a match may start with.

Python's ``re`` searches fast (a C loop over the text) only when a pattern starts with a
literal, a character set, or alternatives that each start with a literal. A leading
look-behind or ``\\b`` turns that off: every position of the text then runs the matcher.
``by_first_letter`` turns ``(?<![\\w'’])(?:танк\\w*|(?:бойов\\w* )?літак\\w*|...)`` into
``(?:т(?<![\\w'’]т)(?:анк\\w*)|б(?<![\\w'’]б)(?:ойов\\w* літак\\w*)|л(?<![\\w'’]л)(?:...)|...)``:
the same matches in the same order of preference, found a few times faster.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_SYNTAX = frozenset("\\.^$[](){}?*+|")
_QUANTIFIERS = frozenset("?*+{")
_WORD = re.compile(r"\w")


def regex_syntax(source: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth) of each character of a regex source that is syntax:
    not escaped and not inside a character class. A bracket's depth is the level it opens
    or closes at, so a group's "(" and its ")" share one depth."""
    depth, in_class, escaped = 0, False, False
    for index in range(start, len(source)):
        char = source[index]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            if char == ")":
                depth -= 1
            yield index, char, depth
            if char == "(":
                depth += 1


def split_alternatives(source: str) -> list[str]:
    """The top-level alternatives of a regex source, in order."""
    parts, start = [], 0
    for index, char, depth in regex_syntax(source):
        if char == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
    parts.append(source[start:])
    return parts


def _closing_paren(source: str, opening: int) -> int | None:
    for index, char, depth in regex_syntax(source, opening):
        if char == ")" and depth == 0:
            return index
    return None


def first_letters(fragment: str) -> list[tuple[str, str]] | None:
    """``fragment`` as alternatives (first character lower-cased, the rest), in the order the
    engine tries them; None when a fragment starts with anything but plain characters and
    non-capturing groups (a class, a quantified first character, a capture group)."""
    alternatives = split_alternatives(fragment)
    if len(alternatives) > 1:
        expanded: list[tuple[str, str]] = []
        for alternative in alternatives:
            found = first_letters(alternative)
            if found is None:
                return None
            expanded.extend(found)
        return expanded
    if fragment.startswith("(?:"):
        closing = _closing_paren(fragment, 0)
        if closing is None:
            return None
        inner, after = fragment[3:closing], fragment[closing + 1 :]
        if after[:1] == "?" and after[1:2] not in ("?", "+"):
            # Greedy "(?:X)?Y" tries XY, then Y.
            with_group = first_letters(f"(?:{inner}){after[1:]}")
            without = first_letters(after[1:])
            return None if with_group is None or without is None else with_group + without
        if after[:1] in _QUANTIFIERS:
            return None
        # "(?:a|b)Y" tries aY, then bY.
        return first_letters("|".join(f"{part}{after}" for part in split_alternatives(inner)))
    if not fragment:
        return None
    if fragment[0] == "\\":
        if len(fragment) < 2 or fragment[1].isalnum():
            return None
        first, rest = fragment[1], fragment[2:]
    elif fragment[0] in _SYNTAX:
        return None
    else:
        first, rest = fragment[0], fragment[1:]
    if rest[:1] in _QUANTIFIERS or len(first.lower()) != 1:
        return None
    return [(first.lower(), rest)]


def _rests_by_first_letter(fragments: list[str]) -> dict[str, list[str]] | None:
    """The rest of every alternative of ``fragments`` after its first character, grouped by
    that character in order; None when a fragment cannot be split (see ``first_letters``)."""
    rests_of: dict[str, list[str]] = {}
    for fragment in fragments:
        split = first_letters(fragment)
        if split is None:
            return None
        for first, rest in split:
            # Alternatives with different first characters never compete at one position, so
            # grouping them by first character keeps every position's order of preference.
            rests_of.setdefault(first, []).append(rest)
    return rests_of


def by_first_letter(
    fragments: list[str], not_after: str | None, *, word_start: bool = False
) -> str | None:
    """One alternation of ``fragments`` (tried in this order) that starts with literals.

    ``not_after`` is a character class that may not stand right before a match (``[\\w'’]``),
    or None; ``word_start`` also requires a word character first (what a leading ``\\b``
    adds). None when a fragment cannot be split (see ``first_letters``): the caller keeps
    its plain pattern.
    """
    rests_of = _rests_by_first_letter(fragments)
    if rests_of is None:
        return None
    branches = [
        f"{re.escape(first)}"
        + (f"(?<!{not_after}{re.escape(first)})" if not_after else "")
        + f"(?:{'|'.join(rests)})"
        for first, rests in rests_of.items()
        if not word_start or _WORD.match(first)
    ]
    return f"(?:{'|'.join(branches)})" if branches else "(?!)"


def by_prefix(fragments: list[str]) -> list[tuple[str, list[str]]] | None:
    """``fragments`` grouped by the two characters they start with, each group with the rest
    of its fragments in order: patterns that each start with a literal of their own.

    The engine finds a two-character literal in C and runs the matcher only where it
    occurs: far fewer places than those of a first letter alone. A first letter whose
    fragments cannot all be split twice keeps one group of its own. No two groups can match
    at one position. None when a fragment cannot be split at all (see ``first_letters``).
    """
    rests_of = _rests_by_first_letter(fragments)
    if rests_of is None:
        return None
    groups: list[tuple[str, list[str]]] = []
    for first, rests in rests_of.items():
        seconds = [first_letters(rest) if rest else None for rest in rests]
        if any(second is None for second in seconds):
            groups.append((first, rests))
            continue
        by_second: dict[str, list[str]] = {}
        for second in seconds:
            for letter, rest in second or []:
                by_second.setdefault(first + letter, []).append(rest)
        groups.extend(by_second.items())
    return groups


def leftmost_matches(patterns: list[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """The matches ``finditer`` would give for the alternation of ``patterns``, which never
    match at the same position nor match empty text."""
    if len(patterns) == 1:
        yield from patterns[0].finditer(text)
        return
    # A pattern with no match in the whole text has none after any position either: only
    # the patterns that matched are searched again.
    live = [(pattern, match) for pattern in patterns if (match := pattern.search(text))]
    while live:
        found_index = 0
        found = live[0][1]
        for index in range(1, len(live)):
            match = live[index][1]
            if match.start() < found.start():
                found_index, found = index, match
        yield found
        position = found.end()
        upcoming = []
        for index, (pattern, match) in enumerate(live):
            if index == found_index or match.start() < position:
                match = pattern.search(text, position)
                if match is None:
                    continue
            upcoming.append((pattern, match))
        live = upcoming
