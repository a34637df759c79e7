"""What a simulation shows: the summary, plots and results of one run, kept as a session that a
later run can be compared with."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt
import numpy as np
from rich.console import Console
from rich.table import Table

from rldomain.algorithms.states import miwaves_features

STATES = [tuple(float(x) for x in s) for s in product((0, 1), repeat=3)]


def estimated_effects(params: dict[str, Any]) -> dict[str, float]:
    """Posterior mean of the advantage (the treatment effect) per MiWaves state."""
    mean = params.get("pop_mean", params.get("mean"))
    if mean is None:  # a flat policy estimates nothing
        return {str(s): 0.0 for s in STATES}
    mean = np.asarray(mean)
    d = mean.shape[0] // 3
    return {str(s): float(mean[2 * d :] @ miwaves_features(s)) for s in STATES}


def daily(values: list[tuple[int, float]], days: int, how: str) -> list[float]:
    out = []
    for day in range(days):
        today = [v for d, v in values if d == day]
        if how == "mean":
            out.append(float(np.mean(today)) if today else float("nan"))
        else:
            out.append((out[-1] if out else 0.0) + float(np.sum(today)))
    return out


def plots(results: dict[str, Any], folder: Path) -> list[Path]:
    days = range(1, len(results["mean_probability_by_day"]) + 1)
    paths = []
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(days, results["mean_probability_by_day"], marker="o")
    ax.set(
        xlabel="study day",
        ylabel="mean probability of treatment",
        title="How the policy moved",
        ylim=(0, 1),
    )
    paths.append(_save(fig, folder / "probability_by_day.png"))
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(days, results["cumulative_reward_by_day"], label=f"{results['algorithm']} (live)")
    ax.plot(days, results["flat_cumulative_reward_by_day"], label="flat 0.5, same participants")
    ax.set(xlabel="study day", ylabel="cumulative reward", title="Reward against a flat policy")
    ax.legend()
    paths.append(_save(fig, folder / "cumulative_reward.png"))
    fig, ax = plt.subplots(figsize=(8, 4))
    x = np.arange(len(STATES))
    ax.bar(x - 0.2, [results["true_effects"][str(s)] for s in STATES], 0.4, label="true")
    ax.bar(
        x + 0.2,
        [results["estimated_effects"][str(s)] for s in STATES],
        0.4,
        label="estimated (final policy)",
    )
    ax.set_xticks(x, [f"S={int(a)}{int(b)}{int(c)}" for a, b, c in STATES])
    ax.set(ylabel="treatment effect (reward)", title="Estimated against true effect by state")
    ax.legend()
    paths.append(_save(fig, folder / "effects.png"))
    return paths


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


SUMMARY = [
    ("participants", "participants"),
    ("decisions", "decisions"),
    ("fallbacks", "fallbacks"),
    ("policy versions", "policy_versions"),
    ("mean probability, first day", "first_day_probability"),
    ("mean probability, last day", "last_day_probability"),
    ("cumulative reward", "cumulative_reward"),
    ("cumulative reward, flat 0.5", "flat_cumulative_reward"),
    ("effect estimate error (RMSE)", "effect_rmse"),
    ("replay mismatches", "replay_mismatches"),
    ("wall seconds", "seconds"),
]


def print_summary(
    console: Console, results: dict[str, Any], previous: dict[str, Any] | None
) -> None:
    table = Table("", f"this run ({results['session']})", title="simulation summary")
    if previous:
        table.add_column(f"previous ({previous['session']})")
    for label, key in SUMMARY:
        row = [label, _fmt(results.get(key))]
        if previous:
            row.append(_fmt(previous.get(key)))
        table.add_row(*row)
    console.print(table)


def _fmt(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def save(results: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    results["plots"] = [str(p) for p in plots(results, folder)]
    path = folder / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    return path
