"""Checking the estimators' inputs on entry: a NaN or a misaligned array would otherwise come
out as a plausible-looking estimate."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
Vector = npt.ArrayLike  # validated and converted to float arrays on entry


def as_checked_array(name: str, x: Vector, n: int | None = None, ndim: int = 1) -> Array:
    v = np.asarray(x, dtype=np.float64)
    if v.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {v.shape}")
    if v.size == 0:
        raise ValueError(f"{name} is empty")
    if n is not None and v.shape[0] != n:
        raise ValueError(f"{name} has {v.shape[0]} rows, expected {n}")
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} contains NaN or infinity")
    return v
