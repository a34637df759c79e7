"""Answer one action request: the slot's existing decision, or a new one from the policy."""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from decision.policy_cache import PolicyCache
from rlcommon.deciding import derive
from rlcommon.events import ActionRequested, DecisionMade, utcnow
from rlcommon.history import RewardHistory
from rlcommon.seeds import slot_seed, study_key
from rlcommon.slots import SlotStore, settle
from rlcommon.study import Study
from rlcommon.topics import Topics


class Decider:
    def __init__(
        self,
        studies: dict[str, Study],
        seed_secret: str,
        slots: SlotStore,
        policies: PolicyCache,
        history: RewardHistory,
        broker: KafkaBroker,
        topics: Topics,
        instance: str,
    ) -> None:
        self.studies, self.slots, self.policies = studies, slots, policies
        self.history, self.broker, self.topics = history, broker, topics
        self.instance = instance
        self.keys = {sid: study_key(seed_secret, sid) for sid in studies}

    async def publish(self, decision: DecisionMade) -> None:
        await self.broker.publish(
            decision, topic=self.topics.decisions_made, key=decision.participant_id.encode()
        )

    async def answer(self, request: ActionRequested) -> DecisionMade:
        existing = await self.slots.get(
            request.study_id, request.participant_id, request.decision_index
        )
        candidate = None if existing else await self._new_decision(request)
        decision = await settle(self.slots, self.publish, existing, candidate)
        await self.broker.publish(
            decision, topic=request.reply_to, correlation_id=str(request.request_id)
        )
        return decision

    async def _new_decision(self, request: ActionRequested) -> DecisionMade:
        study = self.studies[request.study_id]
        policy = await self.policies.get(study)
        rewards = await self.history.recent(study.id, request.participant_id)
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
            rid=await self.slots.next_rid(),
            seed=seed,
            action=derived.action,
            probability=derived.probability,
            policy_version=policy.version,
            algorithm=policy.algorithm,
            state=list(derived.state),
            context=request.context,
            recent_rewards=list(rewards),
            fallback=False,
            decided_at=utcnow(),
            decided_by=f"decision-{self.instance}",
        )
