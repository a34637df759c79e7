"""The replay verifier on decision logs built in memory, as the decision service builds them:
a log re-derives exactly, and a changed probability vector, action or fallback shows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from rlaudit.replay import StoredPolicy, Verifier
from rldomain.algorithms import encode_params
from rldomain.deciding import derive, derive_fallback
from rldomain.policy import Policy, code_version
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study, load_studies
from rlkernel.events import DecisionMade, carried_probabilities

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "studies"
SECRET = "verifier-test-secret"
MOODS = ("low", "mid", "high")


@pytest.fixture(scope="module")
def studies() -> dict[str, Study]:
    return load_studies(EXAMPLES)


def key_of(study: Study) -> bytes:
    return study_key(SECRET, study.id)


def stored(study: Study) -> dict[int, StoredPolicy]:
    params = encode_params(study.policy.initial_params())
    return {1: StoredPolicy(1, None, params, code_version(), 0.0, {})}


def logged(study: Study, participant: str, index: int, context: dict[str, Any]) -> DecisionMade:
    """A decision as the decision service makes it (services/decision/decision/deciding.py)."""
    seed = slot_seed(study_key(SECRET, study.id), participant, index)
    policy = Policy(study.id, 1, str(study.algorithm["name"]), study.policy.initial_params())
    derived = derive(study, policy, participant, index, context, [1.0], seed)
    return draft(study, participant, index, context, seed, derived, fallback=False)


def fallback(study: Study, participant: str, index: int) -> DecisionMade:
    """The gateway's time-out fallback (services/gateway/gateway/actions.py)."""
    seed = slot_seed(study_key(SECRET, study.id), participant, index)
    derived = derive_fallback(study, seed)
    return draft(study, participant, index, {}, seed, derived, fallback=True)


def draft(
    study: Study,
    participant: str,
    index: int,
    context: dict[str, Any],
    seed: int,
    derived: Any,
    fallback: bool,
) -> DecisionMade:
    return DecisionMade(
        request_id=uuid.uuid4(),
        study_id=study.id,
        participant_id=participant,
        decision_index=index,
        rid=index + 1,
        seed=seed,
        action=derived.action,
        probability=derived.probability,
        probabilities=carried_probabilities(derived.probabilities),
        policy_version=1,
        algorithm=str(study.algorithm["name"]),
        state=list(derived.state),
        context=context,
        recent_rewards=[] if fallback else [1.0],
        fallback=fallback,
        fallback_reason="decision service did not answer in time" if fallback else None,
        decided_at=datetime.now(UTC),
        decided_by="decision-test",
    )


def three_action_log(study: Study) -> list[DecisionMade]:
    made = [
        logged(study, f"p{p}", i, {"mood": MOODS[(p + i) % 3], "sleep_hours": 5.0 + i})
        for p in range(4)
        for i in range(6)
    ]
    return [*made, fallback(study, "p9", 0), fallback(study, "p9", 1)]


def test_a_three_action_log_re_derives_exactly(studies: dict[str, Study]) -> None:
    study = studies["three_messages"]
    log = three_action_log(study)
    assert {d.action for d in log} == {0, 1, 2}, "every action drawn at least once"
    assert all(d.probabilities is not None and len(d.probabilities) == 3 for d in log)
    verifier = Verifier(study, key_of(study), stored(study))
    assert [f for d in log for f in verifier.decision(d)] == []


@pytest.mark.parametrize("fallback_decision", [False, True])
def test_a_changed_probability_of_any_action_is_reported(
    studies: dict[str, Study], fallback_decision: bool
) -> None:
    study = studies["three_messages"]
    d = fallback(study, "p1", 3) if fallback_decision else logged(study, "p1", 3, {"mood": "low"})
    assert d.probabilities is not None
    a, b, c = d.probabilities
    # P(action 1) untouched: only the vector tells that action 2's probability was changed.
    changed = d.model_copy(update={"probabilities": [a - 0.05, b, c + 0.05]})
    [finding] = Verifier(study, key_of(study), stored(study)).decision(changed)
    assert (finding.field, finding.logged, finding.derived) == (
        "probabilities",
        [a - 0.05, b, c + 0.05],
        [a, b, c],
    )


def test_an_action_other_than_the_drawn_one_is_reported(studies: dict[str, Study]) -> None:
    study = studies["three_messages"]
    d = logged(study, "p2", 0, {"mood": "high"})
    other = (d.action + 1) % 3
    findings = Verifier(study, key_of(study), stored(study)).decision(
        d.model_copy(update={"action": other})
    )
    assert [(f.field, f.logged, f.derived) for f in findings] == [("action", other, d.action)]


def test_a_warm_up_slot_re_derives_with_the_fixed_allocation(studies: dict[str, Study]) -> None:
    declared = yaml.safe_load((EXAMPLES / "three_messages.yaml").read_text())
    warm = {**declared, "warmup": {"decisions": 2, "probabilities": [0.2, 0.3, 0.5]}}
    study = Study.model_validate(warm)
    first, later = (logged(study, "p", i, {"mood": "low"}) for i in (1, 2))
    assert first.probabilities == [0.2, 0.3, 0.5] and later.probabilities != [0.2, 0.3, 0.5]
    verifier = Verifier(study, key_of(study), stored(study))
    assert verifier.decision(first) == [] and verifier.decision(later) == []
    # The same slot, re-derived by the study without a warm-up, is the policy's.
    [finding, *_] = Verifier(
        studies["three_messages"], key_of(studies["three_messages"]), stored(study)
    ).decision(first)
    assert finding.field == "probability"


def test_a_binary_log_carries_no_vector_and_re_derives_exactly(studies: dict[str, Study]) -> None:
    study = studies["justin"]
    log = [logged(study, "p", i, {"temperature": 20.0 + i}) for i in range(5)]
    log.append(fallback(study, "p", 5))
    assert all(d.probabilities is None for d in log)
    assert [f for d in log for f in Verifier(study, key_of(study), stored(study)).decision(d)] == []
    tampered = log[0].model_copy(update={"probabilities": [0.5, 0.5]})
    findings = Verifier(study, key_of(study), stored(study)).decision(tampered)
    assert [f.field for f in findings] == ["probabilities"]


def test_a_policy_decision_whose_logged_request_makes_no_state_is_reported(
    studies: dict[str, Study],
) -> None:
    study = studies["three_messages"]
    changed = {"mood": "low", "sleep_hours": "long"}  # no number: the gateway refuses it
    d = logged(study, "p3", 4, {"mood": "low"}).model_copy(update={"context": changed})
    [finding] = Verifier(study, key_of(study), stored(study)).decision(d)
    assert (finding.field, finding.derived) == ("state", "none: the logged request makes no state")


def test_without_the_key_the_logged_seed_is_used_and_goes_unchecked(
    studies: dict[str, Study],
) -> None:
    """An archive opened without its passphrase: everything but the seeds is still checked."""
    study = studies["justin"]
    log = [logged(study, "p", i, {"temperature": 20.0 + i}) for i in range(5)]
    verifier = Verifier(study, None, stored(study))
    assert [f for d in log for f in verifier.decision(d)] == []
    other_seed = log[0].model_copy(update={"seed": log[0].seed ^ 1})
    keyed = Verifier(study, key_of(study), stored(study)).decision(other_seed)
    assert "seed" in {f.field for f in keyed}
    assert "seed" not in {f.field for f in verifier.decision(other_seed)}
    flipped = log[0].model_copy(update={"action": 1 - log[0].action})
    assert [f.field for f in verifier.decision(flipped)] == ["action"]
