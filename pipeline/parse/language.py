"""Which lexicon reads a document: decided from its first few hundred characters."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.parse.lexicon import lexicon

# Enough text for a clear majority of letters; more only costs time.
_SAMPLE = 800
# Runs of letters rather than single letters: the same counts for a tenth of the matches.
# The text is lower-cased (``lexicon.lowered``).
_CYRILLIC = re.compile(r"[а-яёіїєґ]+")
_LATIN = re.compile(r"[a-z]+")
_LETTERS = r"[^\W\d_]"
# English first: it wins ties.
_LATIN_LANGUAGES = ("en", "de", "pl", "it", "es", "pt")


@dataclass(frozen=True, slots=True)
class _LatinVotes:
    """Every Latin-script language's detection words in one pattern, found in one scan."""

    words: re.Pattern[str]
    languages_of: dict[str, tuple[int, ...]]
    letters: tuple[str, ...]


@functools.cache
def _latin_votes() -> _LatinVotes:
    languages_of: dict[str, tuple[int, ...]] = {}
    for index, code in enumerate(_LATIN_LANGUAGES):
        for word in lexicon(code).detect_words:
            # A detection word counts as a whole run of letters, nothing else.
            if re.fullmatch(rf"{_LETTERS}+", word):
                languages_of[word] = (*languages_of.get(word, ()), index)
    alternation = "|".join(map(re.escape, sorted(languages_of, key=len, reverse=True)))
    return _LatinVotes(
        re.compile(rf"(?<!{_LETTERS})(?:{alternation})(?!{_LETTERS})"),
        languages_of,
        tuple(lexicon(code).detect_letters for code in _LATIN_LANGUAGES),
    )


def detect_language(text: str) -> str | None:
    """The language code of lower-cased ``text``, or None when it has no letters to go by."""
    sample = text[:_SAMPLE]
    cyrillic = sum(map(len, _CYRILLIC.findall(sample)))
    latin = sum(map(len, _LATIN.findall(sample)))
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic >= latin:
        ukrainian = _letters(sample, lexicon("uk").detect_letters)
        return "ru" if _letters(sample, lexicon("ru").detect_letters) > ukrainian else "uk"
    voting = _latin_votes()
    votes = [_letters(sample, letters) for letters in voting.letters]
    for word in voting.words.findall(sample):
        for index in voting.languages_of[word]:
            votes[index] += 1
    return _LATIN_LANGUAGES[max(range(len(votes)), key=votes.__getitem__)]


def _letters(sample: str, letters: str) -> int:
    return sum(map(sample.count, letters))
