"""Which lexicon reads a document: decided from its first few hundred characters."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.parse.lexicon import lexicon

# Enough text for a clear majority of letters; more only costs time.
_SAMPLE = 800
# Runs of letters rather than single letters: the same counts for a tenth of the matches.
# The text is lower-cased (``lexicon.lowered``).
_CYRILLIC = re.compile(r"[а-яёіїєґ]+")
_LATIN = re.compile(r"[a-z]+")
_WORD = re.compile(r"[^\W\d_]+")
# English first: it wins ties.
_LATIN_LANGUAGES = ("en", "de", "pl", "it", "es", "pt")


def detect_language(text: str) -> str | None:
    """The language code of lower-cased ``text``, or None when it has no letters to go by."""
    sample = text[:_SAMPLE]
    cyrillic = sum(map(len, _CYRILLIC.findall(sample)))
    latin = sum(map(len, _LATIN.findall(sample)))
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic >= latin:
        ukrainian = _letters(sample, "uk")
        return "ru" if _letters(sample, "ru") > ukrainian else "uk"
    words = Counter(_WORD.findall(sample))
    best, best_votes = "", -1
    for code in _LATIN_LANGUAGES:
        votes = _letters(sample, code) + sum(words[word] for word in lexicon(code).detect_words)
        if votes > best_votes:
            best, best_votes = code, votes
    return best


def _letters(sample: str, code: str) -> int:
    return sum(map(sample.count, lexicon(code).detect_letters))
