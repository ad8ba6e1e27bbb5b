"""``losses parse``: files or stdin in, a readable summary or one JSON line per input out."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

BULLETIN = "Загальні бойові втрати противника з 24.02.22 по 28.01.25 орієнтовно склали: танків ‒ 9876 (+5) од, ББМ ‒ 20573 (+12) од, РСЗВ ‒ 1263 (+0) од"  # noqa: E501


def test_json_lines_one_per_input(tmp_path: Path) -> None:
    plain = tmp_path / "bulletin.txt"
    plain.write_text(BULLETIN, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><p>{BULLETIN}</p><script>var x = 5;</script></body></html>")
    outcome = CliRunner().invoke(main, ["parse", "--json", str(plain), str(page)])
    assert outcome.exit_code == 0, outcome.output
    lines = [json.loads(line) for line in outcome.output.splitlines()]
    assert [line["path"] for line in lines] == [str(plain), str(page)]
    for line in lines:
        assert line["general_staff"]["figures"] == {"tanks": 9876, "afv": 20573, "mlrs": 1263}
        assert line["general_staff"]["report_date"] == "2025-01-28"
        assert line["air_attacks"] == []


def test_stdin_with_published_date() -> None:
    text = "The General Staff: 9,876 tanks, 20,573 armoured vehicles, 1,263 MLRS."
    outcome = CliRunner().invoke(main, ["parse", "--json", "--published", "2025-01-28"], input=text)
    assert outcome.exit_code == 0, outcome.output
    line = json.loads(outcome.output)
    assert line["path"] == "-"
    assert line["general_staff"]["report_date"] == "2025-01-28"


def test_readable_summary() -> None:
    outcome = CliRunner().invoke(main, ["parse", "-"], input=BULLETIN)
    assert outcome.exit_code == 0, outcome.output
    assert "as of 2025-01-28" in outcome.output
    assert "9,876 (+5)" in outcome.output


def test_bytes_that_are_not_utf8_do_not_stop_the_run(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(b"\xff\xfe" + BULLETIN.encode("utf-8") + b"\xc3")
    outcome = CliRunner().invoke(main, ["parse", "--json", str(damaged)])
    assert outcome.exit_code == 0, outcome.output
    figures = json.loads(outcome.output)["general_staff"]["figures"]
    assert figures == {"tanks": 9876, "afv": 20573, "mlrs": 1263}


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(main, ["parse", str(tmp_path / "nope.txt")])
    assert outcome.exit_code == 2
    assert "does not exist" in outcome.output
