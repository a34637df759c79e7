"""One decision's outcome, as the trainer hands it over, and the checks every update runs first.

A single NaN or infinity in a batch turns the whole posterior into NaN, and every probability
after it; so a batch is refused up front, naming the observation and the field at fault.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Observation", "ObservationColumns", "observation_columns"]


@dataclass(frozen=True)
class Observation:
    """One decision's outcome, as the trainer hands it over."""

    participant_id: str
    state: tuple[float, ...]  # exactly what Algorithm.state() returned at decision time
    action: int  # 0 or 1
    probability: float  # the clipped probability the action was drawn with
    reward: float


@dataclass(frozen=True)
class ObservationColumns:
    """A checked batch as columns: every number finite, actions 0/1, probabilities in [0, 1]."""

    action: np.ndarray  # (n,)
    probability: np.ndarray  # (n,)
    reward: np.ndarray  # (n,)
    state_values: np.ndarray  # all states' entries, concatenated in batch order
    state_lengths: np.ndarray  # (n,) entries per state

    def state_matrix(self, width: int) -> np.ndarray:
        """States as an (n, width) matrix; refuses a state of any other length."""
        wrong = np.flatnonzero(self.state_lengths != width)
        if len(wrong):
            i = int(wrong[0])
            raise ValueError(
                f"observation {i} has a state of {self.state_lengths[i]} entries, expected {width}"
            )
        return self.state_values.reshape(len(self.state_lengths), width)


def observation_columns(batch: Sequence[Observation]) -> ObservationColumns:
    n = len(batch)
    states = [o.state for o in batch]
    lengths = np.fromiter(map(len, states), np.int64, n)
    columns = ObservationColumns(
        action=np.fromiter((o.action for o in batch), np.float64, n),
        probability=np.fromiter((o.probability for o in batch), np.float64, n),
        reward=np.fromiter((o.reward for o in batch), np.float64, n),
        state_values=np.fromiter(
            itertools.chain.from_iterable(states), np.float64, int(lengths.sum())
        ),
        state_lengths=lengths,
    )
    _refuse_non_finite(batch, columns)
    bad_action = np.flatnonzero((columns.action != 0.0) & (columns.action != 1.0))
    if len(bad_action):
        i = int(bad_action[0])
        raise ValueError(f"actions must be 0 or 1; observation {i} has {batch[i].action!r}")
    bad_pi = np.flatnonzero((columns.probability < 0.0) | (columns.probability > 1.0))
    if len(bad_pi):
        i = int(bad_pi[0])
        raise ValueError(
            f"probabilities must lie in [0, 1]; observation {i} has {batch[i].probability!r}"
        )
    return columns


def _refuse_non_finite(batch: Sequence[Observation], columns: ObservationColumns) -> None:
    """Name the earliest observation holding a NaN or an infinity, and its field."""
    state_ends = np.cumsum(columns.state_lengths)
    bad_rows = {
        "state": np.searchsorted(
            state_ends, np.flatnonzero(~np.isfinite(columns.state_values)), side="right"
        ),
        "action": np.flatnonzero(~np.isfinite(columns.action)),
        "probability": np.flatnonzero(~np.isfinite(columns.probability)),
        "reward": np.flatnonzero(~np.isfinite(columns.reward)),
    }
    firsts = {field: int(rows[0]) for field, rows in bad_rows.items() if len(rows)}
    if not firsts:
        return
    i = min(firsts.values())
    fields = [field for field, first in firsts.items() if first == i]
    shown = ", ".join(f"{field}={getattr(batch[i], field)!r}" for field in fields)
    raise ValueError(
        f"observation {i} has a non-finite {' and '.join(fields)} ({shown}); "
        "refusing the batch, which would turn the posterior into NaN"
    )
