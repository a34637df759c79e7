"""Answer one action request: the slot's existing decision, or a new one from the policy."""

from __future__ import annotations

import asyncio

from faststream.kafka import KafkaBroker

from decision.policy_cache import PolicyCache
from rladapters.history import RewardHistory
from rladapters.slots import SlotStore
from rldomain.deciding import RECENT_REWARDS as KEEP
from rldomain.deciding import derive
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study
from rlkernel.clock import Clock
from rlkernel.events import ActionRequested, DecisionMade
from rlkernel.topics import Topics


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
        clock: Clock,
    ) -> None:
        self.studies, self.slots, self.policies = studies, slots, policies
        self.history, self.broker, self.topics = history, broker, topics
        self.instance = instance
        self.clock = clock
        self.keys = {sid: study_key(seed_secret, sid) for sid in studies}

    async def publish(self, decision: DecisionMade) -> None:
        await self.broker.publish(
            decision, topic=self.topics.decisions_made, key=decision.participant_id.encode()
        )

    async def answer(self, request: ActionRequested) -> DecisionMade:
        # One round trip for what every request needs: the slot's claim, the participant's
        # recent rewards, and a rid (unused, and so skipped, when the slot is already claimed).
        async with self.slots.redis.pipeline(transaction=False) as pipe:
            pipe.hmget(
                self.slots.key(request.study_id, request.participant_id, request.decision_index),
                ["decision", "published"],
            )
            pipe.lrange(self.history.key(request.study_id, request.participant_id), -KEEP, -1)
            pipe.incr(self.slots.rid_key)
            raw, rewards, rid = await pipe.execute()
        claim = SlotStore.parse(raw)
        if claim is None:
            claim = await self.slots.claim(
                await self._new_decision(request, [float(r) for r in rewards], int(rid))
            )
        reply = self.broker.publish(
            claim.decision, topic=request.reply_to, correlation_id=str(request.request_id)
        )
        if claim.published:
            await reply
        else:  # we won the claim, or its winner died before publishing: publish it now
            await asyncio.gather(self.publish(claim.decision), reply)
            await self.slots.mark_published(claim.decision)
        return claim.decision

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
