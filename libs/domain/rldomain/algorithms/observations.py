"""One decision's outcome, as the trainer hands it over, and the checks every update runs first.

A single NaN or infinity in a batch turns the whole posterior into NaN, and every probability
after it; so a batch is refused up front, naming the observation and the field at fault.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence

import numpy as np

__all__ = ["Observation", "ObservationColumns", "observation_columns", "probability_vector"]

# How far a probability vector's sum may stray from 1: rounding of K terms, nothing more.
SUM_TOLERANCE = 1e-9


def probability_vector(probability: float, probabilities: Sequence[float]) -> tuple[float, ...]:
    """A decision's probabilities of actions 0..K-1: `probabilities` if given, else the binary
    (1 - probability, probability), probability being P(action 1)."""
    if probabilities:
        return tuple(float(p) for p in probabilities)
    return (1.0 - probability, probability)


@dataclasses.dataclass(frozen=True)
class Observation:
    """One decision's outcome, as the trainer hands it over."""

    participant_id: str
    state: tuple[float, ...]  # exactly the state stored with the decision
    action: int  # 0..K-1, 0 the baseline
    probability: float  # P(action 1), clipped, as the action was drawn with
    reward: float
    # Every action's probability when the study has K >= 3 actions; empty for a binary one.
    probabilities: tuple[float, ...] = ()


@dataclasses.dataclass(frozen=True)
class ObservationColumns:
    """A checked batch as columns: every number finite, actions in 0..K-1, probabilities in
    [0, 1], each vector of length K summing to 1."""

    action: np.ndarray  # (n,)
    probability: np.ndarray  # (n,) P(action 1)
    reward: np.ndarray  # (n,)
    state_values: np.ndarray  # all states' entries, concatenated in batch order
    state_lengths: np.ndarray  # (n,) entries per state
    # (n, K) every action's probability; None when no observation carries a vector (binary).
    vectors: np.ndarray | None

    def state_matrix(self, width: int) -> np.ndarray:
        """States as an (n, width) matrix; refuses a state of any other length."""
        wrong = np.flatnonzero(self.state_lengths != width)
        if len(wrong):
            i = int(wrong[0])
            raise ValueError(
                f"observation {i} has a state of {self.state_lengths[i]} entries, expected {width}"
            )
        return self.state_values.reshape(len(self.state_lengths), width)

    def treatment_probabilities(self) -> np.ndarray:
        """Two actions: (n,) P(action 1), as every binary update has read it. K >= 3:
        (n, K - 1) the probabilities of actions 1..K-1."""
        if self.vectors is None or self.vectors.shape[1] == 2:
            return self.probability
        return self.vectors[:, 1:]


def observation_columns(batch: Sequence[Observation], n_actions: int = 2) -> ObservationColumns:
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
        vectors=None,
    )
    carrying = np.flatnonzero(np.fromiter((len(o.probabilities) for o in batch), np.int64, n))
    _refuse_non_finite(batch, columns, carrying)
    actions = columns.action
    outside = (actions != np.round(actions)) | (actions < 0) | (actions >= n_actions)
    bad_action = np.flatnonzero(outside)
    if len(bad_action):
        i = int(bad_action[0])
        allowed = "0 or 1" if n_actions == 2 else f"0..{n_actions - 1}"
        raise ValueError(f"actions must be {allowed}; observation {i} has {batch[i].action!r}")
    bad_pi = np.flatnonzero((columns.probability < 0.0) | (columns.probability > 1.0))
    if len(bad_pi):
        i = int(bad_pi[0])
        raise ValueError(
            f"probabilities must lie in [0, 1]; observation {i} has {batch[i].probability!r}"
        )
    if n_actions == 2 and not len(carrying):
        return columns  # binary, as every stored binary decision: probability says it all
    return dataclasses.replace(columns, vectors=_vectors(batch, n_actions))


def _vectors(batch: Sequence[Observation], n_actions: int) -> np.ndarray:
    """The (n, K) probability vectors, each checked; an observation of a study with K >= 3
    actions must carry its vector, and its vector's entry 1 is its `probability`."""
    for i, o in enumerate(batch):
        if not o.probabilities and n_actions >= 3:
            raise ValueError(f"observation {i} has no probabilities; {n_actions} actions need them")
        vector = probability_vector(o.probability, o.probabilities)
        where = f"observation {i} has probabilities {o.probabilities!r}"
        if len(vector) != n_actions:
            raise ValueError(f"{where}: {len(vector)} of them, expected {n_actions}")
        if any(not 0.0 <= p <= 1.0 for p in vector):
            raise ValueError(f"{where}: each must lie in [0, 1]")
        if abs(sum(vector) - 1.0) > SUM_TOLERANCE:
            raise ValueError(f"{where}: they must sum to 1")
        if abs(vector[1] - o.probability) > SUM_TOLERANCE:
            raise ValueError(f"{where}: entry 1 must be its probability {o.probability!r}")
    return np.array([probability_vector(o.probability, o.probabilities) for o in batch])


def _refuse_non_finite(
    batch: Sequence[Observation], columns: ObservationColumns, carrying: np.ndarray
) -> None:
    """Name the earliest observation holding a NaN or an infinity, and its field; `carrying`
    are the observations with a probability vector."""
    state_ends = np.cumsum(columns.state_lengths)
    bad_rows = {
        "state": np.searchsorted(
            state_ends, np.flatnonzero(~np.isfinite(columns.state_values)), side="right"
        ),
        "action": np.flatnonzero(~np.isfinite(columns.action)),
        "probability": np.flatnonzero(~np.isfinite(columns.probability)),
        "probabilities": np.array(
            [i for i in carrying if not all(map(math.isfinite, batch[i].probabilities))],
            np.int64,
        ),
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
