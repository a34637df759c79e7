"""How a drill's results read: its verdict, and the tables a person looks at."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

console = Console(width=120)


def failures(results: dict[str, Any]) -> list[str]:
    """What broke the promise; empty when nothing stopped for good and nothing was lost."""
    found = []
    for key in ("lost", "duplicated", "refused_count", "abandoned"):
        if results[key]:
            found.append(f"{key}: {results[key]}")
    if results["replay"]["mismatches"] or results["replay"]["exit_code"]:
        found.append(f"replay mismatches: {results['replay']['mismatches']}")
    found += [f"did not recover from {p['fault']}" for p in results["faults"] if not p["recovered"]]
    return found


def passed(results: dict[str, Any]) -> bool:
    return not failures(results)


def print_results(results: dict[str, Any]) -> None:
    faults = Table(
        "fault",
        "at s",
        "restored after s",
        "healthy after s",
        "first decision s",
        "longest pause s",
        "ISR full after s",
        "fallbacks",
        "answers",
    )
    for p in results["faults"]:
        faults.add_row(
            p["fault"],
            str(p["at_seconds"]),
            str(p["restored_after_seconds"]),
            str(p["healthy_after_seconds"]),
            str(p["first_decision_after_seconds"]),
            str(p["longest_pause_seconds"]),
            str(p.get("isr_full_after_seconds", "")),  # a broker's fault only
            str(p["fallbacks"]),
            ", ".join(f"{k}: {n}" for k, n in sorted(p["answers"].items())),
        )
    console.print(faults)
    totals = Table("measure", "value", title="fault drill")
    rows = {
        "requests sent": results["requests_sent"],
        "answers by status": results["answers_by_status"],
        "retries": results["retries"],
        "fallbacks answered": results["fallbacks"],
        "2xx latency p50 / p99 ms": f"{results['latency'].get('p50_ms')} / "
        f"{results['latency'].get('p99_ms')}",
        "refused (4xx)": results["refused_count"],
        "abandoned slots": results["abandoned"],
        "decisions answered / stored / on the log": f"{results['decisions_answered']} / "
        f"{results['decisions_stored']} / {results['decisions_on_log']}",
        "uploads accepted / observations / dead letters": f"{results['uploads_accepted']} / "
        f"{results['observations']} / {results['dead_letters']}",
        "lost": results["lost"],
        "duplicated": results["duplicated"],
        "replay decisions / mismatches": f"{results['replay']['decisions']} / "
        f"{results['replay']['mismatches']}",
        "traffic / settle seconds": f"{results['traffic_seconds']} / {results['settle_seconds']}",
    }
    for name, value in rows.items():
        totals.add_row(name, str(value))
    console.print(totals)
    broken = failures(results)
    console.print("[red]" + "; ".join(broken) if broken else "[green]nothing stopped, nothing lost")
