"""What a live run leaves behind: results.json and its plots in the session folder, kept so a
later run can be compared with it, and the summary table, beside a previous run's if asked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

SUMMARY = [
    ("participants", "participants"),
    ("decisions", "decisions"),
    ("fallbacks", "fallbacks"),
    ("policy versions", "policy_versions"),
    ("mean probability, first day", "first_day_probability"),
    ("mean probability, last day", "last_day_probability"),
    ("mean probabilities, first day", "first_day_probabilities"),
    ("mean probabilities, last day", "last_day_probabilities"),
    ("cumulative reward", "cumulative_reward"),
    ("cumulative reward, flat 0.5", "flat_cumulative_reward"),
    ("cumulative reward, uniform", "uniform_cumulative_reward"),
    ("effect estimate error (RMSE)", "effect_rmse"),
    ("replay mismatches", "replay_mismatches"),
    ("HTTP requests sent again", "http_retries"),
    ("wall seconds", "seconds"),
]


def save(
    results: dict[str, Any], folder: Path, plots: Callable[[dict[str, Any], Path], list[Path]]
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    results["plots"] = [str(p) for p in plots(results, folder)]
    path = folder / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    return path


def print_summary(
    console: Console, results: dict[str, Any], previous: dict[str, Any] | None
) -> None:
    table = Table("", f"this run ({results['session']})", title="simulation summary")
    if previous:
        table.add_column(f"previous ({previous['session']})")
    for label, key in SUMMARY:
        if key not in results and key not in (previous or {}):
            continue  # a row of another kind of study
        row = [label, _fmt(results.get(key))]
        if previous:
            row.append(_fmt(previous.get(key)))
        table.add_row(*row)
    console.print(table)


def _fmt(value: Any) -> str:
    if isinstance(value, dict):  # per action
        return ", ".join(f"{name} {_fmt(v)}" for name, v in value.items())
    return f"{value:.3f}" if isinstance(value, float) else str(value)
