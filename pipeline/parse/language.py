"""Which lexicon reads a document: decided from its first few hundred characters."""

from __future__ import annotations

import re

from pipeline.parse.lexicon import lexicon

# Enough text for a clear majority of letters; more only costs time.
_SAMPLE = 800
# Runs of letters rather than single letters: the same counts for a tenth of the matches.
# The text is lower-cased (``lexicon.lowered``).
_CYRILLIC = re.compile(r"[а-яёіїєґ]+")
_LATIN = re.compile(r"[a-z]+")
_UKRAINIAN_LETTERS = "іїєґ"
_RUSSIAN_LETTERS = "ыэъё"
_LATIN_LANGUAGES = ("de", "pl", "it", "es", "pt")


def detect_language(text: str) -> str | None:
    """The language code of lower-cased ``text``, or None when it has no letters to go by."""
    sample = text[:_SAMPLE]
    cyrillic = sum(map(len, _CYRILLIC.findall(sample)))
    latin = sum(map(len, _LATIN.findall(sample)))
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic >= latin:
        ukrainian = sum(map(sample.count, _UKRAINIAN_LETTERS))
        russian = sum(map(sample.count, _RUSSIAN_LETTERS))
        return "ru" if russian > ukrainian else "uk"
    english = len(lexicon("en").detect.findall(sample))
    best, best_score = "en", english
    for code in _LATIN_LANGUAGES:
        score = len(lexicon(code).detect.findall(sample))
        if score > best_score:
            best, best_score = code, score
    return best
