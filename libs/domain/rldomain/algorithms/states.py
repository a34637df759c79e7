"""A study's state space as its algorithm sees it: named state entries and the features built
from them.

The state tuple is what gets stored with each decision, so it stays small and readable
(MiWaves: (s1, s2, s3)); the features are recomputed from it whenever needed, by expressions
over the state's names that the study file declares (rldomain.expressions), compiled over numpy
columns: the trainer builds them for up to a million rows at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from rldomain.expressions import CompiledColumns, compile_columns


class DeclaredStateSpace:
    """`features` default to the state entries themselves."""

    def __init__(self, names: Sequence[str], features: Sequence[str] | None = None) -> None:
        self.names = tuple(names)
        self.feature_texts = tuple(features) if features is not None else self.names
        if not self.names or not self.feature_texts:
            raise ValueError("a state needs at least one entry and one feature")
        self._features: list[CompiledColumns] = [
            compile_columns(text, f"features[{i}]", self.names)
            for i, text in enumerate(self.feature_texts)
        ]
        self.state_dim, self.feature_dim = len(self.names), len(self.feature_texts)

    def features(self, state: Sequence[float]) -> np.ndarray:
        if len(state) != self.state_dim:
            raise ValueError(f"state has {len(state)} entries, expected {self.state_dim}")
        # The same closures as feature_matrix's, on floats instead of columns: the same IEEE
        # arithmetic, so the same numbers, at a tenth of the cost on the action path.
        values = {name: float(v) for name, v in zip(self.names, state, strict=True)}
        with np.errstate(all="ignore"):  # a division by zero shows as inf, refused below
            row = np.array([feature(values) for feature in self._features], dtype=np.float64)
        if not np.all(np.isfinite(row)):
            bad = int(np.flatnonzero(~np.isfinite(row))[0])
            raise ValueError(f"feature {bad} ({self.feature_texts[bad]}) is not a finite number")
        return row

    def feature_matrix(self, states: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """Row-wise features of many states; refused if any comes out NaN or infinite."""
        raw = np.asarray(states, dtype=np.float64).reshape(len(states), -1)
        if raw.shape[1] != self.state_dim:
            raise ValueError(f"states have {raw.shape[1]} entries, expected {self.state_dim}")
        columns = {name: raw[:, i] for i, name in enumerate(self.names)}
        out = np.empty((raw.shape[0], self.feature_dim))
        with np.errstate(all="ignore"):  # a division by zero shows as inf, refused below
            for j, feature in enumerate(self._features):
                out[:, j] = feature(columns)
        if not np.all(np.isfinite(out)):
            bad = int(np.flatnonzero(~np.all(np.isfinite(out), axis=0))[0])
            raise ValueError(f"feature {bad} ({self.feature_texts[bad]}) is not a finite number")
        return out


# MiWaves' features, as examples/studies/miwaves.yaml declares them.
MIWAVES = DeclaredStateSpace(
    ("s1", "s2", "s3"), ["1", "s1", "s2", "s3", "s1 * s2", "s1 * s3", "s2 * s3", "s1 * s2 * s3"]
)


class StateBuilder(DeclaredStateSpace):
    """The states of an algorithm built without a study (tests, benchmarks), from its config:
    `state: miwaves` (MiWaves' three entries and eight features) or `state: context` with
    `context_fields` (an intercept and those fields, the features being the state)."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.kind = str(config.get("state", "context"))
        if self.kind == "miwaves":
            super().__init__(MIWAVES.names, MIWAVES.feature_texts)
        elif self.kind == "context":
            fields = tuple(str(f) for f in config.get("context_fields") or ())
            super().__init__(("intercept", *fields))
        else:
            raise ValueError(f"unknown state builder {self.kind!r}; use 'miwaves' or 'context'")


def miwaves_features(state: Sequence[float]) -> np.ndarray:
    return MIWAVES.features(state)
