"""The action use case: validate, find the slot, ask the decision service, fall back on time-out."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from gateway import participants
from gateway.contexts import validate_context
from gateway.decision_slot import slot_index
from gateway.metrics import ACTION_PHASE, DECISIONS
from rladapters.participants import Participants
from rladapters.slots import DecisionRecord, settle
from rldomain.deciding import derive_fallback
from rldomain.errors import Conflict
from rldomain.lifecycle import ACCEPTS_ACTIONS
from rldomain.seeds import slot_seed
from rldomain.study import Study
from rlkernel.events import ActionRequested, DecisionMade, carried_probabilities
from rlkernel.logs import get_logger
from rlkernel.metrics import count_decision
from rlkernel.publishing import Publishes, publish_within

log = get_logger(__name__)
# A fallback's reason (on the decision), and its cause in a word (a metric's label).
EVENT_LOG_UNAVAILABLE = "event log unavailable"
TIMED_OUT = "decision service did not answer in time"
CAUSES = {EVENT_LOG_UNAVAILABLE: "event_log_unavailable", TIMED_OUT: "timeout"}


class AwaitsReplies(Protocol):
    def expect(self, request_id: uuid.UUID) -> asyncio.Future[DecisionMade]: ...

    def forget(self, request_id: uuid.UUID) -> None: ...


@dataclass(frozen=True)
class ActionDeps:
    participants: Participants
    record: DecisionRecord
    publisher: Publishes
    replies: AwaitsReplies
    policy_version: Callable[[str], Awaitable[int | None]]  # the study's current, if any
    now: Callable[[], datetime]
    study_keys: Mapping[str, bytes]
    reply_topic: str  # this instance's: where the decision service answers
    instance: str
    timeout_seconds: float


def two_actions(study: Study) -> Study:
    """The study, if the MiWaves and JustIn contracts can answer it: theirs is action 0 or 1.
    A study of more actions is asked on the native route, before anything is decided."""
    if study.n_actions != 2:
        raise Conflict(
            "study_not_binary",
            f"study {study.id} has {study.n_actions} actions: use /v1/studies/{study.id}/actions",
        )
    return study


async def request_action(
    deps: ActionDeps,
    study: Study,
    participant_id: str,
    fields: dict[str, Any],
    decision_index: int | None = None,
) -> DecisionMade:
    context = validate_context(study, fields)
    with ACTION_PHASE.labels("participant_lookup").time():
        p = await participants.find(deps.participants, study.id, participant_id)
    if p.status not in ACCEPTS_ACTIONS:
        raise Conflict(
            "participant_not_active", f"participant {participant_id} is {p.status}: no more actions"
        )
    index = slot_index(deps.now(), study, p, decision_index)
    request = ActionRequested(
        request_id=uuid.uuid4(),
        reply_to=deps.reply_topic,
        study_id=study.id,
        participant_id=participant_id,
        decision_index=index,
        context=context,
        requested_at=deps.now(),
    )
    # One clock for the whole wait: publishing the request and the decision service's answer.
    # A retry of a decided slot goes the same way and gets the stored decision back.
    waiting = deps.replies.expect(request.request_id)
    started = asyncio.get_running_loop().time()
    try:
        try:
            with ACTION_PHASE.labels("publish_request").time():
                await publish_within(deps.publisher, request, deps.timeout_seconds)
        except Exception as exc:  # Kafka away: the record can still take a fallback
            DECISIONS.labels(study.id, "fallback").inc()
            log.warning("request_not_published", study=study.id, error=type(exc).__name__)
            return await fallback(deps, study, request, EVENT_LOG_UNAVAILABLE)
        left = deps.timeout_seconds - (asyncio.get_running_loop().time() - started)
        with ACTION_PHASE.labels("await_decision").time():
            decision = await asyncio.wait_for(waiting, max(left, 0))
        DECISIONS.labels(study.id, "policy").inc()
        return decision
    except TimeoutError:
        DECISIONS.labels(study.id, "fallback").inc()
        return await fallback(deps, study, request, TIMED_OUT)
    finally:
        deps.replies.forget(request.request_id)


async def fallback(
    deps: ActionDeps, study: Study, request: ActionRequested, reason: str
) -> DecisionMade:
    """The study's pre-specified fallback, settled like any decision: if the slot was decided
    meanwhile (by the decision service, or before), that decision wins and is returned."""
    seed = slot_seed(deps.study_keys[study.id], request.participant_id, request.decision_index)
    derived = derive_fallback(study, seed)
    version = await deps.policy_version(study.id)
    draft = DecisionMade(
        request_id=request.request_id,
        study_id=study.id,
        participant_id=request.participant_id,
        decision_index=request.decision_index,
        rid=0,  # the record assigns it
        seed=seed,
        action=derived.action,
        probability=derived.probability,
        probabilities=carried_probabilities(derived.probabilities),
        policy_version=version or 0,
        algorithm=str(study.algorithm["name"]),
        state=[],
        context=request.context,
        recent_rewards=[],
        fallback=True,
        fallback_reason=reason,
        decided_at=deps.now(),
        decided_by=f"gateway-{deps.instance}",
    )
    # Publishing waits no longer than the request did: if Kafka is away, the sweeper publishes.
    [decision] = await settle(
        deps.record, deps.publisher, [draft], publish_within=deps.timeout_seconds
    )
    won = decision.event_id == draft.event_id
    if won:
        count_decision(study, decision, CAUSES[reason])
    log.warning(
        "fallback_used",
        study=study.id,
        participant=request.participant_id,
        decision_index=request.decision_index,
        won=won,
    )
    return decision
