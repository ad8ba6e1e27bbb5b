"""The Air Force's overnight reports: what was launched, shot down and lost locationally.

"Russia launched 81 Shahed-type drones ... 37 were shot down, 39 were lost locationally, the
fate of 5 is unknown": each clause's verb says what its numbers count, and a clause without a
verb continues the one before ("shot down 40 targets: 3 missiles and 37 drones").
"""

from __future__ import annotations

import enum
import re

from pipeline.parse.lexicon import Lexicon, may_occur
from pipeline.parse.tokens import NumberToken

# "09:00" is a time, not a clause break: a colon breaks only before a space.
_CLAUSE_BREAK = re.compile(r";\s*|[:,.]\s+")
# The words after a number up to the next number or clause break: a few words may stand
# between a number and its kind ("81 Shahed-type attack drones", "3 Kh-101 cruise missiles").
_KIND_WORDS = re.compile(r"(?:\s*[^\s\d,;:.][^\s,;:]*){0,5}")


class _Mode(enum.Enum):
    LAUNCHED = "launched"
    SHOT_DOWN = "shot_down"
    LOST = "lost"
    IGNORED = "ignored"


def air_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The sentences of an Air Force report (sorted, disjoint)."""
    spans: list[tuple[int, int]] = []
    if not may_occur(lex.air_marker_hints, text):
        return spans
    for found in lex.air_markers.finditer(text):
        if spans and found.start() < spans[-1][1]:
            continue
        start = max(text.rfind(". ", 0, found.start()), text.rfind("\n", 0, found.start())) + 1
        ends = [
            end for end in (text.find(". ", found.end()), text.find("\n", found.end())) if end != -1
        ]
        end = min(ends) if ends else len(text)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def extract_air_attack(
    text: str, lex: Lexicon, spans: list[tuple[int, int]], numbers: list[NumberToken]
) -> dict[str, int] | None:
    """The fields an Air Force report states, or None when the text carries none."""
    fields: dict[str, int] = {}
    numbers = sorted([*numbers, *_spelled_counts(text, lex, spans)], key=lambda token: token.start)
    for span_start, span_end in spans:
        mode = _Mode.LAUNCHED
        clause_start = span_start
        breaks = [found.start() for found in _CLAUSE_BREAK.finditer(text, span_start, span_end)]
        for clause_end in [*breaks, span_end]:
            mode = _clause_mode(text, lex, clause_start, clause_end, mode)
            clause_numbers = [
                token for token in numbers if clause_start <= token.start < clause_end
            ]
            for token in clause_numbers:
                _count(text, lex, token, mode, fields)
                if mode is _Mode.LOST:
                    break
            clause_start = clause_end + 1
    launched = "drones_launched" in fields or "missiles_launched" in fields
    # A report says what came and what became of it; a lone "launched 20,000 drones this
    # year" or "shot down 421 aircraft" is an article, not an overnight report.
    return fields if launched and len(fields) > 1 else None


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


def _count(
    text: str, lex: Lexicon, token: NumberToken, mode: _Mode, fields: dict[str, int]
) -> None:
    if mode is _Mode.IGNORED:
        return
    if mode is _Mode.LOST:
        fields.setdefault("lost_locationally", token.value)
        return
    kind = _kind(text, lex, token)
    if mode is _Mode.LAUNCHED:
        if kind is not None:
            field = f"{kind}_launched"
            fields[field] = fields.get(field, 0) + token.value
    elif kind is not None:
        field = f"{kind}_shot_down"
        fields[field] = fields.get(field, 0) + token.value
    else:
        fields.setdefault("shot_down", token.value)
