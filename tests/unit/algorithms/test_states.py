from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from rldomain.algorithms import ALGORITHMS, get_algorithm
from rldomain.algorithms.states import StateBuilder, miwaves_features, miwaves_state


def ctx(reward: Any = 0, time_of_day: int = 0, cannabis_use: Any = "NA") -> dict[str, Any]:
    return {"reward": reward, "time_of_day": time_of_day, "cannabis_use": cannabis_use}


def test_engagement_averages_the_last_two_previous_rewards_and_the_current_one() -> None:
    # Older rewards (0, 0) must be ignored: mean(3, 3, 0) = 2 meets the threshold exactly.
    assert miwaves_state(ctx(reward=0), [0.0, 0.0, 3.0, 3.0])[0] == 1.0
    assert miwaves_state(ctx(reward=0), [3.0, 3.0, 0.0, 3.0])[0] == 0.0


def test_engagement_uses_whatever_rewards_exist_early_in_the_study() -> None:
    assert miwaves_state(ctx(reward=2), [])[0] == 1.0
    assert miwaves_state(ctx(reward=1.9), [])[0] == 0.0
    assert miwaves_state(ctx(reward=1), [3.0])[0] == 1.0
    assert miwaves_state(ctx(reward="NA"), [])[0] == 0.0


def test_time_of_day_is_the_second_state_and_must_be_zero_or_one() -> None:
    assert miwaves_state(ctx(time_of_day=1), [])[1] == 1.0
    assert miwaves_state(ctx(time_of_day=0), [])[1] == 0.0
    with pytest.raises(ValueError, match="time_of_day"):
        miwaves_state(ctx(time_of_day=2), [])
    with pytest.raises(ValueError, match="time_of_day"):
        miwaves_state({"reward": 1}, [])


@pytest.mark.parametrize(
    ("reward", "cannabis_use", "s3"),
    [
        (2, [0, 0, 0], 1.0),  # reported no use and engaged now
        (3, [0, "NA", 0], 1.0),  # unanswered hours do not count as use
        (2, [0, 1, 0], 0.0),  # some use reported
        (1, [0, 0], 0.0),  # no use, but the current reward is below 2
        (2, "NA", 0.0),  # not reported
        (2, None, 0.0),
        (2, [], 0.0),  # an empty report is no report
        (2, ["NA", "NA"], 0.0),
    ],
)
def test_s3_needs_a_report_of_no_use_and_a_current_reward_of_two(
    reward: float, cannabis_use: Any, s3: float
) -> None:
    assert miwaves_state(ctx(reward=reward, cannabis_use=cannabis_use), [])[2] == s3


def test_missing_cannabis_field_counts_as_not_reported() -> None:
    assert miwaves_state({"reward": 3, "time_of_day": 1}, [3.0, 3.0]) == (1.0, 1.0, 0.0)


def test_cannabis_use_rejects_values_other_than_zero_or_one() -> None:
    with pytest.raises(ValueError, match="cannabis_use"):
        miwaves_state(ctx(reward=2, cannabis_use=[0, 2]), [])


def test_miwaves_features_expand_all_interactions() -> None:
    assert miwaves_features((1.0, 1.0, 0.0)).tolist() == [1, 1, 1, 0, 1, 0, 0, 0]
    assert miwaves_features((1.0, 1.0, 1.0)).tolist() == [1.0] * 8


def test_context_builder_prepends_an_intercept_in_configured_order() -> None:
    builder = StateBuilder({"state": "context", "context_fields": ["temperature", "steps"]})
    state = builder.build({"steps": 120, "temperature": 21.5, "other": "x"}, [])
    assert state == (1.0, 21.5, 120.0)
    assert np.array_equal(builder.features(state), [1.0, 21.5, 120.0])
    with pytest.raises(ValueError, match="steps"):
        builder.build({"temperature": 20.0}, [])


def test_every_algorithm_builds_both_kinds_of_state() -> None:
    for name in ALGORITHMS:
        miwaves = get_algorithm(name, {"state": "miwaves"})
        assert miwaves.state(ctx(reward=3, cannabis_use=[0]), [3.0]) == (1.0, 0.0, 1.0)
        context = get_algorithm(name, {"state": "context", "context_fields": ["temperature"]})
        assert context.state({"temperature": 3}, []) == (1.0, 3.0)


def test_unknown_state_builder_is_refused() -> None:
    with pytest.raises(ValueError, match="state builder"):
        StateBuilder({"state": "weather"})
