"""The action use case: ask the decision service once per slot, fall back on its silence."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from gateway.actions import ActionDeps, request_action
from gateway.replies import ReplyWaiter
from rladapters.slots import settle
from rldomain.algorithms import draw_from
from rldomain.errors import Conflict, DomainError, Invalid, NotFound
from rldomain.lifecycle import WITHDRAWN
from rldomain.study import Study
from rlkernel.events import ActionRequested, DecisionMade
from tests.component.fakes import InMemoryRecord
from tests.component.gateway.conftest import POLICY_VERSION, local, participant
from tests.component.gateway.fakes import AnsweringPublisher, FixedClock, InMemoryParticipants

MIWAVES_CONTEXT = {
    "finished_ema": True,
    "activity_question_response": "NA",
    "app_use_flag": False,
    "cannabis_use": [1, 2],
}


def decided(request: ActionRequested, action: int = 1, probability: float = 0.42) -> DecisionMade:
    """What the decision service would decide for the request."""
    return DecisionMade(
        request_id=request.request_id,
        study_id=request.study_id,
        participant_id=request.participant_id,
        decision_index=request.decision_index,
        rid=0,
        seed=123,
        action=action,
        probability=probability,
        policy_version=POLICY_VERSION,
        algorithm="decision-service",
        state=[],
        context=request.context,
        recent_rewards=[],
        fallback=False,
        decided_at=datetime.now(UTC),
        decided_by="decision-component",
    )


@pytest.fixture
def miwaves(studies: dict[str, Study], registry: InMemoryParticipants) -> str:
    """A registered MiWaves participant's id."""
    p = participant(studies["miwaves"])
    registry.rows[(p.study_id, p.participant_id)] = p
    return p.participant_id


def answering(
    publisher: AnsweringPublisher, record: InMemoryRecord, replies: ReplyWaiter, reply: bool = True
) -> None:
    """The decision service: settles the slot's decision in the record, then (maybe) replies."""

    async def decide(request: ActionRequested) -> None:
        [decision] = await settle(record, publisher, [decided(request)])
        if reply:
            replies.resolve(str(request.request_id), decision)

    publisher.on_request = decide


async def test_a_request_is_published_and_the_decision_services_reply_is_returned(
    action_deps: ActionDeps,
    studies: dict[str, Study],
    miwaves: str,
    publisher: AnsweringPublisher,
    record: InMemoryRecord,
    replies: ReplyWaiter,
) -> None:
    answering(publisher, record, replies)
    decision = await request_action(action_deps, studies["miwaves"], miwaves, MIWAVES_CONTEXT)
    [request] = publisher.of(ActionRequested)
    assert isinstance(request, ActionRequested)
    assert (request.participant_id, request.decision_index) == (miwaves, 0)
    assert request.reply_to == action_deps.reply_topic and request.context == MIWAVES_CONTEXT
    assert decision.request_id == request.request_id and not decision.fallback


async def test_the_scheduled_slot_is_the_window_open_on_the_clock(
    action_deps: ActionDeps,
    studies: dict[str, Study],
    miwaves: str,
    publisher: AnsweringPublisher,
    record: InMemoryRecord,
    replies: ReplyWaiter,
    clock: FixedClock,
) -> None:
    answering(publisher, record, replies)
    clock.at = local(1, 2100)  # Tuesday evening: windows 0-2 are over
    decision = await request_action(action_deps, studies["miwaves"], miwaves, MIWAVES_CONTEXT)
    assert decision.decision_index == 3


async def test_a_repeat_for_a_decided_slot_gets_the_stored_decision_back(
    action_deps: ActionDeps,
    studies: dict[str, Study],
    miwaves: str,
    publisher: AnsweringPublisher,
    record: InMemoryRecord,
    replies: ReplyWaiter,
) -> None:
    answering(publisher, record, replies)
    first = await request_action(action_deps, studies["miwaves"], miwaves, MIWAVES_CONTEXT)
    again = await request_action(action_deps, studies["miwaves"], miwaves, MIWAVES_CONTEXT)
    assert again == first
    assert len(publisher.of(ActionRequested)) == 2, "the decision service answers the retry"
    assert publisher.of(DecisionMade) == [first], "a stored decision is not published again"


