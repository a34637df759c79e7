"""Every stored observation reaches `observations.ingested`, even across a crash or an outage.

An observation is committed first and published after; its row says when it was published.
Whatever stayed unpublished for a while (Kafka was away, the process died in between) is
published again by a sweeper. A consumer may so see an observation twice (same observation
id): the trainer counts it towards its next update, which reads the record itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import Observation
from rlkernel.events import ObservationIngested
from rlkernel.logs import get_logger
from rlkernel.publishing import Publishes

log = get_logger(__name__)


def event_of(row: Observation) -> ObservationIngested:
    return ObservationIngested(
        study_id=row.study_id,
        participant_id=row.participant_id,
        decision_index=row.decision_index,
        rid=row.rid,
        reward=row.reward,
        observation_id=row.id,
    )


@dataclass(frozen=True)
class Outbox:
    sessions: sessionmaker[Session]

    async def mark_published(self, observation_ids: Sequence[int]) -> None:
        def run() -> None:
            with self.sessions.begin() as session:
                session.execute(
                    update(Observation)
                    .where(Observation.id.in_(observation_ids))
                    .values(published_at=func.now())
                )

        if observation_ids:
            await asyncio.to_thread(run)

    async def unpublished(self, older_than: timedelta, limit: int = 500) -> list[Observation]:
        def run() -> list[Observation]:
            with self.sessions() as session:
                return list(
                    session.scalars(
                        select(Observation)
                        .where(
                            Observation.published_at.is_(None),
                            Observation.recorded_at < func.now() - older_than,
                        )
                        .order_by(Observation.id)
                        .limit(limit)
                    )
                )

        return await asyncio.to_thread(run)


async def sweep_forever(
    outbox: Outbox, publisher: Publishes, older_than: timedelta, every: float
) -> None:
    while True:
        try:
            rows = await outbox.unpublished(older_than)
            for row in rows:
                await publisher.publish(event_of(row))
            await outbox.mark_published([r.id for r in rows])
            if rows:
                log.warning("unpublished_observations_published", count=len(rows))
        except Exception as exc:  # PostgreSQL or Kafka away: the next round tries again
            log.warning("observation_sweep_failed", error=type(exc).__name__)
        await asyncio.sleep(every)
