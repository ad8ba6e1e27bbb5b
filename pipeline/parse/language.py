"""Which lexicon reads a document: decided from its first few hundred characters."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.parse.lexicon import LANGUAGES, lexicon

# Enough text for a clear majority of letters; more only costs time.
_SAMPLE = 800
# With no letter outside a-z (the text is lower-cased, ``lexicon.lowered``), the runs of
# letters are the words left when every other byte of the ASCII-encoded text (a non-ASCII
# character encodes as "?") becomes a space.
_ASCII_LETTERS_ONLY = bytes(byte if 0x61 <= byte <= 0x7A else 0x20 for byte in range(256))
# Letters are counted in C by encoding: a single-byte code page holds each letter of a script
# as one byte, and deleting every other byte leaves as many bytes as the text has letters.
# cp1251 maps а-я to 0xe0-0xff, and ё, і, ї, є, ґ to 0xb8, 0xb3, 0xbf, 0xba, 0xb4.
_CYRILLIC_BYTES = bytes(range(0xE0, 0x100)) + "ёіїєґ".encode("cp1251")
_NOT_CYRILLIC_BYTES = bytes(byte for byte in range(256) if byte not in _CYRILLIC_BYTES)
_NOT_LATIN_BYTES = bytes(byte for byte in range(256) if not 0x61 <= byte <= 0x7A)
# Cyrillic "о": in nearly every Russian or Ukrainian sentence.
_COMMON_CYRILLIC = "\u043e"
_LETTERS = r"[^\W\d_]"
_LETTER_RUNS = re.compile(rf"{_LETTERS}+")
# Lower-cased text has no A-Z: any other letter is outside a-z.
_OTHER_LETTER = re.compile(r"[^\x00-\x7f](?<=[^\W\d_])")


@functools.cache
def _languages(script: str) -> tuple[str, ...]:
    """The languages written in ``script``, the one that wins a tie first."""
    return tuple(
        sorted(
            (code for code in LANGUAGES if lexicon(code).script == script),
            key=lambda code: (lexicon(code).detect_rank, code),
        )
    )


@dataclass(frozen=True, slots=True)
class _LatinVotes:
    """Every Latin-script language's detection words and letters, and whose they are."""

    languages_of: dict[str, tuple[int, ...]]
    # The same for the words of a-z only, ASCII-encoded.
    languages_of_ascii: dict[bytes, tuple[int, ...]]
    # Every language's telltale letters ("ß", "ł", "ñ") in one pattern, with the same votes.
    letters: re.Pattern[str]
    languages_of_letter: dict[str, tuple[int, ...]]


@functools.cache
def _latin_votes() -> _LatinVotes:
    languages_of: dict[str, tuple[int, ...]] = {}
    for index, code in enumerate(_languages("latin")):
        for word in lexicon(code).detect_words:
            # A detection word counts as a whole run of letters, nothing else.
            if re.fullmatch(rf"{_LETTERS}+", word):
                languages_of[word] = (*languages_of.get(word, ()), index)
    languages_of_letter: dict[str, tuple[int, ...]] = {}
    for index, code in enumerate(_languages("latin")):
        for letter in lexicon(code).detect_letters:
            languages_of_letter[letter] = (*languages_of_letter.get(letter, ()), index)
    letters = "".join(map(re.escape, languages_of_letter))
    return _LatinVotes(
        languages_of,
        {word.encode(): votes for word, votes in languages_of.items() if word.isascii()},
        re.compile(f"[{letters}]" if letters else "(?!)"),
        languages_of_letter,
    )


def detect_language(text: str) -> str | None:
    """The language code of lower-cased ``text``, or None when it has no letters to go by."""
    sample = text[:_SAMPLE]
    # Letters of one script in the majority outnumber the other's, however many there are:
    # counting the likelier script first often settles it alone.
    cyrillic = None
    if _COMMON_CYRILLIC in sample:
        cyrillic = _cyrillic_letters(sample)
        if cyrillic * 2 >= len(sample):
            return _cyrillic_language(sample)
    latin = _latin_letters(sample)
    if latin * 2 > len(sample):
        return _latin_language(sample)
    if cyrillic is None:
        cyrillic = _cyrillic_letters(sample)
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic >= latin:
        return _cyrillic_language(sample)
    return _latin_language(sample)


def _cyrillic_letters(sample: str) -> int:
    """How many of ``sample``'s characters are lower-case Russian or Ukrainian letters."""
    return len(sample.encode("cp1251", "ignore").translate(None, _NOT_CYRILLIC_BYTES))


def _latin_letters(sample: str) -> int:
    """How many of ``sample``'s characters are a-z."""
    return len(sample.encode("ascii", "ignore").translate(None, _NOT_LATIN_BYTES))


def _cyrillic_language(sample: str) -> str | None:
    """The Cyrillic-script language whose telltale letters ``sample`` has most of."""
    languages = _languages("cyrillic")
    if not languages:
        return None
    counts = [_letters(sample, lexicon(code).detect_letters) for code in languages]
    top = max(counts)
    if counts.count(top) > 1:
        # No letter decides ("Особовий склад: 833 000, за добу — 1 380" has none): the words
        # only one of the tied languages uses do.
        words = _LETTER_RUNS.findall(sample)
        counts = [
            sum(word in lexicon(code).detect_words for word in words) if count == top else -1
            for code, count in zip(languages, counts, strict=True)
        ]
    # ``max`` keeps the first of equal counts: the lowest rank wins a tie.
    return languages[max(range(len(counts)), key=counts.__getitem__)]


def _latin_language(sample: str) -> str | None:
    languages = _languages("latin")
    if not languages:
        return None
    voting = _latin_votes()
    # Runs of a-z are the runs of letters, unless a letter outside a-z splits or extends one.
    runs: list[str] | list[bytes]
    languages_of: dict[str, tuple[int, ...]] | dict[bytes, tuple[int, ...]]
    if _OTHER_LETTER.search(sample) is None:
        runs = sample.encode("ascii", "replace").translate(_ASCII_LETTERS_ONLY).split()
        languages_of = voting.languages_of_ascii
    else:
        runs = _LETTER_RUNS.findall(sample)
        languages_of = voting.languages_of
    votes = [0] * len(languages)
    for letter in voting.letters.findall(sample):
        for index in voting.languages_of_letter[letter]:
            votes[index] += 1
    # A detection word is a whole run of letters.
    for word in filter(languages_of.__contains__, runs):
        for index in languages_of[word]:
            votes[index] += 1
    return languages[max(range(len(votes)), key=votes.__getitem__)]


def _letters(sample: str, letters: str) -> int:
    return sum(map(sample.count, letters))
