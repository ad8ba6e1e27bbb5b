"""Configuration: the TOML file, LOSSES_* overrides, and one clear line for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.config import ConfigError, load_settings

REPO_CONFIG = Path(__file__).resolve().parents[1] / "config" / "losses.toml"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "losses.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_shipped_config_is_valid_and_lists_real_sources() -> None:
    settings = load_settings(REPO_CONFIG)
    names = {source.name for source in settings.sources}
    assert {"general-staff-telegram", "air-force-telegram"} <= names
    assert settings.database_url == "sqlite:///losses.db"
    assert all(source.url.startswith("https://") for source in settings.sources)


def test_kind_specific_options_ride_along(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[sources]]\nname = "gs"\nkind = "telegram"\nurl = "https://t.me/s/x"\npages = 3\n',
    )
    assert load_settings(path).source("gs").options == {"pages": 3}


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, 'database_url = "sqlite:///from-file.db"\n[http]\nread_timeout = 5\n')
    monkeypatch.setenv("LOSSES_DATABASE_URL", "sqlite:///from-env.db")
    monkeypatch.setenv("LOSSES_HTTP__READ_TIMEOUT", "7.5")
    settings = load_settings(path)
    assert settings.database_url == "sqlite:///from-env.db"
    assert settings.http.read_timeout == 7.5


def test_losses_config_variable_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "stale_after_hours = 12\n")
    monkeypatch.setenv("LOSSES_CONFIG", str(path))
    assert load_settings().stale_after_hours == 12


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[http]\nread_timeout = -1\n", "http.read_timeout: Input should be greater than 0"),
        ("[http]\ntimeout = 3\n", "http.timeout: Extra inputs are not permitted"),
        (
            '[[sources]]\nname = "gs"\nkind = "telegram"\nurl = "ftp://t.me/s/x"\n',
            "sources[0] (gs).url: only http:// and https:// URLs are supported",
        ),
        (
            '[[sources]]\nname = "gs"\nkind = "carrier-pigeon"\nurl = "https://x"\n',
            "sources[0] (gs).kind: Input should be",
        ),
        ("database_url = [1]\n", "database_url: Input should be a valid string"),
        ("database_url = \n", "not valid TOML"),
    ],
)
def test_a_mistake_is_one_line_naming_file_and_key(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_duplicate_source_names_are_refused(tmp_path: Path) -> None:
    source = '[[sources]]\nname = "gs"\nkind = "telegram"\nurl = "https://t.me/s/x"\n'
    with pytest.raises(ConfigError, match="source name 'gs' is used twice"):
        load_settings(write(tmp_path, source + source))


def test_every_command_exits_2_with_the_message(tmp_path: Path) -> None:
    path = write(tmp_path, "[http]\nread_timeout = -1\n")
    result = CliRunner().invoke(main, ["status", "--config", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {path}: http.read_timeout: Input should be greater than 0"
    ]


def test_a_missing_config_file_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["db", "current", "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert "config file not found" in result.output


def test_the_password_never_appears(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'database_url = "postgresql+psycopg://analyst:s3cr3t-pw@127.0.0.1:1/none"\n',
    )
    result = CliRunner().invoke(main, ["status", "--config", str(path)])
    assert result.exit_code == 2
    assert "s3cr3t-pw" not in result.output
    assert "analyst:***@127.0.0.1:1/none" in result.output
