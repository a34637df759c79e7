"""The posterior of the advantages that the distribution view shows is the one the decision's
probability comes from: fed to the study's allocation, it gives that probability back."""

from __future__ import annotations

import numpy as np
import pytest

from rldomain.advantage import advantages
from rldomain.algorithms.allocation import clipped_probability
from rldomain.deciding import action_probabilities
from rldomain.policy import Policy
from rldomain.study import Study, load_studies
from rlkernel.settings import Settings

STUDIES = load_studies(Settings(_env_file=None).studies_dir)


def moved(study: Study) -> Policy:
    """The priors with every coefficient's mean shifted, so the advantage is not 0."""
    params = study.policy.initial_params()
    for key in ("mean", "pop_mean"):
        if key in params:
            params[key] = params[key] + 0.3
    return Policy(study.id, 2, study.policy.name, params)


@pytest.mark.parametrize("study_id", ["miwaves", "heartsteps", "oralytics"])
def test_a_binary_studys_advantage_gives_back_its_probability(study_id: str) -> None:
    study = STUDIES[study_id]
    policy = moved(study)
    state = list(np.linspace(0.2, 1.0, study.states.state_dim))
    found = advantages(study, policy, state, "someone")
    assert found is not None
    [(mean,), (sd,)] = found
    assert mean != pytest.approx(0.0) and sd > 0
    p = study.clipped(clipped_probability(mean, sd**2, study.policy.allocation))
    assert p == pytest.approx(action_probabilities(study, policy, state, "someone")[1])


def test_each_action_but_the_first_has_an_advantage_and_a_flat_policy_none() -> None:
    three = STUDIES["three_messages"]
    means, sds = advantages(three, moved(three), [0.5] * three.states.state_dim, "") or ((), ())
    assert len(means) == len(sds) == 2 and min(sds) > 0
    flat = STUDIES["justin"]
    state = [0.5] * flat.states.state_dim
    assert advantages(flat, moved(flat), state, "") is None
