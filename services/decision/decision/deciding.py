"""Answer action requests: a draft decision per request from the study's policy (its fallback
when the request makes no state), settled by the record (the slot's stored decision wins),
replied to the asking gateway."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from decision.policy_cache import PolicyCache
from rladapters.slots import DecisionRecord, settle
from rldomain.deciding import derive, derive_fallback
from rldomain.policy import Policy
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study
from rlkernel.clock import Clock
from rlkernel.events import ActionRequested, DecisionMade, carried_probabilities
from rlkernel.logs import get_logger
from rlkernel.metrics import count_decision
from rlkernel.publishing import Publishes

log = get_logger(__name__)
NO_STATE = "the request makes no state"  # a decision's fallback_reason


def no_state(error: ValueError) -> str:
    """The fallback reason: the state entry at fault (`state.<name>: ...`, a key of the study
    file), never the rest of the message, which could quote an answer."""
    entry = str(error).split(":", 1)[0]
    return f"{NO_STATE} ({entry})" if entry.startswith("state.") and " " not in entry else NO_STATE


class RecentRewards(Protocol):
    async def recent_many(self, who: Sequence[tuple[str, str]]) -> list[list[float]]: ...


class Decider:
    def __init__(
        self,
        studies: dict[str, Study],
        seed_secret: str,
        record: DecisionRecord,
        policies: PolicyCache,
        history: RecentRewards,
        publisher: Publishes,
        instance: str,
        clock: Clock,
    ) -> None:
        self.studies, self.record, self.policies = studies, record, policies
        self.history, self.publisher = history, publisher
        self.instance = instance
        self.clock = clock
        self.keys = {sid: study_key(seed_secret, sid) for sid in studies}

    async def answer(self, requests: Sequence[ActionRequested]) -> list[DecisionMade]:
        """Each request's slot's one decision, sent to its gateway (and to the log if new).

        One read of recent rewards, one transaction and one publish round for the whole batch.
        A request for a decided slot (a retry) gets the stored decision; its draft is dropped."""
        rewards = await self.history.recent_many([(r.study_id, r.participant_id) for r in requests])
        policies = {
            s: await self.policies.get(self.studies[s]) for s in {r.study_id for r in requests}
        }
        drafts = [
            self._draft(r, policies[r.study_id], recent)
            for r, recent in zip(requests, rewards, strict=True)
        ]

        async def reply(i: int, decision: DecisionMade) -> None:
            asked = requests[i]
            await self.publisher.reply(decision, asked.reply_to, str(asked.request_id))

        decisions = await settle(self.record, self.publisher, drafts, reply)
        for draft, decision in zip(drafts, decisions, strict=True):
            if decision.event_id == draft.event_id:  # stored now, not a decided slot's answer
                # This service falls back only for a request that makes no state.
                count_decision(self.studies[decision.study_id], decision, cause="no_state")
        return decisions

    def _draft(
        self, request: ActionRequested, policy: Policy, rewards: list[float]
    ) -> DecisionMade:
        study = self.studies[request.study_id]
        seed = slot_seed(self.keys[study.id], request.participant_id, request.decision_index)
        reason = None
        try:
            derived = derive(
                study,
                policy,
                request.participant_id,
                request.decision_index,
                request.context,
                rewards,
                seed,
            )
        except ValueError as error:  # the request makes no state: the pre-specified fallback
            reason = no_state(error)
            log.warning(
                "no_state_fallback",
                study=study.id,
                participant=request.participant_id,
                decision_index=request.decision_index,
                reason=reason,
            )
            derived = derive_fallback(study, seed)
        return DecisionMade(
            request_id=request.request_id,
            study_id=study.id,
            participant_id=request.participant_id,
            decision_index=request.decision_index,
            rid=0,  # the record assigns it
            seed=seed,
            action=derived.action,
            probability=derived.probability,
            probabilities=carried_probabilities(derived.probabilities),
            policy_version=policy.version,
            algorithm=policy.algorithm,
            state=list(derived.state),
            context=request.context,
            recent_rewards=rewards,
            fallback=reason is not None,
            fallback_reason=reason,
            decided_at=self.clock.now(),
            decided_by=f"decision-{self.instance}",
        )
