"""State builders: request context -> state tuple -> feature vector.

The state tuple is what gets stored with each decision, so it stays small and readable
(MiWaves: (s1, s2, s3)); the feature expansion is recomputed from it whenever needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

ENGAGEMENT_THRESHOLD = 2.0  # MiWaves: a reward of 2 or more counts as engaged
_NOT_REPORTED = ("NA", "na", "", None)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _NOT_REPORTED)


def _current_reward(context: Mapping[str, Any]) -> float | None:
    value: Any = context.get("reward")
    return None if _is_missing(value) else float(value)


def _no_cannabis_use_reported(value: Any) -> bool:
    """True only for an actual report of zero use; missing, "NA" or empty is not a report."""
    if _is_missing(value):
        return False
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"cannabis_use must be a list of 0/1 or 'NA', got {value!r}")
    hours = [h for h in value if not _is_missing(h)]
    if any(float(h) not in (0.0, 1.0) for h in hours):
        raise ValueError(f"cannabis_use entries must be 0 or 1, got {value!r}")
    return len(hours) > 0 and all(float(h) == 0.0 for h in hours)


def miwaves_state(
    context: Mapping[str, Any], recent_rewards: Sequence[float]
) -> tuple[float, float, float]:
    """(S1 engagement, S2 time of day, S3 no cannabis use and engaged now) as in MiWaves."""
    current = _current_reward(context)
    window = [float(r) for r in recent_rewards[-2:]] + ([current] if current is not None else [])
    # With no reward at all there is no evidence of engagement, so S1 = 0.
    s1 = 1.0 if window and sum(window) / len(window) >= ENGAGEMENT_THRESHOLD else 0.0
    tod = context.get("time_of_day")
    if isinstance(tod, bool) or tod not in (0, 1):
        raise ValueError(f"time_of_day must be 0 (morning) or 1 (evening), got {tod!r}")
    s2 = float(tod)
    engaged_now = current is not None and current >= ENGAGEMENT_THRESHOLD
    s3 = 1.0 if engaged_now and _no_cannabis_use_reported(context.get("cannabis_use")) else 0.0
    return (s1, s2, s3)


def miwaves_features(state: Sequence[float]) -> np.ndarray:
    s1, s2, s3 = (float(v) for v in state)
    return np.array([1.0, s1, s2, s3, s1 * s2, s1 * s3, s2 * s3, s1 * s2 * s3])


class StateBuilder:
    """Configured by the study's `state:` ("miwaves" or "context") and `context_fields:`."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.kind: str = str(config.get("state", "context"))
        self.fields: tuple[str, ...] = tuple(str(f) for f in config.get("context_fields") or ())
        if self.kind == "miwaves":
            self.state_dim, self.feature_dim = 3, 8
        elif self.kind == "context":
            self.state_dim = self.feature_dim = 1 + len(self.fields)
        else:
            raise ValueError(f"unknown state builder {self.kind!r}; use 'miwaves' or 'context'")

    def build(
        self, context: Mapping[str, Any], recent_rewards: Sequence[float]
    ) -> tuple[float, ...]:
        if self.kind == "miwaves":
            return miwaves_state(context, recent_rewards)
        missing = [f for f in self.fields if _is_missing(context.get(f))]
        if missing:
            raise ValueError(f"context lacks numeric fields {missing}")
        # The leading 1 is the intercept, so the state is already the feature vector.
        return (1.0, *(float(context[f]) for f in self.fields))

    def features(self, state: Sequence[float]) -> np.ndarray:
        if len(state) != self.state_dim:
            raise ValueError(f"state has {len(state)} entries, expected {self.state_dim}")
        if self.kind == "miwaves":
            return miwaves_features(state)
        return np.asarray(state, dtype=np.float64)

    def feature_matrix(self, states: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """Row-wise features of many states, vectorised because batches can be huge."""
        raw = np.asarray(states, dtype=np.float64).reshape(len(states), -1)
        if raw.shape[1] != self.state_dim:
            raise ValueError(f"states have {raw.shape[1]} entries, expected {self.state_dim}")
        if self.kind == "context":
            return raw
        s1, s2, s3 = raw[:, 0], raw[:, 1], raw[:, 2]
        ones = np.ones_like(s1)
        return np.stack([ones, s1, s2, s3, s1 * s2, s1 * s3, s2 * s3, s1 * s2 * s3], axis=1)
