"""The treatment effect per MiWaves state as a policy estimates it, to set beside the world's
true effects: the measure of whether the live policy learned the right thing."""

from __future__ import annotations

from functools import cache
from itertools import product
from typing import Any

import numpy as np

from rldomain.study import Study, load_study
from rlkernel.settings import Settings

STATES = [tuple(float(x) for x in s) for s in product((0, 1), repeat=3)]


@cache
def miwaves_study() -> Study:
    """The shipped MiWaves study: its state, features and reward are what the live run plays."""
    return load_study(Settings().studies_dir / "miwaves.yaml")


def estimated_effects(params: dict[str, Any]) -> dict[str, float]:
    """Posterior mean of the advantage (the treatment effect) per MiWaves state."""
    mean = params.get("pop_mean", params.get("mean"))
    if mean is None:  # a flat policy estimates nothing
        return {str(s): 0.0 for s in STATES}
    mean = np.asarray(mean)
    d = mean.shape[0] // 3
    return {str(s): float(mean[2 * d :] @ miwaves_study().states.features(s)) for s in STATES}
