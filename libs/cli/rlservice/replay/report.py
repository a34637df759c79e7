"""A replay's report: the counts that decide its verdict, written as JSON with every finding, and
printed as a table with the first few findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from rlaudit.replay import Finding

PRINTED_FINDINGS = 20  # the rest are in the report file
PRINTED_COUNTS = (
    "decisions",
    "decisions_mismatched",
    "policy_versions",
    "policy_versions_mismatched",
    "log_vs_db_differences",
    "code_changed",
    "seconds",
    "decisions_per_second",
)


def summarize(
    study_id: str,
    source: str,
    decisions: int,
    policies: int,
    findings: list[Finding],
    seconds: float,
) -> dict[str, Any]:
    # A finding under code that has changed since is reported, not counted as a mismatch.
    real = [f for f in findings if not f.code_changed]
    return {
        "study": study_id,
        "source": source,
        "decisions": decisions,
        "decisions_mismatched": len({f.key for f in real if f.kind == "decision"}),
        "policy_versions": policies,
        "policy_versions_mismatched": len({f.key for f in real if f.kind == "policy"}),
        "log_vs_db_differences": sum(f.kind == "log_vs_db" for f in findings),
        "code_changed": len({f.key for f in findings if f.code_changed}),
        "mismatches": len(real),
        "seconds": round(seconds, 3),
        "decisions_per_second": round(decisions / seconds, 1) if seconds else None,
    }


def write_report(path: Path, summary: dict[str, Any], findings: list[Finding]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({**summary, "findings": [f.__dict__ for f in findings]}, indent=2, default=str)
        + "\n"
    )


def print_summary(
    console: Console, summary: dict[str, Any], findings: list[Finding], report: Path
) -> None:
    table = Table("check", "count", title=f"replay of study {summary['study']}")
    for key in PRINTED_COUNTS:
        table.add_row(key.replace("_", " "), str(summary[key]))
    console.print(table)
    for f in findings[:PRINTED_FINDINGS]:
        note = " (the code changed since: not counted as a mismatch)" if f.code_changed else ""
        console.print(
            f"[red]{f.kind} {f.key}: {f.field}[/red] logged={f.logged!r} "
            f"derived={f.derived!r}{note}"
        )
    if len(findings) > PRINTED_FINDINGS:
        console.print(f"... and {len(findings) - PRINTED_FINDINGS} more in {report}")
    verdict = (
        "[green]every decision re-derived exactly[/green]"
        if not summary["mismatches"]
        else f"[red]{summary['mismatches']} mismatches[/red]"
    )
    console.print(f"{verdict}; report: {report}")
