"""The findings as text a person reads in a minute: one line each, then counts per rule."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.quality.findings import Finding, summary


def finding_line(finding: Finding) -> str:
    when = finding.report_date.isoformat()
    if finding.until is not None:
        when = f"{when}..{finding.until.isoformat()}"
    return (
        f"{finding.severity.upper():<7} {when:<10} {finding.category or '-':<20}"
        f" {finding.rule:<17} {finding.message}"
    )


def render_text(findings: Sequence[Finding]) -> str:
    lines = [finding_line(finding) for finding in findings]
    counts = summary(findings)
    if not findings:
        lines.append("no findings")
    else:
        lines.append("")
        lines.append(f"{len(findings)} findings:")
        for (rule, severity), count in sorted(counts.items(), key=lambda item: -item[1]):
            lines.append(f"  {count:>4} {rule} ({severity})")
    return "\n".join(lines) + "\n"
