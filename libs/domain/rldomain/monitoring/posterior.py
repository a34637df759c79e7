"""The posterior sanity gate: what the trainer checks of a fitted posterior before it writes it
as a new policy version. A refused posterior is never served: the current version stays, the
refusal is recorded with its provenance, and the `posterior_sanity` check turns red.

What a refusal means, per Gaussian the algorithm keeps (GAUSSIANS: the mean and covariance
decisions are drawn from; blr_ts's posterior, rebandit's population posterior):
- not finite: a NaN or an infinity in any array of the params;
- not symmetric positive definite: any covariance (`*cov`, a stack of them too) that is not
  symmetric or has no Cholesky factor;
- blown up against the prior: the covariance's largest eigenvalue above `variance_ratio` times
  the prior's, or a coordinate of the mean more than `mean_sds` prior standard deviations from
  the prior mean. Bayesian linear regression only shrinks the covariance, so a grown one is a
  numerical failure or a hyperparameter fit gone wrong; a mean that far out is data on the wrong
  scale (a reward in the wrong unit) or collinear features."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

# (mean, covariance) keys per algorithm; an algorithm not named (flat) has no posterior.
GAUSSIANS: dict[str, tuple[tuple[str, str], ...]] = {
    "blr_ts": (("mean", "cov"),),
    "rebandit": (("pop_mean", "pop_cov"),),
}


class PosteriorGate(BaseModel):
    """A study's limits (`monitoring: {posterior: {variance_ratio: 10, mean_sds: 1000}}`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    variance_ratio: float = Field(default=10.0, gt=1)
    mean_sds: float = Field(default=1000.0, gt=0)


def refusal(params: Mapping[str, Any], prior: Mapping[str, Any], gate: PosteriorGate) -> str | None:
    """Why `params` must not be published (ids and numbers only), or None: they pass."""
    arrays = {k: v for k, v in params.items() if isinstance(v, np.ndarray) and v.dtype.kind == "f"}
    for key, value in arrays.items():
        if not np.all(np.isfinite(value)):
            return f"not finite: {key}"
    for key, value in arrays.items():
        if key.endswith("cov") and not _spd(value):
            return f"not symmetric positive definite: {key}"
    for mean_key, cov_key in GAUSSIANS.get(str(params.get("algorithm")), ()):
        cov, cov0 = params[cov_key], prior[cov_key]
        ratio = float(np.linalg.eigvalsh(cov)[-1] / np.linalg.eigvalsh(cov0)[-1])
        if ratio > gate.variance_ratio:
            return (
                f"blown up: {cov_key}'s largest eigenvalue is {ratio:.3g} x the prior's "
                f"(limit {gate.variance_ratio:g})"
            )
        sds = float(np.max(np.abs(params[mean_key] - prior[mean_key]) / np.sqrt(np.diag(cov0))))
        if sds > gate.mean_sds:
            return (
                f"blown up: {mean_key} lies {sds:.3g} prior standard deviations from the prior "
                f"mean (limit {gate.mean_sds:g})"
            )
    return None


def _spd(cov: np.ndarray) -> bool:
    """Symmetric (to rounding) with a Cholesky factor; a stack (..., k, k) in every member."""
    scale = max(float(np.max(np.abs(cov), initial=0.0)), 1e-300)
    if not np.allclose(cov, np.swapaxes(cov, -1, -2), rtol=1e-8, atol=1e-12 * scale):
        return False
    try:
        np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        return False
    return True
