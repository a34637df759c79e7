"""The event catalog: every event round-trips through JSON and refuses unknown fields."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from rlkernel.events import CATALOG, DecisionMade, carried_probabilities
from rlkernel.topics import Topics


def test_every_event_names_a_topic_of_the_catalog() -> None:
    topics = Topics("ns")
    names = {getattr(topics, e.topic_attr) for e in CATALOG}
    assert names == {s.name for s in topics.specs()}
    assert all(s.retention_ms == "-1" for s in topics.specs())  # audit topics kept forever


def decision() -> DecisionMade:
    return DecisionMade(
        request_id=uuid.uuid4(),
        study_id="s",
        participant_id="p",
        decision_index=3,
        rid=7,
        seed=2**62 + 1,
        action=1,
        probability=0.31,
        policy_version=2,
        algorithm="blr_ts",
        state=[1.0, 0.0],
        context={"a": True},
        recent_rewards=[2.0],
        fallback=False,
        decided_at=datetime.now(UTC),
        decided_by="decision-x",
    )


def test_a_decision_round_trips_exactly_through_json() -> None:
    d = decision()
    assert DecisionMade.model_validate_json(d.model_dump_json()) == d
    assert d.schema_version == 1 and d.event_id is not None


def test_an_unknown_field_or_version_is_refused() -> None:
    data = decision().model_dump()
    with pytest.raises(ValidationError):
        DecisionMade.model_validate({**data, "surprise": 1})
    with pytest.raises(ValidationError):
        DecisionMade.model_validate({**data, "schema_version": 2})


def test_a_binary_decision_carries_no_probabilities_key_as_before() -> None:
    """Binary events stay byte for byte what they were: `probability` says it all."""
    d = decision()
    assert d.probabilities is None
    assert "probabilities" not in d.model_dump_json()
    assert "probabilities" not in d.model_dump(mode="json")
    assert carried_probabilities((0.69, 0.31)) is None


def test_a_decision_of_three_actions_carries_every_actions_probability() -> None:
    d = decision().model_copy(
        update={"action": 2, "probabilities": carried_probabilities((0.5, 0.31, 0.19))}
    )
    assert d.probabilities == [0.5, 0.31, 0.19]
    assert DecisionMade.model_validate_json(d.model_dump_json()) == d


def test_an_action_number_below_zero_is_refused() -> None:
    with pytest.raises(ValidationError):
        DecisionMade.model_validate({**decision().model_dump(), "action": -1})
