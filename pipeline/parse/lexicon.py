"""Per-language vocabularies, loaded once from the packaged TOML data files and compiled.

The data files hold regular-expression fragments; this module turns them into the few
compiled patterns the extractors run, so parsing a document never compiles anything.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from pipeline.parse.first_letters import (
    by_first_letter,
    by_prefix,
    regex_syntax,
    split_alternatives,
)
from pipeline.parse.numbers import PLAIN_NUMBER, WordNumbers, number_pattern

SCRIPTS: tuple[str, ...] = ("latin", "cyrillic")
_LEXICON_FILES = resources.files("pipeline.parse").joinpath("lexicon")
# One data file a language: adding a file adds the language.
LANGUAGES: tuple[str, ...] = tuple(
    sorted(
        entry.name[: -len(".toml")]
        for entry in _LEXICON_FILES.iterdir()
        if entry.name.endswith(".toml")
    )
)
QUALIFIER_VALUES: tuple[str, ...] = ("about", "more than", "nearly", "at least")
# The lexicon key for "vehicles" alone, which names military_auto before the 2022-05-01
# merge and vehicles_fuel_tanks after it.
AMBIGUOUS_VEHICLES = "vehicles"

_SPACE = r"[ \t\u00a0\u202f\u2009]"
_DASHES = "\\-‐‑‒–—―:=|"


def _compile(source: str) -> re.Pattern[str]:
    """Compile a pattern that runs on lower-cased text (see ``lowered``).

    Lower-casing the text once and the patterns here beats IGNORECASE: case-folded matching
    turns off the regex engine's first-character shortcuts and costs on every character.
    Escapes and group syntax keep their case, so \\W, \\S, \\D and (?P<name>) keep their
    meaning.
    """
    return re.compile(_REGEX_SYNTAX.sub(_lower_unescaped, source))


_REGEX_SYNTAX = re.compile(r"\\.|\(\?P|[^\\(]+|\(", re.DOTALL)


def _lower_unescaped(found: re.Match[str]) -> str:
    piece = found.group()
    return piece if piece.startswith(("\\", "(?P")) else piece.lower()


# Characters that are there only for line breaking and never shown: a soft hyphen or a zero
# width space inside "тан\u00adків" or "833\u200b000" would split the word or the number.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def visible_text(text: str) -> str:
    """``text`` without the characters a reader never sees (see ``_INVISIBLE``)."""
    if "\u00ad" in text or "\u200b" in text or "\u2060" in text or "\ufeff" in text:
        return _INVISIBLE.sub("", text)
    return text


def lowered(text: str) -> str:
    """``text`` lower-cased with every character kept at its position.

    The few characters whose lower case is longer ("İ") stay as they are, so offsets found in
    the lower-cased text hold for the original.
    """
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def _alternation(fragments: list[str]) -> str:
    # Longest first, so "bojow wozów opancerzonych" wins over "wozów" at the same position.
    return "|".join(sorted(fragments, key=len, reverse=True))


_NOT_WORD_AFTER = "[\\w'’]"
# A pattern that never matches, for a list the lexicon leaves empty. "(?!)" alone would be
# tried at every position of the text; a first character makes the engine skip to where it
# stands, in C, and no text holds a NUL (where one did, "(?!)" still fails).
_NEVER = r"\x00(?!)"
# A possessive names a source too: "the General Staff's figures".
_POSSESSIVE = "(?:['’]s)?"
# Signs that say "about" in every language: "~833,000", "≈ 833 000". A sign, unlike a word,
# may touch the number it qualifies.
_ABOUT_SIGNS = "~≈"


def _words(fragments: list[str]) -> str:
    return _words_in_order(sorted(fragments, key=len, reverse=True))


def _optional_words(fragments: list[str] | None, around: str = "{}") -> re.Pattern[str]:
    """Whole words of a list a lexicon may leave empty or out (inside ``around``), or a
    pattern that never matches."""
    return _compile(around.format(_words(fragments)) if fragments else _NEVER)


def _optional_hints(fragments: list[str] | None) -> tuple[str, ...] | None:
    """The hints of such a list: none at all for an empty one, so it is never scanned."""
    return _hints(fragments) if fragments else ()


def _words_in_order(ordered: list[str]) -> str:
    """Whole words: the first of ``ordered`` that matches at a position wins there."""
    fast = by_first_letter(ordered, _NOT_WORD_AFTER)
    if fast is not None:
        return rf"{fast}(?![\w'’])"
    return rf"(?<![\w'’])(?:{'|'.join(ordered)})(?![\w'’])"


def _words_or_signs(fragments: list[str], signs: str) -> str:
    """Whole words, or one of ``signs``, which may touch what follows ("~833,000").

    Every alternative starts with a literal, so a search skips to their first characters (see
    ``first_letters``): a group around the words and the signs would make it try every
    position.
    """
    ordered = sorted(fragments, key=len, reverse=True)
    fast = by_first_letter(ordered, _NOT_WORD_AFTER)
    if fast is None:
        return rf"(?:{_words_in_order(ordered)}|[{signs}])"
    words = [rf"{branch}(?![\w'’])" for branch in split_alternatives(fast[len("(?:") : -1])]
    return f"(?:{'|'.join([*words, *map(re.escape, signs)])})"


def _sources_pattern(foreign: list[str], general_staff: list[str]) -> str:
    # Foreign first: at one position, a foreign source wins (as in ``Lexicon.category_key``).
    ordered = sorted(foreign, key=len, reverse=True) + sorted(general_staff, key=len, reverse=True)
    return _words_in_order([f"(?:{fragment}){_POSSESSIVE}" for fragment in ordered])


def _prose_delta_patterns(
    fragments: list[str],
) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """ "including 1,300 over the past day": phrases with a number at ``{num}``, each
    pattern with the hints that tell when it need not run.

    Phrases that start with letters, an opening parenthesis or a plus go in patterns of one
    two-character start each (``by_prefix``); phrases that start with their number in one
    more. No two of them match at one position: merged by ``leftmost_matches``, their
    matches are those of the plain alternation. Only the number-first pattern has hints:
    the others skip to their two characters in C, while it runs at every digit.
    """
    number_first = [fragment for fragment in fragments if fragment.startswith("{num}")]
    others = [fragment for fragment in fragments if not fragment.startswith("{num}")]
    groups = by_prefix(others)
    if groups is None or any(prefix[0].isdecimal() for prefix, _ in groups):
        return ((_numbered("|".join(f"(?:{fragment})" for fragment in fragments)), None),)
    patterns: list[tuple[str, tuple[str, ...] | None]] = [
        (_numbered(f"{re.escape(prefix)}(?:{'|'.join(rests)})"), None) for prefix, rests in groups
    ]
    if number_first:
        patterns.append(
            (
                _numbered("|".join(f"(?:{fragment})" for fragment in number_first)),
                _hints(number_first),
            )
        )
    return tuple(patterns)


def _numbered(source: str) -> str:
    """``source`` with each ``{num}`` a number group of its own name."""
    names = itertools.count()
    return re.sub(r"\{num\}", lambda _: f"(?P<n{next(names)}>{PLAIN_NUMBER})", source)


def _phrase_before_date(fragments: list[str]) -> re.Pattern[str]:
    """A phrase that ends right before a date (searched with endpos = the date's start)."""
    if not fragments:
        return _compile(_NEVER)
    ordered = sorted(fragments, key=len, reverse=True)
    phrase = by_first_letter(ordered, _NOT_WORD_AFTER) or rf"(?<![\w'’])(?:{'|'.join(ordered)})"
    return _compile(rf"{phrase}{_SPACE}*,?{_SPACE}*$")


_SYNTAX = frozenset("\\.^$[](){}?*+|")
_QUANTIFIERS = frozenset("?*+{")


def _has_top_level_bar(fragment: str) -> bool:
    return any(char == "|" and depth == 0 for _index, char, depth in regex_syntax(fragment))


# Escapes that stand for one character but are written with letters or digits ("\\u00a0",
# "\\x41", "\\1"): too rare in the data files to be worth reading as literals.
_CODED_ESCAPES = frozenset("uUxN0123456789")


def _required_texts(fragment: str) -> list[tuple[str, ...]] | None:
    """Plain texts every match of ``fragment`` contains one of: each run of literal
    characters outside groups, classes and optional parts, and each group of plain
    alternatives ("(?:them|which)"). None when a fragment has top-level alternatives or
    coded escapes.

    Any of them will do as hints, and the longest are the rarest: "засоб\\w* повітряного
    нападу" occurs where " повітряного нападу" does, not wherever "засоби ППО" does.
    """
    if _has_top_level_bar(fragment):
        return None
    texts: list[tuple[str, ...]] = []
    run: list[str] = []
    index = 0
    while index < len(fragment):
        char = fragment[index]
        literal: str | None = None
        choices: tuple[str, ...] | None = None
        if char == "(":
            end = _group_end(fragment, index)
            choices = _plain_choices(fragment[index:end])
            index = end
        elif char == "[":
            index = _class_end(fragment, index)
        elif char == "{":
            closing = fragment.find("}", index)
            index = len(fragment) if closing == -1 else closing + 1
        elif char == "\\":
            following = fragment[index + 1 : index + 2]
            if following in _CODED_ESCAPES:
                return None
            if not following.isalnum():
                literal = following
            index += 2
        else:
            if char not in _SYNTAX:
                literal = char
            index += 1
        following = fragment[index : index + 1]
        if literal is not None and following not in ("?", "*", "{"):
            run.append(literal)
        # After anything but a single required character, the next one need not follow
        # right away: the run ends.
        if literal is None or following in _QUANTIFIERS:
            if run:
                texts.append(("".join(run),))
            run = []
        if choices is not None and following not in _QUANTIFIERS:
            texts.append(choices)
    if run:
        texts.append(("".join(run),))
    return texts


def _plain_choices(group: str) -> tuple[str, ...] | None:
    """The alternatives of a non-capturing group of plain texts ("(?:them|which)")."""
    if not (group.startswith("(?:") and group.endswith(")")):
        return None
    choices = tuple(split_alternatives(group[3:-1]))
    if any(not choice or any(char in _SYNTAX for char in choice) for choice in choices):
        return None
    return choices


def _group_end(fragment: str, opening: int) -> int:
    """The index right after the group that opens at ``opening``."""
    for index, char, depth in regex_syntax(fragment, opening):
        if char == ")" and depth == 0:
            return index + 1
    return len(fragment)


def _class_end(fragment: str, opening: int) -> int:
    """The index right after the character class that opens at ``opening``."""
    index = opening + 1
    if fragment[index : index + 1] == "^":
        index += 1
    if fragment[index : index + 1] == "]":
        index += 1
    while index < len(fragment) and fragment[index] != "]":
        index += 2 if fragment[index] == "\\" else 1
    return index + 1


def _hints(fragments: list[str]) -> tuple[str, ...] | None:
    """Texts one of which every match contains: a text with none of them needs no scan.

    The texts of each phrase whose shortest is longest (see ``_required_texts``); a hint
    that contains another adds nothing. None when a phrase has no plain text: such a list
    is always scanned.
    """
    chosen = set()
    for fragment in fragments:
        options = _required_texts(fragment.replace("{num}", "(?:0)"))
        if not options:
            return None
        best = max(options, key=lambda texts: min(map(len, texts)))
        chosen.update(text.lower() for text in best)
    kept = [hint for hint in chosen if not any(other in hint for other in chosen - {hint})]
    # Shortest first: the likeliest to occur, so ``may_occur`` says yes soonest.
    return tuple(sorted(kept, key=lambda hint: (len(hint), hint)))


def may_occur(hints: tuple[str, ...] | None, text: str) -> bool:
    """False only when no phrase with these ``hints`` can occur in lower-cased ``text``."""
    if hints is None:
        return True
    # A plain loop: a generator in ``any`` costs more than most of these substring checks.
    for hint in hints:  # noqa: SIM110 (see above)
        if hint in text:
            return True
    return False


PHRASE_CACHE_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class Lexicon:
    code: str
    script: str
    # Which language of one script wins a detection tie: the lowest rank.
    detect_rank: int
    detect_words: frozenset[str]
    detect_letters: str
    categories: re.Pattern[str]
    category_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    qualifier_kinds: re.Pattern[str]
    qualifier_before_number: re.Pattern[str]
    right_gap: re.Pattern[str]
    word_numbers: WordNumbers
    # An article right before a category ("a helicopter"): searched with endpos at the category.
    article_before: re.Pattern[str]
    # Patterns that never match at one position: see ``_date_patterns``.
    dates: tuple[re.Pattern[str], ...]
    month_patterns: tuple[tuple[re.Pattern[str], int], ...]
    as_of_before: re.Pattern[str]
    past_day_before: re.Pattern[str]
    ignored_before: re.Pattern[str]
    night_before: re.Pattern[str]
    # Texts one of which a phrase before a date contains (see ``_hints``), for each role.
    as_of_hints: tuple[str, ...] | None
    past_day_date_hints: tuple[str, ...] | None
    ignored_hints: tuple[str, ...] | None
    night_hints: tuple[str, ...] | None
    # "today": the day of publication, named without a date.
    today: re.Pattern[str]
    today_hints: tuple[str, ...] | None
    # One or two patterns whose matches start with different characters (see
    # ``_prose_delta_patterns``); every number in them is a group of its own.
    prose_deltas: tuple[re.Pattern[str], ...]
    prose_delta_hints: tuple[tuple[str, ...] | None, ...]
    # "two of them destroyed in the past day": what follows a spelled number that is a delta.
    after_spelled_deltas: re.Pattern[str]
    after_spelled_delta_hints: tuple[str, ...] | None
    no_change: re.Pattern[str]
    no_change_hints: tuple[str, ...] | None
    past_day_context: re.Pattern[str]
    past_day_hints: tuple[str, ...] | None
    totals: re.Pattern[str]
    # "bringing the total to": a sentence that states a running total.
    running_total: re.Pattern[str]
    # "(total 8,431)", "(in total: 8,431)": a total in parentheses, named as one.
    parenthesized_total: re.Pattern[str]
    # Who speaks: foreign sources (Russia's MoD, Oryx, ...) and the General Staff, in one
    # pattern; a match that ``foreign_source`` matches whole is a foreign one.
    sources: re.Pattern[str]
    foreign_source: re.Pattern[str]
    # "Read also:" at a line's start: the line links another article (see ``attribution``).
    read_also: re.Pattern[str]
    read_also_hints: tuple[str, ...] | None
    # "over the past week", "напередодні —": a sentence about other days than the bulletin's.
    other_days: re.Pattern[str]
    other_days_hints: tuple[str, ...] | None
    air_markers: re.Pattern[str]
    air_marker_hints: tuple[str, ...] | None
    air_drones: re.Pattern[str]
    air_missiles: re.Pattern[str]
    air_launched: re.Pattern[str]
    air_shot_down: re.Pattern[str]
    air_lost_locationally: re.Pattern[str]
    air_ignored: re.Pattern[str]
    air_single: re.Pattern[str]
    # "including", "в тому числі": the figures after it are parts of the one before it.
    air_including: re.Pattern[str]
    # "3 of 4 Kh-101 missiles", "18 з 29 крилатих ракет": the word between a part and its
    # whole, matched whole against the text between the two numbers.
    air_part_of: re.Pattern[str]
    # "since the start of the year": a sentence about more than one night.
    air_cumulative: re.Pattern[str]
    # Category of each phrase ``categories`` has matched: a few hundred in practice.
    _category_of_phrase: dict[str, str] = field(default_factory=dict)
    # Month number of each month name ``dates`` has matched (0: none of the months).
    _month_of_name: dict[str, int] = field(default_factory=dict)

    def category_key(self, phrase: str) -> str:
        """The category a ``categories`` match names: the first whose words match it whole.

        An earlier category that matched the phrase would have won the alternation there.
        """
        key = self._category_of_phrase.get(phrase)
        if key is None:
            key = next(key for key, pattern in self.category_patterns if pattern.fullmatch(phrase))
            # Inflected and derived words keep arriving in a long-running service: bound it.
            if len(self._category_of_phrase) >= PHRASE_CACHE_LIMIT:
                self._category_of_phrase.clear()
            self._category_of_phrase[phrase] = key
        return key

    def qualifier_value(self, phrase: str) -> str | None:
        """The normalized qualifier ("about", "more than", ...) a phrase contains."""
        found = self.qualifier_kinds.search(phrase)
        if found is None or found.lastgroup is None:
            return None
        return QUALIFIER_VALUES[int(found.lastgroup[1:])]

    def month(self, name: str) -> int | None:
        number = self._month_of_name.get(name)
        if number is None:
            number = next(
                (number for pattern, number in self.month_patterns if pattern.fullmatch(name)), 0
            )
            if len(self._month_of_name) >= PHRASE_CACHE_LIMIT:
                self._month_of_name.clear()
            self._month_of_name[name] = number
        return number or None


class LexiconError(ValueError):
    """A lexicon data file that cannot be used, with the file's name in the message."""


def _load_data(code: str) -> dict[str, Any]:
    name = f"{code}.toml"
    try:
        data = tomllib.loads(_LEXICON_FILES.joinpath(name).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"lexicon {name}: {error}") from error
    if data.get("code") != code:
        raise LexiconError(f"lexicon {name}: code is {data.get('code')!r}, not {code!r}")
    if data.get("script") not in SCRIPTS:
        raise LexiconError(
            f"lexicon {name}: script is {data.get('script')!r}, not one of {', '.join(SCRIPTS)}"
        )
    if not isinstance(data.get("detect_rank"), int):
        raise LexiconError(f"lexicon {name}: detect_rank must be a whole number")
    return data


@functools.cache
def digit_scales() -> tuple[tuple[re.Pattern[str], int], ...]:
    """Scale words of every language: a figure's scale may follow a foreign-language quote."""
    scales: dict[str, int] = {}
    for code in LANGUAGES:
        scales.update(_load_data(code)["numbers"]["digit_scales"])
    return tuple((_compile(word), value) for word, value in scales.items())


@functools.cache
def numbers() -> re.Pattern[str]:
    return _compile(number_pattern([p.pattern for p, _ in digit_scales()]))


@functools.lru_cache(maxsize=256)
def scale_value(word: str) -> int | None:
    for pattern, value in digit_scales():
        if pattern.fullmatch(word):
            return value
    return None


def _date_patterns(month_fragments: list[str], scales: str, joiners: list[str]) -> tuple[str, ...]:
    """Dates: "28 січня 2025", "28. Januar 2025", "January 28, 2025", "2025-01-28", "28.01.25",
    and with ``joiners`` between day, month and year: "28 of January", "28 de enero de 2025".

    Patterns that never match at one position (merged by ``leftmost_matches``): one for
    dates that start with a digit, one for each two letters a month name starts with, so the
    engine skips to digits and to those letter pairs. Group ``lead`` holds what a pattern
    starts with, which ``day``, ``month_first``, ``iso_year`` and ``num_day`` leave out.
    """
    months = _alternation(month_fragments)
    by_month_prefix = by_prefix(month_fragments)
    # After a digit lead, one digit fewer.
    day_digits, year_digits = (r"\d?", r"\d{3}") if by_month_prefix else (r"\d{1,2}", r"\d{4}")
    joined = rf"(?:(?:{'|'.join(joiners)}){_SPACE}+)?" if joiners else ""
    digit_led = (
        rf"(?P<day>{day_digits})(?:st|nd|rd|th|-?го|-?е|\.)?{_SPACE}+{joined}"
        rf"(?P<month>{months})(?!\w)(?:,?{_SPACE}*{joined}(?P<year>\d{{4}})(?!\d))?"
        rf"|(?P<iso_year>{year_digits})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})(?!\d)"
        rf"|(?P<num_day>{day_digits})[./](?P<num_month>\d{{2}})"
        rf"(?:[./](?P<num_year>\d{{4}}|\d{{2}}))?"
        rf"(?![\d]|[.,]\d|{_SPACE}*(?:{scales})(?!\w))"
    )
    day_after = (
        rf"(?!\w){_SPACE}*(?P<day_after>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?"
        rf"(?:,?{_SPACE}*(?P<year_after>\d{{4}})(?!\d))?"
    )
    if by_month_prefix is None:
        return (
            rf"(?P<lead>)(?<![\w.,])"
            rf"(?:(?=\d)(?:{digit_led})|(?P<month_first>{months}){day_after})",
        )
    month_led = [
        rf"(?P<lead>{re.escape(prefix)})(?<![\w.,]{re.escape(prefix)})"
        rf"(?P<month_first>{'|'.join(rests)}){day_after}"
        for prefix, rests in by_month_prefix
    ]
    return (rf"(?P<lead>\d)(?<![\w.,]\d)(?:{digit_led})", *month_led)


@functools.cache
def lexicon(code: str) -> Lexicon:
    data = _load_data(code)
    # One flat alternation, categories in file order: capture groups per category would stop
    # the engine from skipping alternatives by their first letter. Which category a match
    # belongs to is looked up afterwards (``Lexicon.category_key``).
    category_alternations = [_alternation(fragments) for fragments in data["categories"].values()]
    category_fragments = [
        fragment
        for fragments in data["categories"].values()
        for fragment in sorted(fragments, key=len, reverse=True)
    ]
    fast_categories = by_first_letter(category_fragments, _NOT_WORD_AFTER, word_start=True)
    categories = (
        rf"{fast_categories}(?![\w'’])"
        if fast_categories is not None
        else rf"\b(?<![\w'’])(?:{'|'.join(category_alternations)})(?![\w'’])"
    )
    category_patterns = tuple(
        (key, _compile(alternation))
        for key, alternation in zip(data["categories"], category_alternations, strict=True)
    )

    qualifiers = data["qualifiers"]
    qualifier_groups = "|".join(
        f"(?P<q{index}>{_alternation(qualifiers[value])}"
        + (f"|[{_ABOUT_SIGNS}])" if value == "about" else ")")
        for index, value in enumerate(QUALIFIER_VALUES)
    )
    every_qualifier = [fragment for value in QUALIFIER_VALUES for fragment in qualifiers[value]]
    qualifier_words = _words_or_signs(every_qualifier, _ABOUT_SIGNS)
    linking = _words(data["gaps"]["linking"])
    # Between a category and its figure: dashes, colons, commas, an opening parenthesis
    # ("літаків (369)"), linking verbs, one qualifier, the bulletin's "(ББМ)"-style
    # abbreviations and asides ("(operational-tactical level)"); never a digit or a sentence
    # end.
    right_gap = (
        rf"(?:[\s{_DASHES}(,]|\([^\d()\n]{{1,40}}\)|{linking})*"
        rf"(?P<qualifier>{qualifier_words})?[\s{_DASHES}]*"
    )

    number_words = data["numbers"]
    word_numbers = WordNumbers.build(
        number_words["units"],
        number_words["tens"],
        number_words["hundreds"],
        number_words["scales"],
    )
    dates = data["dates"]
    scales = _alternation([p.pattern for p, _ in digit_scales()])
    air = data["air"]
    foreign, general_staff = data["attribution"]["foreign"], data["attribution"]["general_staff"]
    asides = data.get("asides", {})
    # A sentence that brings a total up counts what was added: its figures are deltas too.
    past_day_phrases = data["deltas"]["past_day"] + data["deltas"]["running_total"]
    prose_deltas = _prose_delta_patterns(data["deltas"]["prose"])
    return Lexicon(
        code=code,
        script=data["script"],
        detect_rank=data["detect_rank"],
        detect_words=frozenset(word.lower() for word in data["detect_words"]),
        detect_letters=data["detect_letters"].lower(),
        categories=_compile(categories),
        category_patterns=category_patterns,
        qualifier_kinds=_compile(qualifier_groups),
        qualifier_before_number=_compile(rf"{qualifier_words}[\s{_DASHES}]*$"),
        right_gap=_compile(right_gap),
        word_numbers=word_numbers,
        article_before=_compile(
            rf"(?<![\w'’])(?:{_alternation(number_words['articles'])}){_SPACE}+$"
            if number_words["articles"]
            else _NEVER
        ),
        dates=tuple(
            map(
                _compile,
                _date_patterns(
                    sorted(dates["months"], key=len, reverse=True),
                    scales,
                    dates.get("joiners", []),
                ),
            )
        ),
        month_patterns=tuple((_compile(name), number) for name, number in dates["months"].items()),
        as_of_before=_phrase_before_date(dates["as_of"]),
        past_day_before=_phrase_before_date(dates["past_day"]),
        ignored_before=_phrase_before_date(dates["ignored"]),
        night_before=_phrase_before_date(dates["night"]),
        as_of_hints=_hints(dates["as_of"]),
        past_day_date_hints=_hints(dates["past_day"]),
        ignored_hints=_hints(dates["ignored"]),
        night_hints=_hints(dates["night"]),
        today=_optional_words(dates.get("today")),
        today_hints=_optional_hints(dates.get("today")),
        prose_deltas=tuple(_compile(source) for source, _ in prose_deltas),
        prose_delta_hints=tuple(hints for _, hints in prose_deltas),
        after_spelled_deltas=_compile(_words(data["deltas"]["after_spelled"])),
        after_spelled_delta_hints=_hints(data["deltas"]["after_spelled"]),
        no_change=_compile(_words(data["deltas"]["no_change"])),
        no_change_hints=_hints(data["deltas"]["no_change"]),
        past_day_context=_compile(_words(past_day_phrases)),
        past_day_hints=_hints(past_day_phrases),
        totals=_compile(_words(data["deltas"]["totals"])),
        running_total=_optional_words(data["deltas"]["running_total"]),
        parenthesized_total=_compile(
            rf"\({_SPACE}*{_words(data['deltas']['totals'])}[^\d()\n]{{0,12}}"
            rf"(?P<total>{PLAIN_NUMBER}){_SPACE}*\)"
        ),
        sources=_compile(_sources_pattern(foreign, general_staff)),
        foreign_source=_compile(f"(?:{_alternation(foreign)}){_POSSESSIVE}"),
        read_also=_optional_words(asides.get("read_also")),
        read_also_hints=_optional_hints(asides.get("read_also")),
        other_days=_optional_words(asides.get("other_days")),
        other_days_hints=_optional_hints(asides.get("other_days")),
        air_markers=_compile(_words(air["markers"])),
        air_marker_hints=_hints(air["markers"]),
        air_drones=_compile(_words(air["drones"])),
        air_missiles=_compile(_words(air["missiles"])),
        air_launched=_compile(_words(air["launched"])),
        air_shot_down=_compile(_words(air["shot_down"])),
        air_lost_locationally=_compile(_words(air["lost_locationally"])),
        air_single=_optional_words(air.get("single")),
        air_ignored=_optional_words(air.get("ignore")),
        air_including=_optional_words(air.get("including")),
        air_part_of=_optional_words(air.get("part_of"), around=r"\s+{}\s+"),
        air_cumulative=_optional_words(air.get("cumulative")),
    )