async def test_on_time_out_the_fallback_is_stored_with_the_clipped_probability(
    action_deps: ActionDeps, studies: dict[str, Study], miwaves: str, record: InMemoryRecord
) -> None:
    eager = studies["miwaves"].model_copy(update={"fallback_probability": 0.95})
    silent = dataclasses.replace(action_deps, timeout_seconds=0)
    decision = await request_action(silent, eager, miwaves, MIWAVES_CONTEXT)
    assert decision.fallback and decision.fallback_reason
    assert decision.probability == 0.8, "clipped to the study's upper bound"
    assert decision.policy_version == POLICY_VERSION
    assert record.get("miwaves", miwaves, 0) == decision and decision.rid > 0


async def test_a_three_action_studys_fallback_stores_every_actions_probability(
    action_deps: ActionDeps,
    studies: dict[str, Study],
    registry: InMemoryParticipants,
    record: InMemoryRecord,
    clock: FixedClock,
) -> None:
    study = studies["three_messages"]
    p = participant(study)
    registry.rows[(p.study_id, p.participant_id)] = p
    clock.at = local(1, 1500)  # 20:00 in London: the second day's window is open
    silent = dataclasses.replace(action_deps, timeout_seconds=0)
    decision = await request_action(
        silent, study, p.participant_id, {"mood": "low", "sleep_hours": 6.0}
    )
    assert decision.fallback and decision.probabilities == [0.34, 0.33, 0.33]
    assert decision.probability == 0.33 and decision.action == draw_from(
        (0.34, 0.33, 0.33), decision.seed
    )
    assert record.get(study.id, p.participant_id, decision.decision_index) == decision


async def test_when_the_decision_service_decided_first_its_decision_wins_over_the_fallback(
    action_deps: ActionDeps,
    studies: dict[str, Study],
    miwaves: str,
    publisher: AnsweringPublisher,
    record: InMemoryRecord,
    replies: ReplyWaiter,
) -> None:
    answering(publisher, record, replies, reply=False)  # it decided, but its reply is late
    silent = dataclasses.replace(action_deps, timeout_seconds=0.01)
    decision = await request_action(silent, studies["miwaves"], miwaves, MIWAVES_CONTEXT)
    assert not decision.fallback and decision.decided_by == "decision-component"
    assert publisher.of(DecisionMade) == [decision], "the losing fallback is never published"


@pytest.mark.parametrize(
    ("case", "refusal", "code"),
    [
        ("withdrawn", Conflict, "participant_not_active"),
        ("unknown", NotFound, "participant_not_found"),
        ("before the RL start", Conflict, "outside_rl_dates"),
        ("after the RL end", Conflict, "outside_rl_dates"),
        ("index given to a scheduled study", Invalid, "decision_index_not_allowed"),
        ("no index for a client-indexed study", Invalid, "decision_index_required"),
        ("context off the schema", Invalid, "invalid_context"),
    ],
)
async def test_a_request_the_study_cannot_serve_is_refused_and_nothing_published(
    action_deps: ActionDeps,
    studies: dict[str, Study],
    registry: InMemoryParticipants,
    publisher: AnsweringPublisher,
    clock: FixedClock,
    case: str,
    refusal: type[DomainError],
    code: str,
) -> None:
    study = studies["justin" if "client-indexed" in case else "miwaves"]
    p = participant(study, status=WITHDRAWN if case == "withdrawn" else "STARTED")
    if case != "unknown":
        registry.rows[(p.study_id, p.participant_id)] = p
    clock.at = {"before the RL start": local(0, 859), "after the RL end": local(30, 1200)}.get(
        case, clock.at
    )
    index = 4 if case == "index given to a scheduled study" else None
    context = {"temperature": 20.5} if study.id == "justin" else dict(MIWAVES_CONTEXT)
    if case == "context off the schema":
        context["mood"] = 3
    with pytest.raises(refusal) as refused:
        await request_action(action_deps, study, p.participant_id, context, index)
    assert refused.value.code == code
    assert publisher.events == []


async def test_with_kafka_away_the_fallback_is_stored_and_answered(
    action_deps: ActionDeps, studies: dict[str, Study], miwaves: str, record: InMemoryRecord
) -> None:
    publisher = AnsweringPublisher(fail_with=ConnectionError("broker away"))
    cut_off = dataclasses.replace(action_deps, publisher=publisher)
    decision = await request_action(cut_off, studies["miwaves"], miwaves, MIWAVES_CONTEXT)
    assert decision.fallback and decision.fallback_reason == "event log unavailable"
    assert record.get("miwaves", miwaves, 0) == decision, "stored: the sweeper will publish it"
    assert publisher.events == []
