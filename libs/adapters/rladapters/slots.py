"""One decision per slot: a slot's decision is claimed in Redis, first writer wins.

Whoever wins (a decision replica, or the gateway falling back on a time-out) publishes the
decision to `decisions.made` and then marks the claim published. Whoever finds an unpublished
claim publishes it again (same event_id; the recorder is idempotent), so a crash between claim
and publish cannot lose the decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as aioredis

from rlkernel.events import DecisionMade

_CLAIM = """
local won = redis.call('HSETNX', KEYS[1], 'decision', ARGV[1])
if won == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return {won, redis.call('HGET', KEYS[1], 'decision'), redis.call('HGET', KEYS[1], 'published')}
"""


@dataclass(frozen=True)
class Claim:
    decision: DecisionMade
    won: bool
    published: bool


class SlotStore:
    def __init__(self, client: aioredis.Redis, namespace: str, ttl_days: int = 45) -> None:
        self.redis = client
        self.namespace = namespace
        self.ttl = ttl_days * 86400
        self._claim = client.register_script(_CLAIM)

    def key(self, study_id: str, participant_id: str, decision_index: int) -> str:
        return f"{self.namespace}:slot:{study_id}:{participant_id}:{decision_index}"

    async def get(self, study_id: str, participant_id: str, decision_index: int) -> Claim | None:
        raw = await self.redis.hmget(
            self.key(study_id, participant_id, decision_index), ["decision", "published"]
        )
        return self.parse(raw)

    async def claim(self, decision: DecisionMade) -> Claim:
        key = self.key(decision.study_id, decision.participant_id, decision.decision_index)
        won, stored, published = await self._claim(
            keys=[key], args=[decision.model_dump_json(), self.ttl]
        )
        return Claim(DecisionMade.model_validate_json(stored), bool(won), published is not None)

    async def mark_published(self, decision: DecisionMade) -> None:
        key = self.key(decision.study_id, decision.participant_id, decision.decision_index)
        await self.redis.hset(key, "published", "1")

    async def next_rid(self) -> int:
        return int(await self.redis.incr(self.rid_key))

    @property
    def rid_key(self) -> str:
        return f"{self.namespace}:rid"

    @staticmethod
    def parse(raw: Sequence[bytes | str | None]) -> Claim | None:
        """A claim from HMGET [decision, published]."""
        if raw[0] is None:
            return None
        return Claim(DecisionMade.model_validate_json(raw[0]), False, raw[1] is not None)


class DecisionPublisher(Protocol):
    async def __call__(self, decision: DecisionMade) -> None: ...


async def settle(
    slots: SlotStore,
    publish: DecisionPublisher,
    existing: Claim | None,
    candidate: DecisionMade | None,
) -> DecisionMade:
    """The slot's one decision: the existing claim, else `candidate` if it wins the claim.

    Publishes the decision unless its claim says it already was, then marks it published.
    """
    claim = existing
    if claim is None:
        assert candidate is not None, "a candidate is needed when the slot has no claim"
        claim = await slots.claim(candidate)
    if not claim.published:
        await publish(claim.decision)
        await slots.mark_published(claim.decision)
    return claim.decision
