"""Hints: texts one of which every match of a phrase list contains.

A scan whose hints a document lacks is skipped (``may_occur``), so a hint must never be
missing from a match: these tests hold each list's hints to every match of its phrases in
the fixture corpus, on every lexicon.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from pipeline.parse.lexicon import LANGUAGES, _hints, lexicon, lowered
from pipeline.parse.numbers import PLAIN_NUMBER

LEXICONS = Path(__file__).resolve().parents[1] / "pipeline" / "parse" / "lexicon"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "bulletins"


@cache
def corpus_texts() -> tuple[str, ...]:
    paths = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.html"))
    return tuple(lowered(path.read_text(encoding="utf-8")) for path in paths)


def hinted_lists(code: str) -> dict[str, list[str]]:
    data = tomllib.loads((LEXICONS / f"{code}.toml").read_text(encoding="utf-8"))
    lists = {f"dates.{role}": data["dates"][role] for role in ("as_of", "past_day", "ignored")}
    lists["dates.night"] = data["dates"]["night"]
    lists["air.markers"] = data["air"]["markers"]
    for name in ("after_spelled", "no_change", "prose"):
        lists[f"deltas.{name}"] = data["deltas"][name]
    lists["deltas.past_day"] = data["deltas"]["past_day"] + data["deltas"]["running_total"]
    return {name: [fragment.lower() for fragment in lists[name]] for name in lists}


def test_the_longest_plain_run_of_a_phrase_is_its_hint() -> None:
    assert _hints(["засоб\\w* повітряного нападу"]) == (" повітряного нападу",)
    assert _hints(["ukrainian (?:air|anti-aircraft) defen[cs]e"]) == ("ukrainian ",)


def test_optional_characters_and_quantified_parts_are_left_out() -> None:
    assert _hints(["remains? unchanged"]) == (" unchanged",)
    assert _hints(["over\\s+the\\s+past\\s+day"]) == ("over",)
    assert _hints(["\\(\\s*{num}\\s+за добу\\s*\\)"]) == ("за добу",)


def test_a_group_of_plain_alternatives_is_a_hint_when_its_texts_are_longer() -> None:
    assert _hints(["{num}\\s+of\\s+(?:them|which)"]) == ("them", "which")
    assert _hints(["(?:over|in)\\s+the"]) == ("the",)
    # Optional, repeated or negated groups require nothing.
    assert _hints(["the (?:past|last)? day"]) == ("the ",)
    assert _hints(["a (?!past|last)yesterday"]) == ("yesterday",)


def test_a_hint_that_contains_another_adds_nothing() -> None:
    assert _hints(["за минулу добу", "за добу", "добу"]) == ("добу",)


def test_phrases_without_a_plain_run_have_no_hints() -> None:
    assert _hints(["(?:as of|b\\w)"]) is None
    assert _hints(["(?:as of|by)?\\s*\\d"]) is None
    assert _hints(["as of|by"]) is None
    assert _hints(["станом на", "\\d+[.:]\\d+"]) is None


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_match_in_the_corpus_contains_a_hint_of_its_list(code: str) -> None:
    checked = 0
    for name, fragments in hinted_lists(code).items():
        hints = _hints(fragments)
        if hints is None:
            continue
        for fragment in fragments:
            pattern = re.compile(fragment.replace("{num}", PLAIN_NUMBER))
            for text in corpus_texts():
                for found in pattern.finditer(text):
                    checked += 1
                    assert any(hint in found.group() for hint in hints), (name, fragment)
    assert checked > 0


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_match_of_a_hinted_pattern_in_the_corpus_contains_one_of_its_hints(
    code: str,
) -> None:
    lex = lexicon(code)
    hinted = [
        (lex.air_markers, lex.air_marker_hints),
        (lex.after_spelled_deltas, lex.after_spelled_delta_hints),
        (lex.no_change, lex.no_change_hints),
        (lex.past_day_context, lex.past_day_hints),
        *zip(lex.prose_deltas, lex.prose_delta_hints, strict=True),
    ]
    for pattern, hints in hinted:
        if hints is None:
            continue
        for text in corpus_texts():
            for found in pattern.finditer(text):
                assert any(hint in found.group() for hint in hints), pattern.pattern
