"""Logged-out tokens: PostgreSQL is the record, Redis a cache checked on every request.

The cache is the whole set of unexpired revoked ids, under the Redis epoch, with a version: a
revocation is stored, added to the set and bumps the version; a reader that finds the set not
loaded, or loaded at an older version, reloads it from PostgreSQL first. So a flushed or
restarted Redis revives no revoked token, and a reload racing a revocation is redone.

The same round trip reads the access version (rladapters.access): bumped after every change of
a client or a role, it tells the gateway when the grants it holds in memory are stale.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import RevokedToken
from rlkernel.redis_epoch import RedisEpoch

LOADED_FOR_SECONDS = 3600  # a reload at least this often also drops the expired ids


class Revocations:
    def __init__(
        self, client: aioredis.Redis, namespace: str, sessions: sessionmaker[Session]
    ) -> None:
        self.redis, self.namespace, self.sessions = client, namespace, sessions
        self.epoch = RedisEpoch(client, namespace)

    async def _keys(self) -> tuple[str, str, str, str]:
        epoch = await self.epoch.current()
        base = f"{self.namespace}:revoked:{epoch}"
        access = f"{self.namespace}:access:{epoch}:version"
        return f"{base}:ids", f"{base}:version", f"{base}:loaded", access

    async def revoke(self, token_id: str, expires_at: datetime) -> None:
        def store() -> None:
            with self.sessions.begin() as session:
                session.execute(
                    insert(RevokedToken)
                    .values(token_id=token_id, expires_at=expires_at)
                    .on_conflict_do_nothing()
                )

        await asyncio.to_thread(store)
        ids, version, _, _ = await self._keys()
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(ids, token_id)
            pipe.incr(version)
            await pipe.execute()

    async def check(self, token_id: str) -> tuple[bool, str]:
        """Whether the token was revoked, and the access version (a new value whenever a
        client or a role changed, or Redis lost its keys)."""
        ids, version, loaded, access = await self._keys()
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.get(loaded)
            pipe.get(version)
            pipe.sismember(ids, token_id)
            pipe.get(access)
            at, now, member, access_version = await pipe.execute()
        stamp = f"{access}={access_version!r}"
        if at is not None and at == (now or b"0"):
            return bool(member), stamp
        return token_id in await self._reload(ids, version, loaded), stamp

    async def access_changed(self) -> None:
        """Called after a change of a client or its roles is committed: every gateway reloads
        the grants it holds on their next use."""
        *_, access = await self._keys()
        await self.redis.incr(access)

    async def _reload(self, ids: str, version: str, loaded: str) -> set[str]:
        seen = await self.redis.get(version) or b"0"

        def read() -> set[str]:
            with self.sessions() as session:
                return set(
                    session.scalars(
                        select(RevokedToken.token_id).where(
                            RevokedToken.expires_at > datetime.now(UTC)
                        )
                    )
                )

        revoked = await asyncio.to_thread(read)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(ids)
            if revoked:
                pipe.sadd(ids, *revoked)
            pipe.set(loaded, seen, ex=LOADED_FOR_SECONDS)
            await pipe.execute()
        return revoked
