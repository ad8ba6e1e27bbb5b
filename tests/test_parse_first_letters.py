"""Word lists rewritten by their first letters find exactly what the plain alternation finds.

The parser's patterns are rebuilt so the regex engine can skip to possible first letters
(``pipeline.parse.first_letters``). These tests hold the rewritten patterns to the plain
ones on every lexicon's lists and every text of the fixture corpus.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from pipeline.parse.first_letters import (
    by_first_letter,
    by_prefix,
    first_letters,
    leftmost_matches,
)
from pipeline.parse.lexicon import LANGUAGES, lowered

LEXICONS = Path(__file__).resolve().parents[1] / "pipeline" / "parse" / "lexicon"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "bulletins"
NOT_WORD = "[\\w'’]"


@cache
def corpus_texts() -> tuple[str, ...]:
    paths = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.html"))
    return tuple(lowered(path.read_text(encoding="utf-8")) for path in paths)


def word_lists(code: str) -> dict[str, list[str]]:
    data = tomllib.loads((LEXICONS / f"{code}.toml").read_text(encoding="utf-8"))
    lists = {
        "categories": [
            fragment
            for fragments in data["categories"].values()
            for fragment in sorted(fragments, key=len, reverse=True)
        ],
        "sources": data["attribution"]["foreign"] + data["attribution"]["general_staff"],
        "months": list(data["dates"]["months"]),
    }
    for name, fragments in data["air"].items():
        lists[f"air.{name}"] = fragments
    for name in ("no_change", "past_day", "totals", "after_spelled", "running_total"):
        # An empty list is no alternation: the parser matches nothing for it.
        if data["deltas"][name]:
            lists[f"deltas.{name}"] = data["deltas"][name]
    return {name: [fragment.lower() for fragment in fragments] for name, fragments in lists.items()}


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [found.span() for found in pattern.finditer(text)]


def test_a_leading_optional_group_becomes_two_alternatives_in_order() -> None:
    assert first_letters(r"(?:військов\w* )?корабл\w*") == [
        ("в", r"ійськов\w* корабл\w*"),
        ("к", r"орабл\w*"),
    ]


def test_an_alternation_inside_a_leading_group_is_spread_over_what_follows() -> None:
    assert first_letters("(?:main|battle) tanks?") == [("m", "ain tanks?"), ("b", "attle tanks?")]


def test_escaped_punctuation_is_a_first_letter_and_upper_case_is_lowered() -> None:
    assert first_letters(r"\(ББМ\)") == [("(", r"ББМ\)")]
    assert first_letters("ППО") == [("п", "ПО")]


@pytest.mark.parametrize("fragment", [r"\w+ tanks", "[Dd]rohnen", "a?b", "(?P<n>x)y", "{num} of"])
def test_fragments_that_do_not_start_plainly_are_left_to_the_plain_pattern(fragment: str) -> None:
    assert first_letters(fragment) is None
    assert by_first_letter([fragment, "tanks"], NOT_WORD) is None


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_word_list_finds_what_the_plain_alternation_finds(code: str) -> None:
    for name, fragments in word_lists(code).items():
        plain = re.compile(rf"(?<!{NOT_WORD})(?:{'|'.join(fragments)})(?!{NOT_WORD})")
        fast_source = by_first_letter(fragments, NOT_WORD)
        if fast_source is None:
            # A list with a fragment such as "[Dd]rohnen" keeps its plain pattern.
            assert name not in ("categories", "sources", "months"), (code, name)
            continue
        fast = re.compile(rf"{fast_source}(?!{NOT_WORD})")
        for text in corpus_texts():
            assert spans(fast, text) == spans(plain, text), (code, name)


@pytest.mark.parametrize("code", LANGUAGES)
def test_patterns_by_two_letter_prefix_merge_to_the_plain_alternation(code: str) -> None:
    for name, fragments in word_lists(code).items():
        groups = by_prefix(fragments)
        if groups is None:
            assert name != "months", (code, name)
            continue
        prefixes = [prefix for prefix, _ in groups]
        # No prefix starts another: no two of the patterns match at one position.
        assert not any(a != b and b.startswith(a) for a in prefixes for b in prefixes), name
        plain = re.compile(rf"(?<!{NOT_WORD})(?:{'|'.join(fragments)})(?!{NOT_WORD})")
        merged = [
            re.compile(
                rf"{re.escape(prefix)}(?<!{NOT_WORD}{re.escape(prefix)})"
                rf"(?:{'|'.join(rests)})(?!{NOT_WORD})"
            )
            for prefix, rests in groups
        ]
        for text in corpus_texts():
            found = [match.span() for match in leftmost_matches(merged, text)]
            assert found == spans(plain, text), (code, name)


def test_leftmost_matches_resumes_each_pattern_after_the_last_match() -> None:
    patterns = [re.compile(r"ab\w*"), re.compile(r"\d+")]
    text = "abc12 12ab ab3 7"
    assert [match.group() for match in leftmost_matches(patterns, text)] == [
        match.group() for match in re.finditer(r"ab\w*|\d+", text)
    ]
