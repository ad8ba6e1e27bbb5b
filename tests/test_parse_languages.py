"""Languages are data: a lexicon file adds one, and detection takes it from the file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.parse import lexicon as lexicon_module
from pipeline.parse import parse_document
from pipeline.parse.lexicon import LANGUAGES, LexiconError, lexicon

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
LEXICONS = PACKAGE / "parse" / "lexicon"

# Figures of the General Staff's bulletin of 2025-01-28 (reference series).
DUTCH_TEXT = (
    "Volgens de Generale Staf van Oekraïne heeft Rusland sinds het begin van de invasie "
    "833.000 militairen, 9.876 tanks en 22.366 artilleriesystemen verloren."
)


def dutch_lexicon() -> str:
    """``en.toml`` made Dutch where the text above needs it."""
    english = (LEXICONS / "en.toml").read_text(encoding="utf-8")
    english = re.sub(
        r"^detect_words = .*$",
        "detect_words = ['de', 'het', 'van', 'en', 'verloren']",
        english,
        count=1,
        flags=re.MULTILINE,
    )
    replacements = {
        'code = "en"': 'code = "nl"',
        "detect_rank = 1": "detect_rank = 7",
        "personnel = [\n": "personnel = ['militairen',\n",
        "artillery = [": "artillery = ['artilleriesystemen', ",
        "general_staff = [": "general_staff = ['Generale Staf', ",
    }
    for english_text, dutch_text in replacements.items():
        assert english_text in english, english_text
        english = english.replace(english_text, dutch_text, 1)
    return english


def test_the_languages_are_the_lexicon_files() -> None:
    assert set(LANGUAGES) == {path.stem for path in LEXICONS.glob("*.toml")}
    assert {"en", "uk", "ru", "de", "pl", "it", "es", "pt"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_lexicon_names_its_script_and_rank(code: str) -> None:
    language = lexicon(code)
    assert language.code == code
    assert language.script in ("latin", "cyrillic")
    assert language.detect_rank >= 1


def test_ties_within_a_script_go_to_the_lowest_rank() -> None:
    # No detection word or telltale letter of any language: every vote is zero.
    assert parse_document("xyz 1 2 3").language == "en"
    assert parse_document("танк 1 2 3").language == "ru"


def test_adding_a_lexicon_file_adds_the_language(tmp_path: Path) -> None:
    copy = tmp_path / "pipeline"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "parse" / "lexicon" / "nl.toml").write_text(dutch_lexicon(), encoding="utf-8")
    script = (
        "import datetime, json, sys\n"
        "from pipeline.parse import parse_document\n"
        "from pipeline.parse.lexicon import LANGUAGES\n"
        "result = parse_document(sys.stdin.read(), published=datetime.date(2025, 1, 28))\n"
        "staff = result.general_staff\n"
        "print(json.dumps({'languages': LANGUAGES, 'language': result.language,\n"
        "    'figures': staff.figures, 'date': str(staff.report_date)}))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        input=DUTCH_TEXT,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
        check=True,
    )
    parsed = json.loads(completed.stdout)
    assert "nl" in parsed["languages"]
    assert parsed["language"] == "nl"
    assert parsed["figures"] == {"personnel": 833000, "tanks": 9876, "artillery": 22366}
    assert parsed["date"] == "2025-01-28"
    # Without the file the same text is not read as Dutch.
    assert parse_document(DUTCH_TEXT).language != "nl"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('script = "latin"', 'script = "runic"'), "script is 'runic', not one of latin, cyrillic"),
        (('code = "nl"', 'code = "xx"'), "code is 'xx', not 'nl'"),
        (("detect_rank = 1", 'detect_rank = "first"'), "detect_rank must be a whole number"),
        (("[categories]", "[categories"), "Expected ']'"),
    ],
)
def test_a_broken_lexicon_file_is_named_in_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str], message: str
) -> None:
    dutch = (LEXICONS / "en.toml").read_text(encoding="utf-8").replace('code = "en"', 'code = "nl"')
    (tmp_path / "nl.toml").write_text(dutch.replace(*change), encoding="utf-8")
    monkeypatch.setattr(lexicon_module, "_LEXICON_FILES", tmp_path)
    with pytest.raises(LexiconError, match=re.escape(f"lexicon nl.toml: {message}")):
        lexicon_module._load_data("nl")
