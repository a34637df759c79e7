"""What a policy version is fit on: observations joined to the decisions they answer.

The trainer reads the observations after its parent's; replay reads a version's recorded range
again to check the version follows from it. One query for both, so they cannot drift apart.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rldomain.algorithms import Observation as Obs
from rlkernel.db.models import Decision, Observation


def observations_between(
    session: Session, study_id: str, after_id: int, up_to_id: int | None = None
) -> list[tuple[int, Obs | None]]:
    """(observation id, observation) in id order; None for a fallback decision's outcome:
    fallback decisions carry no state and are left out of fitting (counted, still stored)."""
    query = (
        select(
            Observation.id,
            Decision.participant_id,
            Decision.state,
            Decision.action,
            Decision.probability,
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
    return [
        (
            r.id,
            None
            if r.fallback
            else Obs(r.participant_id, tuple(r.state), r.action, r.probability, r.reward),
        )
        for r in session.execute(query)
    ]
