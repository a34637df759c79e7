"""What a policy version is fit on: observations joined to the decisions they answer.

The trainer reads the observations after its parent's; replay reads a version's recorded range
again to check the version follows from it. One query for both, so they cannot drift apart.
Both leave out what the study's exclusions (update_exclusions) up to a given id name: the
trainer all there are, replay those the version recorded. The selection itself is a pure
function, so an archive's replay, with no database, selects with the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rldomain.algorithms import Observation as Obs
from rlkernel.db.models import Decision, Observation, UpdateExclusion


def last_exclusion(session: Session, study_id: str) -> int:
    """The id of the study's newest exclusion; 0: none."""
    newest = select(func.max(UpdateExclusion.id)).where(UpdateExclusion.study_id == study_id)
    return int(session.scalar(newest) or 0)


class Exclusion(Protocol):
    """What an exclusion (update_exclusions) names; every criterion given must hold."""

    id: int
    participant_id: str | None
    from_index: int | None
    to_index: int | None  # inclusive
    from_time: datetime | None
    to_time: datetime | None  # exclusive


class Answered(Protocol):
    """An observation joined to the decision it answers (a row of the query below, or of an
    archive's tables)."""

    id: int  # the observation's
    participant_id: str
    decision_index: int
    decided_at: datetime
    state: list[float]
    action: int
    probability: float
    probabilities: list[float] | None
    reward: float
    fallback: bool


def observations_between(
    session: Session,
    study_id: str,
    after_id: int,
    up_to_id: int | None = None,
    exclusions_upto: int = 0,
) -> list[tuple[int, Obs | None]]:
    """`select_for_fit` over the study's observations in (after_id, up_to_id] and its
    exclusions up to `exclusions_upto`."""
    query = (
        select(
            Observation.id,
            Decision.participant_id,
            Decision.decision_index,
            Decision.decided_at,
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
    exclusions = session.scalars(
        select(UpdateExclusion).where(
            UpdateExclusion.study_id == study_id, UpdateExclusion.id <= exclusions_upto
        )
    )
    rows = session.execute(query)
    return select_for_fit(rows, list(exclusions), after_id, up_to_id, exclusions_upto)


def select_for_fit(
    rows: Iterable[Answered],
    exclusions: Sequence[Exclusion],
    after_id: int,
    up_to_id: int | None,
    exclusions_upto: int,
) -> list[tuple[int, Obs | None]]:
    """(observation id, observation) in id order, from after `after_id` up to `up_to_id`,
    without those an exclusion up to `exclusions_upto` names; None for a fallback decision's
    outcome: fallback decisions carry no state and are left out of fitting (counted, still
    stored). Pure: the trainer and replay feed it from PostgreSQL, an archive's replay from its
    files, and all three select alike."""
    applied = [e for e in exclusions if e.id <= exclusions_upto]
    chosen = [
        r
        for r in rows
        if r.id > after_id
        and (up_to_id is None or r.id <= up_to_id)
        and not any(_excludes(e, r) for e in applied)
    ]
    chosen.sort(key=lambda r: r.id)
    return [(r.id, None if r.fallback else _observation(r)) for r in chosen]


def _excludes(e: Exclusion, r: Answered) -> bool:
    return (
        (e.participant_id is None or e.participant_id == r.participant_id)
        and (e.from_index is None or r.decision_index >= e.from_index)
        and (e.to_index is None or r.decision_index <= e.to_index)
        and (e.from_time is None or r.decided_at >= e.from_time)
        and (e.to_time is None or r.decided_at < e.to_time)
    )


def _observation(r: Answered) -> Obs:
    # `probabilities` is stored for studies of three or more actions only; () means binary.
    return Obs(
        r.participant_id,
        tuple(r.state),
        r.action,
        r.probability,
        r.reward,
        probabilities=tuple(r.probabilities or ()),
    )
