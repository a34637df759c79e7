"""The three plots of a live run: how the policy moved, its reward against a flat policy, and its
estimated effects against the true ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt
import numpy as np

from .effects import STATES


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
    paths.append(save_figure(fig, folder / "probability_by_day.png"))
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(days, results["cumulative_reward_by_day"], label=f"{results['algorithm']} (live)")
    ax.plot(days, results["flat_cumulative_reward_by_day"], label="flat 0.5, same participants")
    ax.set(xlabel="study day", ylabel="cumulative reward", title="Reward against a flat policy")
    ax.legend()
    paths.append(save_figure(fig, folder / "cumulative_reward.png"))
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
    paths.append(save_figure(fig, folder / "effects.png"))
    return paths


def save_figure(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
