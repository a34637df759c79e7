"""The plots of a declared study's live run: how often each action was taken, its mean
probability, and the cumulative reward against a uniform policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt

from .plots import save_figure


def declared_plots(results: dict[str, Any], folder: Path) -> list[Path]:
    days = range(1, len(results["cumulative_reward_by_day"]) + 1)
    paths = []
    for key, ylabel, title, name in (
        ("action_share_by_day", "share of decisions", "Actions taken", "action_share_by_day.png"),
        (
            "mean_probability_by_day",
            "mean probability",
            "How the policy moved",
            "probability_by_day.png",
        ),
    ):
        fig, ax = plt.subplots(figsize=(7, 4))
        for action, values in results[key].items():
            ax.plot(days, values, marker="o", label=action)
        ax.set(xlabel="study day", ylabel=ylabel, title=title, ylim=(0, 1))
        ax.legend()
        paths.append(save_figure(fig, folder / name))
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(days, results["cumulative_reward_by_day"], label=f"{results['algorithm']} (live)")
    ax.plot(days, results["uniform_cumulative_reward_by_day"], label="uniform, same world")
    ax.set(xlabel="study day", ylabel="cumulative reward", title="Reward against uniform")
    ax.legend()
    paths.append(save_figure(fig, folder / "cumulative_reward.png"))
    return paths
