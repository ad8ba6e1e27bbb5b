"""What the parser hands back: frozen values that serialize to the contract's JSON shape."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True, slots=True)
class GeneralStaffFigures:
    """Cumulative totals of one General Staff bulletin, keyed like ``CATEGORY_KEYS``."""

    report_date: dt.date | None
    figures: dict[str, int] = field(default_factory=dict)
    deltas: dict[str, int] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "report_date": _iso(self.report_date),
            "figures": dict(self.figures),
            "deltas": dict(self.deltas),
            "qualifiers": dict(self.qualifiers),
        }


@dataclass(frozen=True, slots=True)
class AirAttack:
    """One overnight air-attack report of the Air Force; None means the text did not say."""

    report_date: dt.date | None
    drones_launched: int | None = None
    missiles_launched: int | None = None
    drones_shot_down: int | None = None
    missiles_shot_down: int | None = None
    shot_down: int | None = None
    lost_locationally: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "report_date": _iso(self.report_date),
            "drones_launched": self.drones_launched,
            "missiles_launched": self.missiles_launched,
            "drones_shot_down": self.drones_shot_down,
            "missiles_shot_down": self.missiles_shot_down,
            "shot_down": self.shot_down,
            "lost_locationally": self.lost_locationally,
        }


@dataclass(frozen=True, slots=True)
class ParseResult:
    general_staff: GeneralStaffFigures | None
    air_attacks: tuple[AirAttack, ...]
    language: str | None
    parser_version: str
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "general_staff": self.general_staff.as_dict() if self.general_staff else None,
            "air_attacks": [attack.as_dict() for attack in self.air_attacks],
            "language": self.language,
            "parser_version": self.parser_version,
            "notes": list(self.notes),
        }
