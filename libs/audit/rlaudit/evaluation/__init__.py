"""Off-policy evaluation: the mean reward per decision a candidate policy would have earned,
estimated from logged micro-randomized decisions (IPW, self-normalized IPW, doubly robust)."""

from __future__ import annotations

from .estimators import Estimate, doubly_robust, evaluate, ipw, snipw
from .outcome_model import cross_fit_q, fit_outcome_model
from .weights import importance_weights

__all__ = [
    "Estimate",
    "cross_fit_q",
    "doubly_robust",
    "evaluate",
    "fit_outcome_model",
    "importance_weights",
    "ipw",
    "snipw",
]
