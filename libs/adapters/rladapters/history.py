"""Each participant's recent rewards, which the next decision's state is built from.

PostgreSQL's observations are the record; Redis holds the last few per participant as a cache
under the Redis epoch (rlkernel.redis_epoch), so a flushed or restarted Redis refills from the
record instead of serving a short or stale history. A cached entry carries the highest
observation id it was read up to, and is only ever replaced by a newer read: ingest refreshes a
participant's entry after each commit, and a reader that finds none builds it, in any order.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
from sqlalchemy import Select, bindparam, func, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from rldomain.deciding import RECENT_REWARDS
from rlkernel.db.models import Observation
from rlkernel.redis_epoch import RedisEpoch

Who = tuple[str, str]  # (study, participant)
TTL_SECONDS = 3 * 86400

_SET_IF_NEWER = """
local old = redis.call('GET', KEYS[1])
if old and tonumber(cjson.decode(old)['upto']) >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
"""


def _recent_rewards() -> Select[Any]:
    """Per participant, the last RECENT_REWARDS rewards and the highest observation id; built
    once, for any number of participants (`who`)."""
    rank = (
        func.row_number()
        .over(
            partition_by=(Observation.study_id, Observation.participant_id),
            order_by=Observation.decision_index.desc(),
        )
        .label("rank")
    )
    ranked = (
        select(
            Observation.study_id,
            Observation.participant_id,
            Observation.decision_index,
            Observation.reward,
            func.max(Observation.id)
            .over(partition_by=(Observation.study_id, Observation.participant_id))
            .label("upto"),
            rank,
        )
        .where(
            tuple_(Observation.study_id, Observation.participant_id).in_(
                bindparam("who", expanding=True)
            )
        )
        .subquery()
    )
    return select(ranked).where(ranked.c.rank <= RECENT_REWARDS).order_by(ranked.c.decision_index)


_RECENT = _recent_rewards()


class RewardHistory:
    def __init__(
        self, client: aioredis.Redis, namespace: str, sessions: sessionmaker[Session]
    ) -> None:
        self.redis, self.namespace, self.sessions = client, namespace, sessions
        self.epoch = RedisEpoch(client, namespace)
        self._set_if_newer = client.register_script(_SET_IF_NEWER)

    def key(self, epoch: str, study_id: str, participant_id: str) -> str:
        return f"{self.namespace}:rewards:{epoch}:{study_id}:{participant_id}"

    async def recent_many(self, who: Sequence[Who]) -> list[list[float]]:
        """Previous rewards of each, most recent last; one Redis round trip when cached."""
        epoch = await self.epoch.current()
        keys = [self.key(epoch, s, p) for s, p in who]
        cached = await self.redis.mget(keys) if keys else []
        found: dict[Who, list[float]] = {
            w: json.loads(raw)["rewards"] for w, raw in zip(who, cached, strict=True) if raw
        }
        missing = sorted({w for w in who if w not in found})
        if missing:
            found |= await self._refill(epoch, missing)
        return [found[w] for w in who]

    async def start_empty(self, study_id: str, participant_id: str) -> None:
        """A participant just registered has no rewards: cached so, their first decision
        reads no observations (set-if-newer, so it never hides a history that exists)."""
        value = json.dumps({"upto": 0, "rewards": []})
        key = self.key(await self.epoch.current(), study_id, participant_id)
        await self._set_if_newer(keys=[key], args=[value, 0, TTL_SECONDS])

    async def refresh(self, study_id: str, participant_id: str) -> None:
        """After new observations are committed: re-read them from the record."""
        await self._refill(await self.epoch.current(), [(study_id, participant_id)])

    async def _refill(self, epoch: str, who: list[Who]) -> dict[Who, list[float]]:
        read = await asyncio.to_thread(self._read, who)
        async with self.redis.pipeline(transaction=False) as pipe:
            for (s, p), (upto, rewards) in read.items():
                value = json.dumps({"upto": upto, "rewards": rewards})
                await self._set_if_newer(
                    keys=[self.key(epoch, s, p)], args=[value, upto, TTL_SECONDS], client=pipe
                )
            await pipe.execute()
        return {w: rewards for w, (_, rewards) in read.items()}

    def _read(self, who: list[Who]) -> dict[Who, tuple[int, list[float]]]:
        """The last RECENT_REWARDS rewards by decision index, and the highest observation id."""
        out: dict[Who, tuple[int, list[float]]] = {w: (0, []) for w in who}
        with self.sessions() as session:
            rows = session.execute(_RECENT, {"who": who})
            for r in rows:
                w = (r.study_id, r.participant_id)
                out[w] = (int(r.upto), [*out[w][1], float(r.reward)])
        return out
