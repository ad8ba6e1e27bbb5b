"""Human- and machine-readable renderings of a ParseResult, for the ``losses parse`` command."""

from __future__ import annotations

import json

from pipeline.parse.result import ParseResult

_AIR_FIELDS = (
    "drones_launched",
    "missiles_launched",
    "drones_shot_down",
    "missiles_shot_down",
    "shot_down",
    "lost_locationally",
)


def json_line(path: str, result: ParseResult) -> str:
    """One JSON object on one line: the input's path, then the contract's keys."""
    return json.dumps({"path": path, **result.as_dict()}, ensure_ascii=False)


def summary_text(result: ParseResult) -> str:
    lines = [f"language: {result.language or '-'}  parser {result.parser_version}"]
    staff = result.general_staff
    if staff is None:
        lines.append("General Staff: no bulletin")
    else:
        day = staff.report_date.isoformat() if staff.report_date else "unknown date"
        lines.append(f"General Staff bulletin as of {day}:")
        for key in sorted(staff.figures.keys() | staff.deltas.keys()):
            figure = staff.figures.get(key)
            qualifier = staff.qualifiers.get(key)
            shown = "-" if figure is None else f"{figure:,}"
            if qualifier:
                shown = f"{qualifier} {shown}"
            if key in staff.deltas:
                shown += f" (+{staff.deltas[key]:,})"
            lines.append(f"  {key:<24} {shown}")
    for attack in result.air_attacks:
        day = attack.report_date.isoformat() if attack.report_date else "unknown date"
        stated = [
            f"{name}={getattr(attack, name)}"
            for name in _AIR_FIELDS
            if getattr(attack, name) is not None
        ]
        lines.append(f"Air attack, night ending {day}: " + ", ".join(stated))
    if result.notes:
        lines.append("notes: " + ", ".join(result.notes))
    return "\n".join(lines)


def content_type_of(path: str) -> str:
    return "text/html" if path.lower().endswith((".html", ".htm")) else "text/plain"
