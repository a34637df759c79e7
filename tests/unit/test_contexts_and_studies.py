"""Study files load, contexts are checked against their declared fields, and the shipped studies'
declared reward, state and features behave exactly as the Python functions they replaced (kept
here, and only here, as the reference)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gateway.contexts import validate_context
from rldomain.errors import Invalid
from rldomain.study import Study, load_studies
from rlkernel.settings import Settings

# ---- the reference: what the services computed before studies were declared ----------------

_NOT_REPORTED = ("NA", "na", "", None)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _NOT_REPORTED)


def reference_miwaves_reward(fields: Mapping[str, Any]) -> float:
    if fields.get("finished_ema") is True:
        return 3.0 if fields.get("activity_question_response") is True else 2.0
    return 1.0 if fields.get("app_use_flag") is True else 0.0


def reference_justin_reward(fields: Mapping[str, Any]) -> float:
    outcome = fields.get("outcome") or {}
    return float(outcome.get("clicks", 0))


def _no_cannabis_use_reported(value: Any) -> bool:
    if _is_missing(value):
        return False
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError("cannabis_use must be a list of 0/1 or 'NA'")
    hours = [h for h in value if not _is_missing(h)]
    if any(float(h) not in (0.0, 1.0) for h in hours):
        raise ValueError("cannabis_use entries must be 0 or 1")
    return len(hours) > 0 and all(float(h) == 0.0 for h in hours)


def reference_miwaves_state(
    fields: Mapping[str, Any], recent_rewards: Sequence[float], decision_index: int
) -> tuple[float, float, float]:
    current = reference_miwaves_reward(fields)
    window = [float(r) for r in recent_rewards[-2:]] + [current]
    s1 = 1.0 if window and sum(window) / len(window) >= 2.0 else 0.0
    s2 = float(decision_index % 2)
    engaged_now = current >= 2.0
    s3 = 1.0 if engaged_now and _no_cannabis_use_reported(fields.get("cannabis_use")) else 0.0
    return (s1, s2, s3)


def reference_miwaves_features(states: np.ndarray) -> np.ndarray:
    s1, s2, s3 = states[:, 0], states[:, 1], states[:, 2]
    ones = np.ones_like(s1)
    return np.stack([ones, s1, s2, s3, s1 * s2, s1 * s3, s2 * s3, s1 * s2 * s3], axis=1)


def _int_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in v)


REFERENCE_CHECKS: dict[str, dict[str, Callable[[Any], bool]]] = {
    "miwaves": {
        "finished_ema": lambda v: isinstance(v, bool),
        "activity_question_response": lambda v: isinstance(v, bool) or v == "NA",
        "app_use_flag": lambda v: isinstance(v, bool),
        "cannabis_use": lambda v: v == "NA" or _int_list(v),
    },
    "justin": {"temperature": lambda v: isinstance(v, int | float) and not isinstance(v, bool)},
}


def reference_refusals(study_id: str, context: Mapping[str, Any]) -> set[str]:
    """The fields the old context_schema check refused (by name)."""
    checks = REFERENCE_CHECKS[study_id]
    refused = {name for name in checks if name not in context}
    refused |= {name for name in context if name not in checks}
    return refused | {n for n, ok in checks.items() if n in context and not ok(context[n])}


# ---- generated requests ---------------------------------------------------------------------

anything = st.one_of(
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-5, max_value=5),
    st.sampled_from(["NA", "na", "", " ", "yes", None]),
)
cannabis = st.one_of(
    st.sampled_from(["NA", "na", "", None, "0"]),
    st.lists(st.integers(0, 1), max_size=6),
    st.lists(st.integers(-1, 2), max_size=6),
    st.lists(st.one_of(st.integers(0, 1), st.just("NA"), st.booleans(), st.just(0.0)), max_size=4),
    st.integers(0, 1),
    st.dictionaries(st.just("h"), st.integers(0, 1), max_size=1),
)
miwaves_field = {
    "finished_ema": st.one_of(st.booleans(), anything),
    "activity_question_response": st.one_of(st.booleans(), st.just("NA"), anything),
    "app_use_flag": st.one_of(st.booleans(), anything),
    "cannabis_use": cannabis,
}


@st.composite
def miwaves_contexts(draw: st.DrawFn) -> dict[str, Any]:
    context = {
        name: draw(values) for name, values in miwaves_field.items() if draw(st.integers(0, 9))
    }
    if draw(st.integers(0, 9)) == 0:
        context["extra"] = draw(anything)
    return context


@st.composite
def valid_miwaves_contexts(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "finished_ema": draw(st.booleans()),
        "activity_question_response": draw(st.one_of(st.booleans(), st.just("NA"))),
        "app_use_flag": draw(st.booleans()),
        "cannabis_use": draw(st.one_of(st.just("NA"), st.lists(st.integers(-1, 2), max_size=6))),
    }


rewards = st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0]), max_size=10)


@pytest.fixture(scope="module")
def studies() -> dict[str, Study]:
    return load_studies(Settings().studies_dir)


# ---- the shipped studies against the reference ----------------------------------------------


@settings(max_examples=400)
@given(context=miwaves_contexts())
def test_miwaves_contexts_are_accepted_and_refused_as_before(
    studies: dict[str, Study], context: dict[str, Any]
) -> None:
    refused = reference_refusals("miwaves", context)
    if not refused:
        assert validate_context(studies["miwaves"], context) == context
        return
    with pytest.raises(Invalid) as error:
        validate_context(studies["miwaves"], context)
    named = {problem.split(":")[0] for problem in error.value.message.split("; ")}
    assert named == refused


@given(temperature=st.one_of(anything, st.floats()), extra=st.booleans(), absent=st.booleans())
def test_justin_contexts_are_accepted_and_refused_as_before(
    studies: dict[str, Study], temperature: Any, extra: bool, absent: bool
) -> None:
    context = {} if absent else {"temperature": temperature}
    context |= {"x": 1} if extra else {}
    refused = reference_refusals("justin", context)
    if not refused:
        assert validate_context(studies["justin"], context) == context
        return
    with pytest.raises(Invalid) as error:
        validate_context(studies["justin"], context)
    assert {p.split(":")[0] for p in error.value.message.split("; ")} == refused


@settings(max_examples=400)
@given(context=valid_miwaves_contexts(), recent=rewards, index=st.integers(0, 59))
def test_the_declared_miwaves_state_is_the_reference_one(
    studies: dict[str, Study], context: dict[str, Any], recent: list[float], index: int
) -> None:
    try:
        expected: tuple[float, ...] | None = reference_miwaves_state(context, recent, index)
    except ValueError:
        expected = None
    if expected is None:  # an entry other than 0 or 1 while engaged: no state, a fallback
        with pytest.raises(ValueError, match=r"state\.s3"):
            studies["miwaves"].state_of(context, recent, index)
    else:
        assert studies["miwaves"].state_of(context, recent, index) == expected


@settings(max_examples=300)
@given(record=st.dictionaries(st.sampled_from(sorted(miwaves_field)), anything))
def test_the_declared_miwaves_reward_is_the_reference_one_on_any_record(
    studies: dict[str, Study], record: dict[str, Any]
) -> None:
    assert studies["miwaves"].reward_of(record) == reference_miwaves_reward(record)


clicks = st.one_of(st.integers(0, 50), st.floats(0, 50), st.booleans())
justin_records: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.fixed_dictionaries({"outcome": st.dictionaries(st.just("clicks"), clicks)}),
    st.fixed_dictionaries({"outcome": st.sampled_from([None, {}, 0, ""])}),
    st.dictionaries(st.sampled_from(["other", "temperature"]), anything),
)


@given(record=justin_records)
def test_the_declared_justin_reward_is_the_reference_one(
    studies: dict[str, Study], record: dict[str, Any]
) -> None:
    assert studies["justin"].reward_of(record) == reference_justin_reward(record)


@given(temperature=st.floats(allow_nan=False, allow_infinity=False) | st.integers(-50, 50))
def test_the_declared_justin_state_is_the_intercept_and_temperature(
    studies: dict[str, Study], temperature: float
) -> None:
    state = studies["justin"].state_of({"temperature": temperature}, [1.0], 7)
    assert state == (1.0, float(temperature))
    assert studies["justin"].states.features(state).tolist() == list(state)


def test_the_miwaves_features_are_the_reference_ones_bit_for_bit(
    studies: dict[str, Study],
) -> None:
    rng = np.random.default_rng(5)
    states = np.concatenate([rng.integers(0, 2, (64, 3)), rng.normal(size=(64, 3))]).astype(float)
    expected = reference_miwaves_features(states)
    declared = studies["miwaves"].states
    assert np.array_equal(declared.feature_matrix(states), expected)
    assert all(
        np.array_equal(declared.features(s), e) for s, e in zip(states, expected, strict=True)
    )


# ---- examples a reader can check by eye ----------------------------------------------------


def ema(reward: int, cannabis_use: Any = "NA") -> dict[str, Any]:
    """The MiWaves request fields that make `reward` (3, 2, 1 or 0)."""
    return {
        "finished_ema": reward >= 2,
        "activity_question_response": reward == 3 if reward >= 2 else "NA",
        "app_use_flag": reward == 1,
        "cannabis_use": cannabis_use,
    }


def test_miwaves_engagement_averages_the_last_two_rewards_and_the_current_one(
    studies: dict[str, Study],
) -> None:
    miwaves = studies["miwaves"]
    # Older rewards (0, 0) are ignored: mean(3, 3, 0) = 2 meets the threshold exactly.
    assert miwaves.state_of(ema(0), [0.0, 0.0, 3.0, 3.0], 0)[0] == 1.0
    assert miwaves.state_of(ema(0), [3.0, 3.0, 0.0, 3.0], 0)[0] == 0.0
    assert miwaves.state_of(ema(2), [], 0)[0] == 1.0
    assert miwaves.state_of(ema(1), [3.0], 0)[0] == 1.0
    assert miwaves.state_of(ema(1), [], 0)[0] == 0.0


def test_miwaves_time_of_day_is_the_slot(studies: dict[str, Study]) -> None:
    assert [studies["miwaves"].state_of(ema(0), [], i)[1] for i in range(4)] == [0, 1, 0, 1]


@pytest.mark.parametrize(
    ("reward", "cannabis_use", "s3"),
    [
        (2, [0, 0, 0], 1.0),  # reported no use and engaged now
        (3, [0, 0], 1.0),
        (2, [0, 1, 0], 0.0),  # some use reported
        (1, [0, 0], 0.0),  # no use, but not engaged now
        (2, "NA", 0.0),  # not reported
        (2, [], 0.0),  # an empty report is no report
        (1, [0, 2], 0.0),  # not engaged: the report is not read
    ],
)
def test_miwaves_s3_is_engaged_now_and_a_report_of_no_use(
    studies: dict[str, Study], reward: int, cannabis_use: Any, s3: float
) -> None:
    assert studies["miwaves"].state_of(ema(reward, cannabis_use), [], 0)[2] == s3


def test_a_cannabis_use_entry_other_than_0_or_1_makes_no_state(studies: dict[str, Study]) -> None:
    with pytest.raises(ValueError, match=r"^state\.s3: ") as error:
        studies["miwaves"].state_of(ema(2, [0, 2]), [], 0)
    assert "2" not in str(error.value).removeprefix("state.s3")  # names the entry, no value


# ---- the study file ------------------------------------------------------------------------


def test_the_shipped_studies_load(studies: dict[str, Study]) -> None:
    assert studies["miwaves"].clip == (0.2, 0.8)
    assert studies["miwaves"].schedule.decisions_per_participant == 60
    assert studies["miwaves"].n_actions == 2
    assert studies["justin"].schedule.kind == "client_indexed"
    assert studies["justin"].fallback_probabilities() == (0.5, 0.5)


def study_with(studies: dict[str, Study], **changes: Any) -> Study:
    return Study.model_validate({**studies["justin"].model_dump(), **changes})


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"state": {"t": "temperature +"}}, "state.t: not a valid expression"),
        ({"state": {"t": "humidity"}}, "state.t: unknown name 'humidity'"),
        ({"state": {"t": "slot"}}, "state.t: unknown name 'slot'"),  # not a daily schedule
        ({"reward": "outcome.__class__"}, "reward: a key starting with '_'"),
        ({"features": ["intercept", "mean([t])"]}, "features[1]: features call abs(x)"),
        ({"features": ["temperature * humidity"]}, "features[0]: unknown name 'humidity'"),
        ({"state": {"mean": "1"}}, "state entry 'mean' must be a name"),
        ({"context": {"reward": {"type": "float"}}}, "may not be named ['reward']"),
        ({"algorithm": {"name": "flat", "state": "context"}}, "algorithm may not set ['state']"),
        ({"actions": ["a", "a"]}, "distinct"),
        (
            {"algorithm": {"name": "flat", "clip": {"low": 0.9, "high": 0.1}}},
            "clip bounds must satisfy",
        ),
        ({"fallback": {"probabilities": [0.5, 0.5]}}, "either fallback or fallback_probability"),
        ({"actions": ["a", "b", "c"]}, "fallback_probability is for two actions"),
        (
            {"warmup": {"decisions": 3, "probabilities": [0.75, 0.5]}},
            "warmup: the probabilities must add up to 1",
        ),
        (
            {"warmup": {"decisions": 3, "probabilities": [1.0]}},
            "warmup: give one probability per action",
        ),
    ],
)
def test_a_study_file_mistake_is_refused_at_load_naming_where(
    studies: dict[str, Study], changes: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValidationError) as error:
        study_with(studies, **changes)
    assert problem in str(error.value)


def test_a_context_field_declares_bounds_and_choices(studies: dict[str, Study]) -> None:
    study = study_with(
        studies,
        context={
            "steps": {"type": "int", "min": 0, "max": 100},
            "mood": {"type": "str", "choices": ["low", "high"]},
            "hours": {"type": "list", "items": "float", "max": 24, "missing": "allowed"},
        },
        state={"steps": "steps"},
    )
    assert validate_context(study, {"steps": 5, "mood": "low", "hours": "NA"})
    with pytest.raises(Invalid) as error:
        validate_context(study, {"steps": 101, "mood": "meh", "hours": [3, 25.5]})
    assert error.value.message == (
        "steps: must be at most 100; mood: must be one of the declared choices; "
        "hours: must be at most 24"
    )


@pytest.mark.parametrize(
    ("context", "problem"),
    [
        ({}, "temperature: missing"),
        ({"temperature": 20, "x": 1}, "x: not a field of study justin"),
        ({"temperature": "warm"}, "temperature: must be float"),
        ({"temperature": True}, "temperature: must be float"),
    ],
)
def test_a_bad_context_is_refused_by_field(
    studies: dict[str, Study], context: dict[str, object], problem: str
) -> None:
    with pytest.raises(Invalid) as err:
        validate_context(studies["justin"], context)
    assert err.value.code == "invalid_context" and problem in err.value.message
    assert "warm" not in err.value.message


def test_placeholder_secrets_are_refused_outside_development() -> None:
    with pytest.raises(ValueError, match="ADMIN_TOKEN"):
        Settings(
            rls_env="production",
            admin_token="change-me",
            jwt_secret="x" * 32,
            seed_secret="y" * 32,
            _env_file=None,
        )
