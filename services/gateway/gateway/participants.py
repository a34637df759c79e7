"""Participant use cases: registration, look-up, life-cycle changes (PostgreSQL, in a thread)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from gateway.errors import ApiError
from gateway.schemas import Baseline
from rladapters.participants import cache_key
from rldomain.lifecycle import REGISTERED, TRANSITIONS
from rldomain.study import Study
from rlkernel.db.models import Participant

CACHE_SECONDS = 300


@dataclass(frozen=True)
class ParticipantView:
    study_id: str
    participant_id: str
    status: str
    baseline: dict[str, Any]
    rl_start_date: date | None
    rl_end_date: date | None

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=str)

    @classmethod
    def from_json(cls, raw: bytes | str) -> ParticipantView:
        d = json.loads(raw)
        dates = {
            k: date.fromisoformat(d[k]) if d[k] else None for k in ("rl_start_date", "rl_end_date")
        }
        return cls(**{**d, **dates})

    @classmethod
    def of(cls, row: Participant) -> ParticipantView:
        return cls(
            row.study_id,
            row.participant_id,
            row.status,
            row.baseline,
            row.rl_start_date,
            row.rl_end_date,
        )


async def register(
    sessions: sessionmaker[Session], study: Study, participant_id: str, baseline: Baseline | None
) -> ParticipantView:
    if study.schedule.kind == "twice_daily" and baseline is None:
        raise ApiError(
            422,
            "baseline_required",
            f"study {study.id} decides by schedule: the baseline fields are required",
        )

    def insert() -> ParticipantView:
        row = Participant(
            study_id=study.id,
            participant_id=participant_id,
            status=REGISTERED,
            baseline=baseline.model_dump(mode="json") if baseline else {},
            rl_start_date=baseline.rl_start_date if baseline else None,
            rl_end_date=baseline.rl_end_date if baseline else None,
        )
        try:
            with sessions.begin() as session:
                session.add(row)
        except IntegrityError:
            raise ApiError(
                409, "participant_exists", f"participant {participant_id} is already registered"
            ) from None
        return ParticipantView.of(row)

    return await asyncio.to_thread(insert)


async def get(
    sessions: sessionmaker[Session],
    cache: aioredis.Redis,
    namespace: str,
    study_id: str,
    participant_id: str,
) -> ParticipantView:
    """Cache-aside in Redis: the action path reads a participant on every request, and
    PostgreSQL stays the record. Writers delete the entry after they commit; the TTL bounds
    what a lost deletion could leave stale."""
    key = cache_key(namespace, study_id, participant_id)
    cached = await cache.get(key)
    if cached is not None:
        return ParticipantView.from_json(cached)

    def load() -> Participant | None:
        with sessions() as session:
            return session.get(Participant, (study_id, participant_id))

    row = await asyncio.to_thread(load)
    if row is None:
        raise ApiError(
            404, "participant_not_found", f"no participant {participant_id} in study {study_id}"
        )
    view = ParticipantView.of(row)
    await cache.set(key, view.to_json(), ex=CACHE_SECONDS)
    return view


async def change_status(
    sessions: sessionmaker[Session],
    cache: aioredis.Redis,
    namespace: str,
    study_id: str,
    participant_id: str,
    status: str,
) -> ParticipantView:
    def change() -> ParticipantView:
        with sessions.begin() as session:
            row = session.scalars(
                select(Participant)
                .where(
                    Participant.study_id == study_id,
                    Participant.participant_id == participant_id,
                )
                .with_for_update()
            ).first()
            if row is None:
                raise ApiError(
                    404,
                    "participant_not_found",
                    f"no participant {participant_id} in study {study_id}",
                )
            if status not in TRANSITIONS[row.status]:
                raise ApiError(
                    409, "invalid_transition", f"a {row.status} participant cannot become {status}"
                )
            row.status = status
            return ParticipantView.of(row)

    view = await asyncio.to_thread(change)
    await cache.delete(cache_key(namespace, study_id, participant_id))
    return view
