"""When a re-derived value counts as the logged one: floats within a tolerance far below anything
a decision turns on, so last-bit differences of floating-point arithmetic are not reported as
tampering; everything else exactly equal."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def same_decision_field(logged: Any, derived: Any) -> bool:
    if isinstance(logged, float):
        return math.isclose(logged, derived, rel_tol=0, abs_tol=1e-12)
    if isinstance(logged, list) and isinstance(derived, list):  # a state, every probability
        return len(logged) == len(derived) and all(map(same_decision_field, logged, derived))
    return bool(logged == derived)


def same_params(a: Any, b: Any) -> bool:
    """Policy parameters (arrays, nested dicts, numbers) equal up to floating-point noise."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if a.dtype.kind in "fc" and b.dtype.kind in "fc":
            return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))
        return bool(np.array_equal(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_params(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)
