"""Policy versions: immutable rows in PostgreSQL, the served one mirrored in Redis.

The served version is the newest, or the one an operator pinned (rladapters.policy_controls).
Redis can always be rebuilt from PostgreSQL: `current()` falls back to the served version, and
the first caller of `ensure_initial()` writes version 1 from the study's priors.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rladapters.policy_controls import current as current_controls
from rldomain.algorithms import decode_params, encode_params
from rldomain.policy import Policy, code_version
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion
from rlkernel.redis_epoch import RedisEpoch


@dataclass(frozen=True)
class Served:
    """The version decisions should use, and the control change it follows (0: none), which
    orders writes to the mirror: a pin or unpin outranks any version chosen before it."""

    row: PolicyVersion
    control_id: int


# Writes only what outranks the mirror's entry: (control_id, version) higher. Two writers that
# read PostgreSQL at different moments (the trainer after an update, the gateway after a pin)
# then leave the later choice in Redis, whatever order their writes arrive in.
_PUT_IF_NEWER = """
local held = redis.call('HMGET', KEYS[1], 'control', 'version')
local control, version = tonumber(held[1] or '-1'), tonumber(held[2] or '-1')
local c, v = tonumber(ARGV[1]), tonumber(ARGV[2])
if control > c or (control == c and version >= v) then return 0 end
redis.call('HSET', KEYS[1], 'control', ARGV[1], 'version', ARGV[2], 'algorithm', ARGV[3],
           'params', ARGV[4])
return 1
"""


class PolicyMirror:
    """The served policy of each study in Redis, under the Redis epoch: after Redis restarts
    (perhaps from an older snapshot) or is flushed, readers fall back to the served version in
    PostgreSQL instead of an older one Redis still holds."""

    def __init__(self, client: aioredis.Redis, namespace: str) -> None:
        self.redis, self.namespace = client, namespace
        self.epoch = RedisEpoch(client, namespace)
        self._put_if_newer = client.register_script(_PUT_IF_NEWER)

    async def _key(self, study_id: str) -> str:
        return f"{self.namespace}:policy:{await self.epoch.current()}:{study_id}"

    async def put(self, served: Served) -> None:
        row = served.row
        await self._put_if_newer(
            keys=[await self._key(row.study_id)],
            args=[served.control_id, row.version, row.algorithm, row.params],
        )

    async def refresh(
        self, sessions: sessionmaker[Session], study: Study, now: datetime
    ) -> PolicyVersion:
        """Puts the served version from PostgreSQL (after an update, a control change, or at
        a trainer's start), and returns it."""
        served = await asyncio.to_thread(serving, sessions, study, now)
        await self.put(served)
        return served.row

    async def version(self, study_id: str) -> int | None:
        raw = await self.redis.hget(await self._key(study_id), "version")
        return None if raw is None else int(raw)

    async def current(self, sessions: sessionmaker[Session], study: Study, now: datetime) -> Policy:
        fields = ["version", "algorithm", "params"]
        raw = await self.redis.hmget(await self._key(study.id), fields)
        if raw[0] is None:
            row = await self.refresh(sessions, study, now)
            return Policy(study.id, row.version, row.algorithm, decode_params(row.params))
        version, algorithm, params = (cast(bytes, v) for v in raw)  # all set together, as bytes
        return Policy(study.id, int(version), algorithm.decode(), decode_params(params))


class PolicyVersions:
    """Stored versions, by number."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def get(self, study_id: str, version: int) -> PolicyVersion | None:
        def load() -> PolicyVersion | None:
            with self.sessions() as session:
                return session.get(PolicyVersion, (study_id, version))

        return await asyncio.to_thread(load)


def serving(sessions: sessionmaker[Session], study: Study, now: datetime) -> Served:
    """The pinned version if one is, else the newest (version 1 from the priors if none)."""
    newest = ensure_initial(sessions, study, now)
    with sessions() as session:
        controls = current_controls(session, study.id)
        pinned = controls.pinned_version
        row = newest if pinned is None else session.get(PolicyVersion, (study.id, pinned))
        assert row is not None, "a pin names a stored version, and versions are never removed"
        return Served(row, controls.control_id)


def ensure_initial(sessions: sessionmaker[Session], study: Study, now: datetime) -> PolicyVersion:
    """The newest stored version; writes version 1 from the priors if there is none.

    `now` is the service clock's time: decisions carry that clock's time too, and replay checks
    that a decision's version was written before it (a simulated study runs ahead of real time).
    """
    with sessions.begin() as session:
        newest = latest(session, study.id)
        if newest is not None:
            return newest
        session.execute(insert(PolicyVersion).values(initial(study, now)).on_conflict_do_nothing())
    with sessions() as session:
        row = latest(session, study.id)
        assert row is not None
        return row


def initial(study: Study, now: datetime) -> dict[str, Any]:
    """Version 1's row: the study's priors."""
    return {
        "study_id": study.id,
        "version": 1,
        "parent_version": None,
        "algorithm": str(study.algorithm["name"]),
        "params": encode_params(study.policy.initial_params()),
        "hyperparameters": {},
        "fit_on": {"observations": 0, "source": "priors"},
        "code_version": code_version(),
        "created_at": now,
    }


def latest(session: Session, study_id: str) -> PolicyVersion | None:
    return session.scalars(
        select(PolicyVersion)
        .where(PolicyVersion.study_id == study_id)
        .order_by(PolicyVersion.version.desc())
        .limit(1)
    ).first()
