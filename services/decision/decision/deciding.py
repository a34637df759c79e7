"""Answer one action request: the slot's existing decision, or a new one from the policy."""

from __future__ import annotations

from decision.policy_cache import PolicyCache
from rladapters.slots import Slots, settle
from rldomain.deciding import derive
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study
from rlkernel.clock import Clock
from rlkernel.events import ActionRequested, DecisionMade
from rlkernel.publishing import Publishes


class Decider:
    def __init__(
        self,
        studies: dict[str, Study],
        seed_secret: str,
        slots: Slots,
        policies: PolicyCache,
        publisher: Publishes,
        instance: str,
        clock: Clock,
    ) -> None:
        self.studies, self.slots, self.policies = studies, slots, policies
        self.publisher = publisher
        self.instance = instance
        self.clock = clock
        self.keys = {sid: study_key(seed_secret, sid) for sid in studies}

    async def answer(self, request: ActionRequested) -> DecisionMade:
        """The slot's one decision, sent to the asking gateway (and to the log if it is new)."""
        pending = await self.slots.pending(
            request.study_id, request.participant_id, request.decision_index
        )
        claim_or_candidate = pending.claim or await self._new_decision(
            request, pending.recent_rewards, pending.rid
        )

        async def reply(decision: DecisionMade) -> None:
            await self.publisher.reply(decision, request.reply_to, str(request.request_id))

        return await settle(self.slots, self.publisher, claim_or_candidate, reply)

    async def _new_decision(
        self, request: ActionRequested, rewards: list[float], rid: int
    ) -> DecisionMade:
        study = self.studies[request.study_id]
        policy = await self.policies.get(study)
        seed = slot_seed(self.keys[study.id], request.participant_id, request.decision_index)
        derived = derive(
            study,
            policy,
            request.participant_id,
            request.decision_index,
            request.context,
            rewards,
            seed,
        )
        return DecisionMade(
            request_id=request.request_id,
            study_id=study.id,
            participant_id=request.participant_id,
            decision_index=request.decision_index,
            rid=rid,
            seed=seed,
            action=derived.action,
            probability=derived.probability,
            policy_version=policy.version,
            algorithm=policy.algorithm,
            state=list(derived.state),
            context=request.context,
            recent_rewards=rewards,
            fallback=False,
            decided_at=self.clock.now(),
            decided_by=f"decision-{self.instance}",
        )
