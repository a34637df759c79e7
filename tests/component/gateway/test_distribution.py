"""What a policy version would do for a state: the probabilities a decision would draw from,
for a state given or built from a context (with the participant's recent rewards, if named)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from gateway.distribution import DistributionDeps, distribution
from rldomain.algorithms import decode_params, encode_params
from rldomain.deciding import derive
from rldomain.errors import Invalid, NotFound
from rldomain.policy import Policy
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion
from tests.component.fakes import InMemoryHistory
from tests.component.gateway.conftest import participant
from tests.component.gateway.fakes import InMemoryParticipants

ENGAGED = {
    "finished_ema": True,
    "activity_question_response": True,
    "app_use_flag": True,
    "cannabis_use": [0, 0],
}
MIDDLING = 0.3  # shifts the advantage's mean: away from the priors' symmetric 0.5


@dataclass
class StoredVersions:
    rows: dict[tuple[str, int], PolicyVersion] = field(default_factory=dict)

    async def get(self, study_id: str, version: int) -> PolicyVersion | None:
        return self.rows.get((study_id, version))


@pytest.fixture
def miwaves(studies: dict[str, Study]) -> Study:
    return studies["miwaves"]


@pytest.fixture
def versions(miwaves: Study) -> StoredVersions:
    """Version 2 of miwaves: the priors with every population coefficient moved."""
    params = miwaves.policy.initial_params()
    params["pop_mean"] = params["pop_mean"] + MIDDLING
    row = PolicyVersion(
        study_id="miwaves", version=2, algorithm="rebandit", params=encode_params(params)
    )
    return StoredVersions({("miwaves", 2): row})


@pytest.fixture
def history() -> InMemoryHistory:
    return InMemoryHistory()


@pytest.fixture
def deps(
    versions: StoredVersions, history: InMemoryHistory, registry: InMemoryParticipants
) -> DistributionDeps:
    return DistributionDeps(versions=versions, history=history, participants=registry)


def policy(versions: StoredVersions) -> Policy:
    row = versions.rows[("miwaves", 2)]
    return Policy("miwaves", 2, "rebandit", decode_params(row.params))


async def of(deps: DistributionDeps, study: Study, **asked: Any) -> tuple[Any, ...]:
    found = await distribution(
        deps,
        study,
        asked.pop("version", 2),
        context=asked.pop("context", None),
        state=asked.pop("state", None),
        participant_id=asked.pop("participant_id", None),
        decision_index=asked.pop("decision_index", 0),
    )
    return found.state, found.probabilities


async def test_a_context_gets_the_probability_a_decision_would_draw_from(
    deps: DistributionDeps, miwaves: Study, versions: StoredVersions
) -> None:
    state, (p0, p1) = await of(deps, miwaves, context=json.dumps(ENGAGED), decision_index=3)
    decided = derive(miwaves, policy(versions), "", 3, ENGAGED, [], seed=1)
    assert (state, p1, p0) == (decided.state, decided.probability, 1 - decided.probability)
    assert state[1] == 1.0, "decision 3 is an evening one"
    assert p1 != pytest.approx(0.5), "the moved coefficients count"


async def test_a_named_participant_brings_their_recent_rewards(
    deps: DistributionDeps,
    miwaves: Study,
    versions: StoredVersions,
    history: InMemoryHistory,
    registry: InMemoryParticipants,
) -> None:
    someone = participant(miwaves)
    registry.rows[("miwaves", someone.participant_id)] = someone
    history.rewards[("miwaves", someone.participant_id)] = [0.0, 0.0]
    context = json.dumps(ENGAGED)
    alone, _ = await of(deps, miwaves, context=context)
    state, (_, p1) = await of(deps, miwaves, context=context, participant_id=someone.participant_id)
    decided = derive(miwaves, policy(versions), someone.participant_id, 0, ENGAGED, [0.0, 0.0], 1)
    assert (state, p1) == (decided.state, decided.probability)
    assert state != alone, "disengaged before: the average falls"


async def test_a_state_given_gets_the_probability_a_decision_in_that_state_would(
    deps: DistributionDeps, miwaves: Study, versions: StoredVersions
) -> None:
    decided = derive(miwaves, policy(versions), "", 1, ENGAGED, [3.0], seed=1)
    state, (_, p1) = await of(deps, miwaves, state=json.dumps(list(decided.state)))
    assert (state, p1) == (decided.state, decided.probability)


async def test_the_clipping_bounds_hold(deps: DistributionDeps, studies: dict[str, Study]) -> None:
    justin = studies["justin"]
    row = PolicyVersion(
        study_id="justin",
        version=1,
        algorithm="flat",
        params=encode_params({"algorithm": "flat", "probability": 0.97}),
    )
    deps.versions.rows[("justin", 1)] = row  # type: ignore[attr-defined]
    tight = justin.model_copy(
        update={"algorithm": {**justin.algorithm, "clip": {"low": 0.1, "high": 0.9}}}
    )
    _, (p0, p1) = await of(deps, tight, version=1, context='{"temperature": 20}')
    assert (p0, p1) == pytest.approx((0.1, 0.9))


@pytest.mark.parametrize(
    ("asked", "code", "names"),
    [
        ({}, "invalid_request", "either"),
        ({"context": "{}", "state": "[0, 0, 0]"}, "invalid_request", "either"),
        ({"state": "[1, 0]"}, "invalid_state", "3 entries"),
        ({"state": '[1, 0, "x"]'}, "invalid_state", "state.2"),
        ({"state": "[1, 0, NaN]"}, "invalid_state", "state"),
        pytest.param(  # numpy warns of the overflow on its way to the refusal
            {"state": "[1e300, 1e300, -1e300]"},
            "invalid_state",
            "no probability",
            marks=pytest.mark.filterwarnings("ignore::RuntimeWarning"),
        ),
        ({"context": "[]"}, "invalid_context", "context"),
        ({"context": "{not json"}, "invalid_context", "context"),
        ({"context": '{"finished_ema": 7}'}, "invalid_context", "finished_ema: must be bool"),
        (
            {"context": json.dumps(ENGAGED | {"cannabis_use": [9]})},
            "invalid_context",
            "makes no state",
        ),
    ],
)
async def test_what_makes_no_state_is_refused_by_name_never_by_value(
    deps: DistributionDeps, miwaves: Study, asked: dict[str, str], code: str, names: str
) -> None:
    with pytest.raises(Invalid) as refused:
        await of(deps, miwaves, **asked)
    assert refused.value.code == code
    assert names in refused.value.message
    assert "not json" not in refused.value.message and "9" not in refused.value.message


async def test_an_unknown_version_or_participant_is_not_found(
    deps: DistributionDeps, miwaves: Study
) -> None:
    with pytest.raises(NotFound) as unknown:
        await of(deps, miwaves, version=3, state="[0, 0, 0]")
    assert unknown.value.code == "policy_not_found"
    with pytest.raises(NotFound):
        await of(deps, miwaves, state="[0, 0, 0]", participant_id="nobody")
