"""What decides whether a trainer's update goes ahead, read from the record (see
trainer.triggers): the scheduled periods already claimed, and the observations stored after
those the newest version was fit on. Called in the update's transaction, under the study's
lock, these decide; called without it, they only spare a trainer a needless lock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from rlkernel.db.models import Observation, PolicyVersion, RefusedVersion, UpdateTrigger


def claim(session: Session, study_id: str, keys: Sequence[str], at: datetime) -> set[str]:
    """Inserts the keys no update has claimed yet; returns those this call claimed."""
    if not keys:
        return set()
    rows = [{"study_id": study_id, "key": key, "claimed_at": at} for key in keys]
    inserted = insert(UpdateTrigger).values(rows).on_conflict_do_nothing()
    return set(session.scalars(inserted.returning(UpdateTrigger.key)))


def claimed(session: Session, study_id: str, keys: Sequence[str]) -> set[str]:
    found = select(UpdateTrigger.key).where(
        UpdateTrigger.study_id == study_id, UpdateTrigger.key.in_(keys)
    )
    return set(session.scalars(found))


def fitted_up_to(version: PolicyVersion | None) -> int:
    """The id of the last observation a version was fit on (0: none)."""
    return 0 if version is None else int(version.fit_on.get("to_observation_id", 0))


def counted_from(session: Session, study_id: str, version: PolicyVersion | None) -> int:
    """Where the every-N count starts: after the observations `version` was fit on, or after
    those of the newest fit on top of it that the posterior gate refused. A refusal does not
    use the observations up (the next fit takes them again) but does restart the count, so a
    study whose data keeps blowing the posterior up is refused once per N observations, not
    once per batch."""
    after = fitted_up_to(version)
    if version is None:
        return after
    refused = select(RefusedVersion.fit_on).where(
        RefusedVersion.study_id == study_id, RefusedVersion.parent_version == version.version
    )
    newest = session.scalars(refused.order_by(RefusedVersion.id.desc()).limit(1)).first()
    return after if newest is None else max(after, int(newest.get("to_observation_id", 0)))


def stored_after(session: Session, study_id: str, after_id: int) -> int:
    """How many of the study's observations were stored after `after_id`."""
    count = select(func.count()).where(Observation.study_id == study_id, Observation.id > after_id)
    return int(session.scalar(count) or 0)
