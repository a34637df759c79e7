"""Answering action requests: one decision per slot, from the study's current policy."""

from __future__ import annotations

import pytest
from faststream.kafka import KafkaBroker

from decision.deciding import NO_STATE
from rldomain.algorithms import draw_action, draw_from
from rldomain.policy import Policy
from rldomain.seeds import slot_seed, study_key
from rlkernel.events import DecisionMade
from tests.component.decision.harness import SEED_SECRET, Service, request

# A finished EMA with a yes answer (reward 3) and no cannabis use reported.
MIWAVES_CONTEXT = {
    "finished_ema": True,
    "activity_question_response": True,
    "app_use_flag": False,
    "cannabis_use": [0, 0, 0],
}


async def test_a_new_request_is_decided_from_the_policy_published_and_replied_to(
    service: Service, broker: KafkaBroker
) -> None:
    service.policies.serve(Policy("justin", 7, "flat", {"algorithm": "flat", "probability": 0.3}))
    asked = request("justin", decision_index=4)
    await broker.publish_batch(asked, topic=service.topics.actions_requested)

    [decision] = service.publisher.events
    assert isinstance(decision, DecisionMade)
    assert (decision.policy_version, decision.algorithm, decision.probability) == (7, "flat", 0.3)
    assert (decision.request_id, decision.participant_id, decision.decision_index) == (
        asked.request_id,
        asked.participant_id,
        4,
    )
    [reply] = service.publisher.replies
    assert (reply.event, reply.to, reply.correlation_id) == (
        decision,
        asked.reply_to,
        str(asked.request_id),
    )
    assert service.record.get("justin", asked.participant_id, 4) == decision
    assert decision.rid > 0, "the record assigns the rid"


async def test_a_repeated_request_for_a_decided_slot_gets_the_same_decision_unpublished(
    service: Service, broker: KafkaBroker
) -> None:
    first = request("justin")
    retry = request("justin", first.participant_id, context={"temperature": 99.0})
    await broker.publish_batch(first, topic=service.topics.actions_requested)
    await broker.publish_batch(retry, topic=service.topics.actions_requested)

    assert len(service.publisher.events) == 1, "a stored decision is not published again"
    answers = [(r.event, r.correlation_id) for r in service.publisher.replies]
    decision = service.publisher.events[0]
    assert answers == [(decision, str(first.request_id)), (decision, str(retry.request_id))]


async def test_a_batch_reads_recent_rewards_into_each_state_and_answers_every_asker(
    service: Service, broker: KafkaBroker
) -> None:
    a, b = request("miwaves", context=MIWAVES_CONTEXT), request("miwaves", context=MIWAVES_CONTEXT)
    service.history.rewards[("miwaves", a.participant_id)] = [3.0, 2.0]
    await broker.publish_batch(a, b, topic=service.topics.actions_requested)

    by_asker = {r.correlation_id: r.event for r in service.publisher.replies}
    first, second = by_asker[str(a.request_id)], by_asker[str(b.request_id)]
    assert isinstance(first, DecisionMade) and isinstance(second, DecisionMade)
    assert first.recent_rewards == [3.0, 2.0] and second.recent_rewards == []
    assert first.rid != second.rid


async def test_a_miwaves_decision_is_drawn_with_the_slot_seed_within_the_study_bounds(
    service: Service, broker: KafkaBroker
) -> None:
    asked = request("miwaves", decision_index=3, context=MIWAVES_CONTEXT)
    await broker.publish_batch(asked, topic=service.topics.actions_requested)

    [reply] = service.publisher.replies
    decision = reply.event
    assert isinstance(decision, DecisionMade)
    key = study_key(SEED_SECRET, "miwaves")
    assert decision.seed == slot_seed(key, asked.participant_id, 3)
    assert decision.algorithm == "rebandit"
    assert 0.2 <= decision.probability <= 0.8
    assert decision.action == draw_action(decision.probability, decision.seed)
    assert decision.state == [1.0, 1.0, 1.0]  # engaged, evening window, no use reported


async def test_requests_for_an_unknown_study_are_dead_lettered_and_the_rest_answered(
    service: Service, broker: KafkaBroker
) -> None:
    lost, fine = request("no-such-study"), request("justin")
    await broker.publish_batch(lost, fine, topic=service.topics.actions_requested)

    [letter] = service.dead_letters.letters
    assert letter.source_topic == service.topics.actions_requested
    assert letter.reason == "unknown study 'no-such-study'"
    assert letter.payload == lost.model_dump(mode="json")
    assert letter.key == lost.participant_id
    assert [r.correlation_id for r in service.publisher.replies] == [str(fine.request_id)]


async def test_a_three_action_decision_carries_every_actions_probability(
    service: Service, broker: KafkaBroker
) -> None:
    asks = [
        request("three_messages", decision_index=i, context={"mood": mood, "sleep_hours": 8.0})
        for i, mood in enumerate(("low", "mid", "high") * 4)
    ]
    await broker.publish_batch(*asks, topic=service.topics.actions_requested)

    made = [r.event for r in service.publisher.replies]
    assert len(made) == len(asks) and all(isinstance(d, DecisionMade) for d in made)
    for d in made:
        assert isinstance(d, DecisionMade) and d.probabilities is not None
        assert len(d.probabilities) == 3 and sum(d.probabilities) == pytest.approx(1)
        assert d.probability == d.probabilities[1]  # P(action 1), as for two actions
        assert d.action == draw_from(d.probabilities, d.seed) and not d.fallback
    assert len({tuple(d.state) for d in made if isinstance(d, DecisionMade)}) == 3  # by mood


async def test_a_request_that_makes_no_state_gets_the_studys_fallback(
    service: Service, broker: KafkaBroker
) -> None:
    # An entry other than 0 or 1 in cannabis_use makes no MiWaves state (its study file).
    context = {**MIWAVES_CONTEXT, "cannabis_use": [0, 2]}
    asked, fine = request("miwaves", context=context), request("miwaves", context=MIWAVES_CONTEXT)
    await broker.publish_batch(asked, fine, topic=service.topics.actions_requested)

    by_asker = {r.correlation_id: r.event for r in service.publisher.replies}
    decision, other = by_asker[str(asked.request_id)], by_asker[str(fine.request_id)]
    assert isinstance(decision, DecisionMade) and isinstance(other, DecisionMade)
    assert (decision.fallback, decision.fallback_reason) == (True, f"{NO_STATE} (state.s3)")
    assert (decision.state, decision.probability, decision.probabilities) == ([], 0.5, None)
    assert decision.action == draw_action(0.5, decision.seed)
    assert decision in service.publisher.events, "stored and published like any decision"
    assert not other.fallback, "the rest of the batch is decided by the policy"
