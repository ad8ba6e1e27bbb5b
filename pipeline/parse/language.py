"""Which lexicon reads a document: decided from its first few thousand characters."""

from __future__ import annotations

import re

from pipeline.parse.lexicon import lexicon

# Enough text for a clear majority of letters; more only costs time.
_SAMPLE = 800
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_UKRAINIAN_LETTERS = re.compile(r"[іїєґ]", re.IGNORECASE)
_RUSSIAN_LETTERS = re.compile(r"[ыэъё]", re.IGNORECASE)
_LATIN_LANGUAGES = ("de", "pl", "it", "es", "pt")


def detect_language(text: str) -> str | None:
    sample = text[:_SAMPLE]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic >= latin:
        ukrainian = len(_UKRAINIAN_LETTERS.findall(sample))
        russian = len(_RUSSIAN_LETTERS.findall(sample))
        return "ru" if russian > ukrainian else "uk"
    english = len(lexicon("en").detect.findall(sample))
    best, best_score = "en", english
    for code in _LATIN_LANGUAGES:
        score = len(lexicon(code).detect.findall(sample))
        if score > best_score:
            best, best_score = code, score
    return best
