"""The action use case: validate, find the slot, ask the decision service, fall back on time-out."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from gateway import participants
from gateway.contexts import validate_context
from gateway.errors import ApiError
from gateway.metrics import ACTION_PHASE, DECISIONS
from gateway.participants import ParticipantView
from gateway.state import GatewayState
from rladapters.policies import redis_version
from rladapters.slots import settle
from rldomain.deciding import derive_fallback
from rldomain.lifecycle import ACCEPTS_ACTIONS
from rldomain.schedule import decision_index_at
from rldomain.seeds import slot_seed
from rldomain.study import Study
from rlkernel.events import ActionRequested, DecisionMade
from rlkernel.logs import get_logger

log = get_logger(__name__)


def slot_index(state: GatewayState, study: Study, p: ParticipantView, given: int | None) -> int:
    """The slot the request is for: from the clock (scheduled studies) or from the caller."""
    if study.schedule.kind == "client_indexed":
        if given is None:
            raise ApiError(
                422,
                "decision_index_required",
                f"study {study.id} needs the decision index in the request",
            )
        return given
    if given is not None:
        raise ApiError(
            422,
            "decision_index_not_allowed",
            f"study {study.id} derives the decision index from the time",
        )
    assert p.rl_start_date is not None and p.rl_end_date is not None
    now = state.clock.now()
    tz = ZoneInfo(study.timezone)
    index = decision_index_at(
        now,
        p.rl_start_date,
        p.baseline["morning_notification_time_start"],
        p.baseline["evening_notification_time_start"],
        tz,
    )
    last = study.schedule.decisions_per_participant
    if index < 0 or now.astimezone(tz).date() > p.rl_end_date or (last and index >= last):
        raise ApiError(
            409,
            "outside_rl_dates",
            f"no decision window now for participant {p.participant_id}: "
            f"the RL period is {p.rl_start_date} to {p.rl_end_date}",
        )
    return index


async def request_action(
    state: GatewayState,
    study: Study,
    participant_id: str,
    fields: dict[str, Any],
    decision_index: int | None = None,
) -> DecisionMade:
    context = validate_context(study, fields)
    with ACTION_PHASE.labels("participant_lookup").time():
        p = await participants.get(
            state.sessions, state.redis, state.settings.rls_namespace, study.id, participant_id
        )
    if p.status not in ACCEPTS_ACTIONS:
        raise ApiError(
            409,
            "participant_not_active",
            f"participant {participant_id} is {p.status}: no more actions",
        )
    index = slot_index(state, study, p, decision_index)
    with ACTION_PHASE.labels("slot_lookup").time():
        existing = await state.slots.get(study.id, participant_id, index)
    if existing is not None:  # a retry: the same answer, never a second randomization
        DECISIONS.labels("repeat").inc()
        return await settle(state.slots, state.publisher, existing)

    request = ActionRequested(
        request_id=uuid.uuid4(),
        reply_to=state.reply_topic,
        study_id=study.id,
        participant_id=participant_id,
        decision_index=index,
        context=context,
        requested_at=state.clock.now(),
    )
    waiting = state.replies.expect(request.request_id)
    try:
        with ACTION_PHASE.labels("publish_request").time():
            await state.publisher.publish(request)
        with ACTION_PHASE.labels("await_decision").time():
            decision = await asyncio.wait_for(waiting, state.settings.decision_timeout_seconds)
        DECISIONS.labels("policy").inc()
        return decision
    except TimeoutError:
        DECISIONS.labels("fallback").inc()
        return await fallback(state, study, request, "decision service did not answer in time")
    finally:
        state.replies.forget(request.request_id)


async def fallback(
    state: GatewayState, study: Study, request: ActionRequested, reason: str
) -> DecisionMade:
    """The study's pre-specified fallback, claimed like any decision: if the decision service
    claimed the slot meanwhile, its decision wins and is returned instead."""
    seed = slot_seed(state.study_keys[study.id], request.participant_id, request.decision_index)
    derived = derive_fallback(study, seed)
    version = await redis_version(state.redis, state.settings.rls_namespace, study.id)
    candidate = DecisionMade(
        request_id=request.request_id,
        study_id=study.id,
        participant_id=request.participant_id,
        decision_index=request.decision_index,
        rid=await state.slots.next_rid(),
        seed=seed,
        action=derived.action,
        probability=derived.probability,
        policy_version=version or 0,
        algorithm=str(study.algorithm["name"]),
        state=[],
        context=request.context,
        recent_rewards=[],
        fallback=True,
        fallback_reason=reason,
        decided_at=state.clock.now(),
        decided_by=f"gateway-{state.instance}",
    )
    decision = await settle(state.slots, state.publisher, candidate)
    log.warning(
        "fallback_used",
        study=study.id,
        participant=request.participant_id,
        decision_index=request.decision_index,
        won=decision.event_id == candidate.event_id,
    )
    return decision
