"""Policy versions: immutable rows in PostgreSQL, the current one mirrored in Redis.

Redis can always be rebuilt from PostgreSQL: `current()` falls back to the newest stored
version, and the first caller of `ensure_initial()` writes version 1 from the study's priors.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import cast

import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rldomain.algorithms import decode_params, encode_params
from rldomain.policy import Policy, code_version
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion
from rlkernel.redis_epoch import RedisEpoch


class PolicyMirror:
    """The current policy of each study in Redis, under the Redis epoch: after Redis restarts
    (perhaps from an older snapshot) or is flushed, readers fall back to the newest stored
    version instead of an older one Redis still holds."""

    def __init__(self, client: aioredis.Redis, namespace: str) -> None:
        self.redis, self.namespace = client, namespace
        self.epoch = RedisEpoch(client, namespace)

    async def _key(self, study_id: str) -> str:
        return f"{self.namespace}:policy:{await self.epoch.current()}:{study_id}"

    async def put(self, row: PolicyVersion) -> None:
        await self.redis.hset(
            await self._key(row.study_id),
            mapping={"version": row.version, "algorithm": row.algorithm, "params": row.params},
        )

    async def version(self, study_id: str) -> int | None:
        raw = await self.redis.hget(await self._key(study_id), "version")
        return None if raw is None else int(raw)

    async def current(self, sessions: sessionmaker[Session], study: Study, now: datetime) -> Policy:
        fields = ["version", "algorithm", "params"]
        raw = await self.redis.hmget(await self._key(study.id), fields)
        if raw[0] is None:
            row = await asyncio.to_thread(ensure_initial, sessions, study, now)
            await self.put(row)
            return Policy(study.id, row.version, row.algorithm, decode_params(row.params))
        version, algorithm, params = (cast(bytes, v) for v in raw)  # all set together, as bytes
        return Policy(study.id, int(version), algorithm.decode(), decode_params(params))


def ensure_initial(sessions: sessionmaker[Session], study: Study, now: datetime) -> PolicyVersion:
    """The newest stored version; writes version 1 from the priors if there is none.

    `now` is the service clock's time: decisions carry that clock's time too, and replay checks
    that a decision's version was written before it (a simulated study runs ahead of real time).
    """
    with sessions.begin() as session:
        newest = latest(session, study.id)
        if newest is not None:
            return newest
        session.execute(
            insert(PolicyVersion)
            .values(
                study_id=study.id,
                version=1,
                parent_version=None,
                algorithm=str(study.algorithm["name"]),
                params=encode_params(study.policy.initial_params()),
                hyperparameters={},
                fit_on={"observations": 0, "source": "priors"},
                code_version=code_version(),
                created_at=now,
            )
            .on_conflict_do_nothing()
        )
    with sessions() as session:
        row = latest(session, study.id)
        assert row is not None
        return row


def latest(session: Session, study_id: str) -> PolicyVersion | None:
    return session.scalars(
        select(PolicyVersion)
        .where(PolicyVersion.study_id == study_id)
        .order_by(PolicyVersion.version.desc())
        .limit(1)
    ).first()
