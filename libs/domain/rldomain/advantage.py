"""The posterior of the advantages in a state: for each action k = 1..K-1, the mean and standard
deviation of its expected reward over action 0's, as a version's parameters hold them. What the
allocation turns into probabilities (algorithms/allocation.py), shown beside them by the
dashboard's distribution view.

Here rather than a method of the algorithms: rldomain.policy.code_version() hashes the
algorithms' files, and a view must not change what every stored version says it was fit by.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rldomain.algorithms import BlrTs, ReBandit
from rldomain.algorithms.linear import advantage_block, advantage_posterior
from rldomain.policy import Policy
from rldomain.study import Study


def advantages(
    study: Study, policy: Policy, state: Sequence[float], participant_id: str
) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """(means, standard deviations) of the K - 1 advantages; None for a policy without a
    posterior (flat). A random-effects policy's are the participant's own, or the population's
    widened by the between-participant variance for one it never updated on."""
    algorithm = study.policy
    if isinstance(algorithm, BlrTs):
        algorithm.check(policy.params)
        mean, cov = policy.params["mean"], policy.params["cov"]
    elif isinstance(algorithm, ReBandit):
        mean, cov = algorithm.participant_posterior(policy.params, participant_id)
    else:
        return None
    block = advantage_block(study.n_actions, algorithm.states.feature_dim)
    features = algorithm.states.features(state)
    mu, sigma = advantage_posterior(mean[block], cov[block, block], features)
    sd = np.sqrt(np.clip(np.diag(sigma), 0.0, None))  # rounding can make a variance -1e-18
    return tuple(float(m) for m in mu), tuple(float(s) for s in sd)
