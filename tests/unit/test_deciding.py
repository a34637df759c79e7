"""One derivation of a decision, for serving and replay: the state, the probability of each
action (warm-up, policy or fallback) and the action drawn with the slot's seed."""

from __future__ import annotations

from typing import Any

import pytest

from rldomain.algorithms import draw_action
from rldomain.deciding import derive, derive_fallback
from rldomain.policy import Policy
from rldomain.study import Study, load_studies
from rlkernel.settings import Settings

SEEDS = range(0, 2**62, 2**62 // 40)
CONTEXT = {
    "finished_ema": True,
    "activity_question_response": True,
    "app_use_flag": False,
    "cannabis_use": [0],
}


@pytest.fixture(scope="module")
def miwaves() -> Study:
    return load_studies(Settings().studies_dir)["miwaves"]


def initial(study: Study) -> Policy:
    return Policy(study.id, 1, str(study.algorithm["name"]), study.policy.initial_params())


def with_changes(study: Study, **changes: Any) -> Study:
    return Study.model_validate({**study.model_dump(exclude_none=True), **changes})


def test_a_binary_decision_draws_p_of_action_1_as_stored_decisions_were_drawn(
    miwaves: Study,
) -> None:
    for seed in SEEDS:
        d = derive(miwaves, initial(miwaves), "p1", 3, CONTEXT, [3.0, 3.0], seed)
        assert d.state == (1.0, 1.0, 1.0)
        p = miwaves.clipped(miwaves.policy.probability(initial(miwaves).params, d.state, "p1"))
        assert d.probabilities == (1.0 - p, p) and d.probability == p
        assert d.action == draw_action(p, seed)


def test_a_slot_in_the_warm_up_gets_its_allocation_and_still_its_state(miwaves: Study) -> None:
    study = with_changes(miwaves, warmup={"decisions": 4, "probabilities": [0.75, 0.25]})
    policy = initial(study)
    inside = derive(study, policy, "p1", 3, CONTEXT, [], 5)
    assert inside.probabilities == (0.75, 0.25) and inside.state == (1.0, 1.0, 1.0)
    after = derive(study, policy, "p1", 4, CONTEXT, [], 5)
    assert after.probabilities == derive(miwaves, policy, "p1", 4, CONTEXT, [], 5).probabilities
    assert after.probabilities != (0.75, 0.25)


def test_a_request_that_makes_no_state_is_a_value_error_for_the_caller_to_fall_back(
    miwaves: Study,
) -> None:
    with pytest.raises(ValueError, match=r"state\.s3"):
        derive(miwaves, initial(miwaves), "p1", 0, {**CONTEXT, "cannabis_use": [3]}, [], 5)


def test_the_fallback_is_clipped_and_drawn_with_the_slot_seed(miwaves: Study) -> None:
    eager = miwaves.model_copy(update={"fallback_probability": 0.95})  # past the 0.8 bound
    for seed in SEEDS:
        d = derive_fallback(eager, seed)
        assert (d.state, d.probabilities) == ((), (1.0 - 0.8, 0.8))
        assert d.action == draw_action(0.8, seed)


def test_three_actions_take_a_fallback_vector(miwaves: Study) -> None:
    study = with_changes(
        miwaves,
        actions=["none", "short", "long"],
        fallback={"probabilities": [0.5, 0.25, 0.25]},
        fallback_probability=None,
        algorithm={"name": "flat", "clip": {"low": 0.1}},
    )
    assert study.n_actions == 3 and study.policy.n_actions == 3
    warm = with_changes(study, warmup={"decisions": 2, "probabilities": [0.2, 0.3, 0.5]})
    assert derive(warm, initial(warm), "p1", 1, CONTEXT, [], 5).probabilities == (0.2, 0.3, 0.5)
    with pytest.raises(ValueError, match=r"at least clip\.low"):
        with_changes(study, warmup={"decisions": 2, "probabilities": [0.05, 0.45, 0.5]})
    drawn = {derive_fallback(study, seed).action for seed in SEEDS}
    assert drawn == {0, 1, 2}
    assert derive_fallback(study, 5).probabilities == (0.5, 0.25, 0.25)
