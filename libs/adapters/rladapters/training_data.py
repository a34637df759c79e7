"""What a policy version is fit on: observations joined to the decisions they answer.

The trainer reads the observations after its parent's; replay reads a version's recorded range
again to check the version follows from it. One query for both, so they cannot drift apart.
Both leave out what the study's exclusions (update_exclusions) up to a given id name: the
trainer all there are, replay those the version recorded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from rldomain.algorithms import Observation as Obs
from rlkernel.db.models import Decision, Observation, UpdateExclusion


def last_exclusion(session: Session, study_id: str) -> int:
    """The id of the study's newest exclusion; 0: none."""
    newest = select(func.max(UpdateExclusion.id)).where(UpdateExclusion.study_id == study_id)
    return int(session.scalar(newest) or 0)


def _excluded(exclusions_upto: int) -> ColumnElement[bool]:
    """The observation (joined to its decision) meets every criterion of some exclusion."""
    e = UpdateExclusion
    return exists().where(
        e.study_id == Observation.study_id,
        e.id <= exclusions_upto,
        or_(e.participant_id.is_(None), e.participant_id == Observation.participant_id),
        or_(e.from_index.is_(None), Observation.decision_index >= e.from_index),
        or_(e.to_index.is_(None), Observation.decision_index <= e.to_index),
        or_(e.from_time.is_(None), Decision.decided_at >= e.from_time),
        or_(e.to_time.is_(None), Decision.decided_at < e.to_time),
    )


def observations_between(
    session: Session,
    study_id: str,
    after_id: int,
    up_to_id: int | None = None,
    exclusions_upto: int = 0,
) -> list[tuple[int, Obs | None]]:
    """(observation id, observation) in id order, without the excluded ones; None for a
    fallback decision's outcome: fallback decisions carry no state and are left out of fitting
    (counted, still stored)."""
    query = (
        select(
            Observation.id,
            Decision.participant_id,
            Decision.state,
            Decision.action,
            Decision.probability,
            Decision.probabilities,
            Observation.reward,
            Decision.fallback,
        )
        .join(
            Decision,
            (Decision.study_id == Observation.study_id)
            & (Decision.participant_id == Observation.participant_id)
            & (Decision.decision_index == Observation.decision_index),
        )
        .where(Observation.study_id == study_id, Observation.id > after_id)
        .order_by(Observation.id)
    )
    if up_to_id is not None:
        query = query.where(Observation.id <= up_to_id)
    if exclusions_upto:
        query = query.where(~_excluded(exclusions_upto))
    return [(r.id, None if r.fallback else _observation(r)) for r in session.execute(query)]


def _observation(r: Any) -> Obs:  # a row of the query above
    # `probabilities` is stored for studies of three or more actions only; () means binary.
    return Obs(
        r.participant_id,
        tuple(r.state),
        r.action,
        r.probability,
        r.reward,
        probabilities=tuple(r.probabilities or ()),
    )
