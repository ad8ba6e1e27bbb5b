"""A finding: one thing a person should look at, with the rule that raised it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    rule: str
    report_date: dt.date
    category: str | None
    message: str
    # The figures behind the finding, by name (e.g. previous, value, next, suggested).
    values: dict[str, int | str | None] = field(default_factory=dict)
    # Set when the finding covers a run of days (e.g. a gap or a day-number offset).
    until: dt.date | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "date": self.report_date.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "category": self.category,
            "values": self.values,
            "message": self.message,
        }


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda finding: (
            finding.report_date,
            SEVERITY_ORDER[finding.severity],
            finding.category or "",
            finding.rule,
        ),
    )


def summary(findings: Iterable[Finding]) -> Counter[tuple[str, str]]:
    """How many findings per (rule, severity)."""
    return Counter((finding.rule, finding.severity) for finding in findings)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)
