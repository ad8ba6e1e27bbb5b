"""Settings from ``config/losses.toml``, overridden by ``LOSSES_*`` environment variables."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

SourceKind = Literal["feed", "telegram", "html", "json_api", "dataset_json", "table"]
DEFAULT_CONFIG_PATH = Path("config") / "losses.toml"


class ConfigError(Exception):
    """A configuration problem, already phrased as one line for the user."""


class HttpSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_agent: str = "losses-pipeline/0.1 (+https://github.com/losses-pipeline/losses-pipeline)"
    connect_timeout: float = Field(10.0, gt=0)
    read_timeout: float = Field(30.0, gt=0)
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0)
    max_redirects: int = Field(5, ge=0)
    politeness_delay: float = Field(1.0, ge=0)
    retry_attempts: int = Field(4, ge=1)
    retry_timeout: float = Field(60.0, gt=0)


def _valid_schedule(schedule: str) -> str:
    # Imported here so that loading the settings does not always pull in APScheduler.
    from pipeline.service.schedule import parse_schedule

    parse_schedule(schedule)
    return schedule


class ScheduleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Cron expressions are evaluated in Kyiv time, when the General Staff publishes.
    default: str = "*/10 6-11 * * *; 0 */2 * * *"
    check: str = "30 12 * * *"

    @field_validator("default", "check")
    @classmethod
    def _valid_schedules(cls, schedule: str) -> str:
        return _valid_schedule(schedule)


class ServiceSettings(BaseModel):
    """How ``losses serve`` behaves when it runs unattended for months."""

    model_config = ConfigDict(extra="forbid")

    # A run that starts this late (service busy, machine asleep) still runs; later, it is skipped.
    misfire_grace_seconds: int = Field(3600, gt=0)
    # How long a stop (SIGTERM, SIGINT) waits for the jobs in flight before giving up on them.
    shutdown_timeout_seconds: float = Field(60.0, gt=0)
    # A standby instance tries to take over the instance lock this often.
    lock_retry_seconds: float = Field(30.0, gt=0)
    # Parallel jobs; each source still runs one job at a time.
    max_workers: int = Field(4, ge=1)
    # After consecutive failures a source waits backoff_initial * 2^(failures-1), capped.
    backoff_initial_seconds: float = Field(300.0, ge=0)
    backoff_max_seconds: float = Field(6 * 3600.0, ge=0)
    # A source with this many consecutive failures is reported unhealthy.
    unhealthy_after_failures: int = Field(3, ge=1)


class SourceConfig(BaseModel):
    # Options of a particular kind (e.g. ``pages`` for telegram) ride along as extras.
    model_config = ConfigDict(extra="allow")

    name: str = Field(min_length=1, max_length=100)
    kind: SourceKind
    url: str
    enabled: bool = True
    priority: int = 50
    schedule: str | None = None

    @field_validator("schedule")
    @classmethod
    def _valid_schedule(cls, schedule: str | None) -> str | None:
        return None if schedule is None else _valid_schedule(schedule)

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("only http:// and https:// URLs are supported")
        return url

    @property
    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LOSSES_", env_nested_delimiter="__", extra="forbid"
    )

    database_url: str = "sqlite:///losses.db"
    stale_after_hours: float = Field(36.0, gt=0)
    http: HttpSettings = HttpSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    service: ServiceSettings = ServiceSettings()
    sources: list[SourceConfig] = []

    @model_validator(mode="after")
    def _unique_source_names(self) -> Settings:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"source name {source.name!r} is used twice")
            seen.add(source.name)
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(source.name for source in self.sources) or "none configured"
        raise ConfigError(f"unknown source {name!r} (known: {known})")


def _packaged_default() -> Path | None:
    package_dir = Path(__file__).resolve().parent
    for candidate in (
        package_dir / "_default_config" / "losses.toml",
        package_dir.parent / "config" / "losses.toml",
    ):
        if candidate.is_file():
            return candidate
    return None


def resolve_config_path(explicit: Path | None) -> Path | None:
    """``--config``, else ``$LOSSES_CONFIG``, else ./config/losses.toml, else the packaged one."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get("LOSSES_CONFIG")
    if from_env:
        return Path(from_env)
    if DEFAULT_CONFIG_PATH.is_file():
        return DEFAULT_CONFIG_PATH
    return _packaged_default()


def _describe_location(location: tuple[int | str, ...], data: dict[str, Any]) -> str:
    parts: list[str] = []
    for index, part in enumerate(location):
        if isinstance(part, int) and parts and location[index - 1] == "sources":
            name = ""
            sources = data.get("sources")
            if isinstance(sources, list) and part < len(sources):
                name = str(sources[part].get("name", "")) if isinstance(sources[part], dict) else ""
            parts[-1] = f"sources[{part}]" + (f" ({name})" if name else "")
        else:
            parts.append(str(part))
    return ".".join(parts) or "(top level)"


def load_settings(config_path: Path | None = None) -> Settings:
    """Load and validate the settings; any problem raises ConfigError with one line."""
    path = resolve_config_path(config_path)
    data: dict[str, Any] = {}
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None

    class FileSettings(Settings):
        model_config = SettingsConfigDict(toml_file=path)

    where = str(path) if path is not None else "built-in defaults"
    try:
        return FileSettings()
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        key = _describe_location(tuple(first["loc"]), data)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{where}: {key}: {message}{more}") from None
