"""The science works: on simulated participants with a known state-dependent treatment effect,
the MiWaves algorithms learn whom to treat and earn more reward than flat randomisation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rlaudit.simulation.offline import SimulationResult, run_flat, run_offline
from rlaudit.simulation.world import ALL_STATES, World, WorldConfig
from rldomain.study import Study, load_study

MIWAVES = Path(__file__).resolve().parents[2] / "examples" / "studies" / "miwaves.yaml"
SEEDS = (0, 1)
CUSTOM = WorldConfig(seed=11, effects={(0, 0, 0): 0.3, (1, 0, 1): -0.2, (1, 1, 1): 0.5})
# Small enough to run twice in a blink, long enough for two weekly hyperparameter fits.
SMALL = WorldConfig(participants=12, days=14, enrollment_days=3)
Runs = dict[tuple[str, int], SimulationResult]  # (algorithm, seed) -> result


@pytest.fixture(scope="module")
def study() -> Study:
    return load_study(MIWAVES)


def blr_ts_config(study: Study) -> dict[str, Any]:
    """blr_ts with the MiWaves state, allocation and priors; sigma_u is rebandit's alone."""
    priors = {k: v for k, v in study.algorithm["priors"].items() if k != "sigma_u"}
    return {**study.algorithm, "name": "blr_ts", "priors": priors}


@pytest.fixture(scope="module")
def runs(study: Study) -> Runs:
    """Each seed's default world under rebandit (the study file), blr_ts and flat 0.5."""
    out = {}
    for seed in SEEDS:
        world = WorldConfig(seed=seed)
        out[("rebandit", seed)] = run_offline(study, world)
        out[("blr_ts", seed)] = run_offline(study, world, blr_ts_config(study))
        out[("flat", seed)] = run_flat(study, world)
    return out


@pytest.mark.parametrize("algorithm", ["rebandit", "blr_ts"])
@pytest.mark.parametrize("seed", SEEDS)
def test_learned_policy_treats_positive_effect_states_more_than_every_other_state(
    runs: Runs, algorithm: str, seed: int
) -> None:
    truth = World(WorldConfig(seed=seed))
    by_state = runs[(algorithm, seed)].state_mean_probability
    positive = [p for s, p in by_state.items() if truth.true_effect(s) > 0]
    others = [p for s, p in by_state.items() if truth.true_effect(s) <= 0]
    assert len(positive) == 2 and len(others) >= 4  # the comparison is not vacuous
    assert min(positive) > max(others), by_state


@pytest.mark.parametrize("algorithm", ["rebandit", "blr_ts"])
@pytest.mark.parametrize("seed", SEEDS)
def test_learned_policy_earns_more_reward_than_flat_half_on_the_same_participants(
    runs: Runs, algorithm: str, seed: int
) -> None:
    learned, flat = runs[(algorithm, seed)], runs[("flat", seed)]
    assert [r.participant_id for r in learned.records] == [r.participant_id for r in flat.records]
    assert {r.probability for r in flat.records} == {0.5}
    assert learned.total_reward > flat.total_reward


def test_same_action_in_the_same_state_gives_the_same_outcome_under_every_policy(
    runs: Runs,
) -> None:
    # Common random numbers: only the action (and the state it led to) may change an outcome.
    flat = {(r.participant_id, r.decision_index): r for r in runs[("flat", SEEDS[0])].records}
    matched = 0
    for r in runs[("rebandit", SEEDS[0])].records:
        f = flat[(r.participant_id, r.decision_index)]
        if (f.state, f.action) == (r.state, r.action):
            assert f.reward == r.reward
            matched += 1
    assert matched > len(flat) // 2


def test_same_seed_gives_an_identical_study_and_another_seed_does_not(study: Study) -> None:
    first = run_offline(study, replace(SMALL, seed=7))
    again = run_offline(study, replace(SMALL, seed=7))
    other = run_offline(study, replace(SMALL, seed=8))
    assert first.records == again.records
    assert first.cumulative_reward == again.cumulative_reward
    assert first.final_params.keys() == again.final_params.keys()
    for key, value in first.final_params.items():
        np.testing.assert_array_equal(value, again.final_params[key])
    assert "accepted" in str(first.final_params["hyper_status"])  # the weekly fit ran
    assert first.records != other.records


def test_clip_bounds_hold_even_where_the_allocation_would_cross_them(study: Study) -> None:
    # A full-range allocation would go below 0.3 and above 0.7; the clip must stop it.
    wide = {**study.algorithm, "allocation": {"l_min": 0.0, "l_max": 1.0, "b": 20.0, "c": 5}}
    wide["clip"] = {"low": 0.3, "high": 0.7}
    result = run_offline(study, replace(SMALL, seed=3), wide)
    probabilities = np.array([r.probability for r in result.records])
    assert probabilities.min() == pytest.approx(0.3) and probabilities.max() == pytest.approx(0.7)
    assert np.all((probabilities >= 0.3) & (probabilities <= 0.7))


@pytest.mark.parametrize("config", [WorldConfig(seed=11), CUSTOM], ids=["default", "custom"])
def test_world_true_effect_per_state_is_the_configured_one_empirically(
    config: WorldConfig, study: Study
) -> None:
    world, n = World(config), 10_000
    for state in ALL_STATES:
        s = tuple(float(v) for v in state)
        configured = config.effects.get(state, 0.0)
        assert world.true_effect(s) == configured
        # The same generator seed for both actions: the difference is the action's alone.
        rngs = [np.random.default_rng([11, *state]) for _ in (0, 1)]
        gains = [
            (study.reward_of(world.outcome("p000", i, s, 1, rngs[1])) or 0.0)
            - (study.reward_of(world.outcome("p000", i, s, 0, rngs[0])) or 0.0)
            for i in range(n)
        ]
        assert float(np.mean(gains)) == pytest.approx(configured, abs=0.04), state


def test_world_rejects_an_effect_no_finishing_probability_can_produce() -> None:
    with pytest.raises(ValueError, match="not reachable"):
        World(WorldConfig(effects={(1, 1, 0): 1.5}))


def test_request_fields_report_the_previous_outcome() -> None:
    world = World(WorldConfig(seed=5))
    rng = np.random.default_rng(0)
    answers = world.outcome("p001", 4, (1.0, 0.0, 0.0), 1, rng)
    assert world.fields("p001", 5, rng) == answers
    first = world.fields("p001", 0, rng)  # nothing before: an untreated survey
    assert set(first) == set(answers)


def test_participants_decide_from_enrollment_until_their_dropout_day(study: Study) -> None:
    config = replace(SMALL, seed=2, dropout_hazard=0.1)
    world, result = World(config), run_offline(study, config)
    assert any((p.dropout_day or config.days) < config.days for p in world.participants)
    for p in world.participants:
        days = {r.day - p.start_day for r in result.records if r.participant_id == p.id}
        expected = min(config.days, p.dropout_day or config.days)
        assert days == set(range(expected)), p
