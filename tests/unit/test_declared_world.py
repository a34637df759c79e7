"""The world a study file declares (`simulation:`): deterministic, the same luck for every policy,
and its treatment effects are the ones the file writes, in expectation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from pydantic import ValidationError

from rlaudit.simulation.declared_world import DeclaredWorld
from rlaudit.simulation.uniform import uniform_rewards
from rldomain.declared import context_problems
from rldomain.schedule import Schedule
from rldomain.simulation_world import Draw, SimulationWorld
from rldomain.study import Study, load_studies
from rlservice.live_simulation.native_backend import daily_times

STUDIES = Path(__file__).resolve().parents[2] / "examples" / "studies"
DRAWS = 4000  # participant-decisions per expectation; standard errors below are for this many

STUDY = """
id: toy
name: toy
actions: [none, small, big]
context:
  busy: {type: bool}
  hour: {type: int}
  last_score: {type: float}
reward: "outcome.score + (1 if outcome.clicked else 0)"
state: {busy: "busy"}
features: ["1", "busy"]
schedule: {kind: daily, windows: 2, times: [900, 1800], days: 5}
fallback: {probabilities: [0.4, 0.3, 0.3]}
algorithm: {name: blr_ts}
simulation:
  context:
    busy: {bernoulli: 0.5}
    hour: {uniform_int: [8, 20]}
    last_score: {from_outcome: score, initial: 5}
  outcome:
    score:
      normal: [5, 2]
      effect: [0, 1, 2]
      effect_when: {"busy": [1, 0.5, -1], "slot == 1": 2}
    clicked: {bernoulli: 0.3, effect: [0, 0.1, 0.2]}
"""


def toy(seed: int = 0, participants: int = 3, **changes: Any) -> DeclaredWorld:
    config = {**yaml.safe_load(STUDY), **changes}
    study = Study.model_validate(config)
    return DeclaredWorld(study, participants=participants, days=5, enrollment_days=2, seed=seed)


def play(world: DeclaredWorld, action: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every participant's first ten decisions under one action: (context, outcome) each."""
    out = []
    for p in world.participants:
        for index in range(10):
            context = world.context(p.id, index)
            out.append((context, world.outcome(p.id, index, context, action)))
    return out


def test_the_same_seed_gives_the_same_world_and_another_seed_another() -> None:
    assert play(toy(7), 1) == play(toy(7), 1)
    assert play(toy(7), 1) != play(toy(8), 1)
    assert [p.start_day for p in toy(7).participants] == [p.start_day for p in toy(7).participants]


def test_actions_move_only_the_fields_they_have_an_effect_on_and_by_exactly_it() -> None:
    """Common random numbers: the same normal draw under every action, shifted by the effect."""
    world = toy(3)
    context = world.context("p0", 0)
    context["busy"], index = False, 0  # slot 0, not busy: the plain effect
    scores = [world.outcome("p0", index, context, a)["score"] for a in range(3)]
    assert scores[1] - scores[0] == pytest.approx(1.0)
    assert scores[2] - scores[0] == pytest.approx(2.0)


def test_a_context_field_from_the_outcome_repeats_the_window_before() -> None:
    world = toy(1)
    first = world.context("p0", 0)
    assert first["last_score"] == 5  # the initial value
    outcome = world.outcome("p0", 0, first, 0)
    assert world.context("p0", 1)["last_score"] == outcome["score"]
    assert 8 <= first["hour"] <= 20 and isinstance(first["busy"], bool)


@pytest.mark.parametrize(
    ("busy", "index", "expected"),
    [
        (False, 0, (0.0, 1.0, 2.0)),
        (True, 0, (0.0, 0.5, -2.0)),  # per-action multipliers
        (False, 1, (0.0, 2.0, 4.0)),  # the evening slot doubles every effect
        (True, 3, (0.0, 1.0, -4.0)),  # both hold: the multipliers multiply
    ],
)
def test_the_effect_in_a_context_is_the_files_effect_times_the_multipliers_that_hold(
    busy: bool, index: int, expected: tuple[float, ...]
) -> None:
    world = toy()
    context = {"busy": busy, "hour": 9, "last_score": 5.0}
    assert tuple(world.effect("score", context, index, a) for a in range(3)) == expected


