"""One decision per slot: a slot's decision is claimed in Redis, first writer wins.

Whoever wins (a decision replica, or the gateway falling back on a time-out) publishes the
decision to `decisions.made` and then marks the claim published. Whoever finds an unpublished
claim publishes it again (same event_id; the recorder is idempotent), so a crash between claim
and publish cannot lose the decision. `settle` is that protocol, the only copy of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as aioredis

from rladapters.history import RewardHistory
from rldomain.deciding import RECENT_REWARDS
from rlkernel.events import DecisionMade
from rlkernel.publishing import Publishes

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


@dataclass(frozen=True)
class Pending:
    """What deciding a slot needs, read together: its claim if any, and if there is none,
    the participant's recent rewards and a fresh rid."""

    claim: Claim | None
    recent_rewards: list[float]
    rid: int


class Slots(Protocol):
    """The slot store as its users see it; `SlotStore` is Redis, tests use an in-memory one."""

    async def get(
        self, study_id: str, participant_id: str, decision_index: int
    ) -> Claim | None: ...

    async def pending(self, study_id: str, participant_id: str, decision_index: int) -> Pending: ...

    async def claim(self, decision: DecisionMade) -> Claim: ...

    async def mark_published(self, decision: DecisionMade) -> None: ...

    async def next_rid(self) -> int: ...


class SlotStore:
    def __init__(
        self,
        client: aioredis.Redis,
        namespace: str,
        history: RewardHistory | None = None,
        ttl_days: int = 45,
    ) -> None:
        self.redis = client
        self.namespace = namespace
        self.history = history or RewardHistory(client, namespace)
        self.ttl = ttl_days * 86400
        self._claim = client.register_script(_CLAIM)

    def key(self, study_id: str, participant_id: str, decision_index: int) -> str:
        return f"{self.namespace}:slot:{study_id}:{participant_id}:{decision_index}"

    @property
    def rid_key(self) -> str:
        return f"{self.namespace}:rid"

    async def get(self, study_id: str, participant_id: str, decision_index: int) -> Claim | None:
        raw = await self.redis.hmget(
            self.key(study_id, participant_id, decision_index), ["decision", "published"]
        )
        return _parse(raw)

    async def pending(self, study_id: str, participant_id: str, decision_index: int) -> Pending:
        # One round trip on the hot path. The rid is spent even when the slot turns out to be
        # claimed: rids are unique, not dense.
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hmget(
                self.key(study_id, participant_id, decision_index), ["decision", "published"]
            )
            pipe.lrange(self.history.key(study_id, participant_id), -RECENT_REWARDS, -1)
            pipe.incr(self.rid_key)
            raw, rewards, rid = await pipe.execute()
        return Pending(_parse(raw), [float(r) for r in rewards], int(rid))

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


def _parse(raw: Sequence[bytes | str | None]) -> Claim | None:
    """A claim from HMGET [decision, published]."""
    if raw[0] is None:
        return None
    return Claim(DecisionMade.model_validate_json(raw[0]), False, raw[1] is not None)


async def settle(
    slots: Slots,
    publisher: Publishes,
    claim_or_candidate: Claim | DecisionMade,
    alongside: Callable[[DecisionMade], Awaitable[None]] | None = None,
) -> DecisionMade:
    """The slot's one decision: the existing claim, or the candidate if it wins the claim.

    Publishes the decision unless its claim says it already was, then marks it published.
    `alongside` (the reply to the asking gateway) runs concurrently with that publish.
    """
    claim = claim_or_candidate
    if isinstance(claim, DecisionMade):
        claim = await slots.claim(claim)
    decision = claim.decision
    jobs = [alongside(decision)] if alongside else []
    if claim.published:
        await asyncio.gather(*jobs)
        return decision
    await asyncio.gather(publisher.publish(decision), *jobs)
    await slots.mark_published(decision)
    return decision