def test_in_expectation_each_action_adds_its_effect_to_a_mean_and_to_a_probability() -> None:
    """Over DRAWS participant-decisions per action, against what the file says: busy half the
    time, evening half the time, so action 1 adds 1 * E[multipliers] = 1 * 0.75 * 1.5 = 1.125 to
    the mean score and action 2 adds 2 * (0.5 * 1 + 0.5 * -1) * 1.5 = 0. Tolerance 0.2: four
    standard errors of the mean effect over the contexts met (sd of action 2's effect ~3.2,
    / sqrt(DRAWS) ~0.05). P(clicked) moves by 0.1 per action step: tolerance 0.03, four
    standard errors of the share of draws the effect tips (at most sqrt(0.2 * 0.8 / DRAWS))."""
    runs = {a: play(toy(5, participants=DRAWS // 10), a) for a in range(3)}

    def mean(action: int, field: str) -> float:
        return float(np.mean([float(o[field]) for _, o in runs[action]]))

    assert mean(0, "score") == pytest.approx(5.0, abs=4 * 2 / np.sqrt(DRAWS))
    assert mean(0, "clicked") == pytest.approx(0.3, abs=4 * np.sqrt(0.21 / DRAWS))
    for action, effect in ((1, 1.125), (2, 0.0)):
        assert mean(action, "score") - mean(0, "score") == pytest.approx(effect, abs=0.2)
        assert mean(action, "clicked") - mean(0, "clicked") == pytest.approx(0.1 * action, abs=0.03)


def test_the_reward_is_the_studys_own_expression_over_the_record() -> None:
    world = toy()
    assert world.reward({}, 2, {"score": 4.0, "clicked": True}) == 5.0
    assert world.reward({}, 0, {"score": 4.0, "clicked": False}) == 4.0


def test_the_uniform_baseline_is_reproducible_and_takes_every_action() -> None:
    first = uniform_rewards(lambda: toy(2), 2, 6)
    assert first == uniform_rewards(lambda: toy(2), 2, 6)
    assert len(first) == 6 and first[-1] > 0


def test_effects_must_give_one_number_per_action() -> None:
    config = yaml.safe_load(STUDY)
    config["simulation"]["outcome"]["clicked"]["effect"] = [0, 0.1]
    with pytest.raises(ValueError, match="one number per action"):
        DeclaredWorld(
            Study.model_validate(config), participants=1, days=1, enrollment_days=1, seed=0
        )


@pytest.mark.parametrize(
    "draw",
    [
        {},  # no distribution
        {"bernoulli": 0.5, "normal": [0, 1]},  # two
        {"choice": ["a", "b"], "effect": [0, 1]},  # an effect on a choice
        {"from_outcome": "x"},  # no initial value
        {"normal": [0, 1], "effect_when": {"x": 2}},  # a multiplier of no effect
        {"normal": [0, 1], "effect": [0, 1], "effect_when": {"x": [1, 2, 3]}},
    ],
)
def test_a_field_declares_one_sound_distribution(draw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Draw.model_validate(draw)


@pytest.mark.parametrize(
    ("context", "effect_when", "problem"),
    [
        ({"x": {"from_outcome": "nope", "initial": 0}}, {}, "repeats no outcome field"),
        ({"x": {"bernoulli": 0.5}}, {"y > 1": 2}, "unknown name 'y'"),  # sees the context only
        ({"x": {"bernoulli": 0.5}}, {"x and": 2}, "not a valid expression"),
    ],
)
def test_a_world_refuses_fields_and_conditions_that_name_nothing_it_has(
    context: dict[str, Any], effect_when: dict[str, Any], problem: str
) -> None:
    outcome = {"y": {"normal": [0, 1], "effect": [0, 1], "effect_when": effect_when}}
    with pytest.raises(ValidationError, match=problem):
        SimulationWorld.model_validate({"context": context, "outcome": outcome})


def test_every_example_study_that_declares_a_world_can_be_played() -> None:
    """Each world draws contexts the study accepts and outcomes its reward reads."""
    declared = [s for s in load_studies(STUDIES).values() if s.simulation is not None]
    assert {s.id for s in declared} >= {"oralytics", "heartsteps", "three_messages"}
    for study in declared:
        world = DeclaredWorld(study, participants=2, days=2, enrollment_days=1, seed=0)
        for index in range(3):
            context = world.context("p0", index)
            sent = json.loads(json.dumps(context))  # as the request carries it
            assert not context_problems(study.id, study.context, sent), (study.id, context)
            state = study.state_of(context, [1.0, 2.0], index)
            assert len(state) == len(study.state)
            for action in range(study.n_actions):
                outcome = world.outcome("p0", index, context, action)
                assert np.isfinite(world.reward(context, action, outcome))


@pytest.mark.parametrize(
    ("schedule", "times"),
    [
        ({"kind": "daily", "windows": 2, "times": ["07:00", "19:00"]}, (700, 1900)),
        ({"kind": "daily", "windows": 5, "times": "participant"}, (800, 1100, 1400, 1700, 2000)),
        ({"kind": "daily", "windows": 3, "times": "participant"}, (800, 1400, 2000)),
        ({"kind": "daily", "windows": 1, "times": "participant"}, (800,)),
    ],
)
def test_the_simulated_backend_asks_at_the_studys_times_or_spreads_its_own(
    schedule: dict[str, Any], times: tuple[int, ...]
) -> None:
    assert daily_times(Schedule.model_validate(schedule)) == times
