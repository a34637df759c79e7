"""Checks outcome records against the decisions they answer and stores each one once.

Runs in a worker thread (SQLAlchemy is synchronous here); one transaction per window, so the
window's state and its observations are written together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rldomain.rewards import reward_for
from rldomain.study import Study
from rlkernel.db.models import Decision, Observation, WindowRecord


@dataclass(frozen=True)
class Candidate:
    """One record claiming to answer a decision: by rid (pulled) or by slot (uploaded)."""

    source: str
    source_id: str | None
    record: dict[str, Any]
    action: int
    probability: float
    decision_index: int  # of the slot it claims to answer
    rid: int | None = None


@dataclass
class Stored:
    observation_id: int
    decision_index: int
    rid: int
    reward: float


class Unrecorded(Exception):
    """Some records answer decisions not (yet) in PostgreSQL: nothing was stored."""

    def __init__(self, candidates: list[Candidate]) -> None:
        super().__init__(f"no recorded decision for {len(candidates)} record(s)")
        self.candidates = candidates


@dataclass
class Outcome:
    stored: list[Stored] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def store(
    sessions: sessionmaker[Session],
    study: Study,
    participant_id: str,
    candidates: list[Candidate],
    window: tuple[int, datetime, datetime] | None,
    problems: list[str],
    allow_unrecorded: bool = False,
) -> Outcome:
    """Stores what checks out. Unless `allow_unrecorded`, raises Unrecorded (storing nothing)
    when a record answers a decision that is not in PostgreSQL: the decision may be on its way
    there, and an observation must never be stored before its decision (the trainer reads
    them joined)."""
    outcome = Outcome(problems=list(problems))
    with sessions.begin() as session:
        decisions = [_decision_for(session, study.id, participant_id, c) for c in candidates]
        missing = [c for c, d in zip(candidates, decisions, strict=True) if d is None]
        if missing and not allow_unrecorded:
            raise Unrecorded(missing)
        for c, decision in zip(candidates, decisions, strict=True):
            problem = _disagreement(c, decision)
            if problem:
                outcome.problems.append(problem)
                continue
            assert decision is not None
            reward = reward_for(study.reward, c.record)
            row = session.execute(
                insert(Observation)
                .values(
                    study_id=study.id,
                    participant_id=participant_id,
                    decision_index=decision.decision_index,
                    rid=decision.rid,
                    source=c.source,
                    source_id=c.source_id,
                    record=c.record,
                    reward=reward or 0.0,
                )
                .on_conflict_do_nothing()
                .returning(Observation.id)
            ).first()
            if row is not None:  # None: stored before (a duplicate or a re-pull)
                outcome.stored.append(
                    Stored(row.id, decision.decision_index, decision.rid, reward or 0.0)
                )
        if window is not None:
            _finish_window(session, study.id, participant_id, window, outcome)
    return outcome


def _decision_for(
    session: Session, study_id: str, participant_id: str, c: Candidate
) -> Decision | None:
    query = select(Decision).where(Decision.study_id == study_id)
    if c.rid is not None:
        return session.scalars(query.where(Decision.rid == c.rid)).first()
    return session.scalars(
        query.where(
            Decision.participant_id == participant_id, Decision.decision_index == c.decision_index
        )
    ).first()


def _disagreement(c: Candidate, decision: Decision | None) -> str | None:
    """What is wrong with the record, naming ids and fields only (never answers)."""
    which = f"rid {c.rid}" if c.rid is not None else f"decision index {c.decision_index}"
    if decision is None:
        return f"record for {which} answers no decision of ours"
    if c.action != decision.action:
        return f"record for {which} disagrees with our decision: action_taken"
    if not math.isclose(c.probability, decision.probability, rel_tol=0, abs_tol=1e-9):
        return f"record for {which} disagrees with our decision: act_prob"
    return None


def _finish_window(
    session: Session,
    study_id: str,
    participant_id: str,
    window: tuple[int, datetime, datetime],
    outcome: Outcome,
) -> None:
    index, start, end = window
    status = "failed" if outcome.problems else "pulled"
    reason = "; ".join(outcome.problems) or None
    session.execute(
        insert(WindowRecord)
        .values(
            study_id=study_id,
            participant_id=participant_id,
            decision_index=index,
            start_time=start,
            end_time=end,
            status=status,
            reason=reason,
            attempts=1,
            records=len(outcome.stored),
        )
        .on_conflict_do_update(
            index_elements=["study_id", "participant_id", "decision_index"],
            set_={
                "status": status,
                "reason": reason,
                "attempts": WindowRecord.attempts + 1,
                "records": WindowRecord.records + len(outcome.stored),
            },
        )
    )


def window_status(
    sessions: sessionmaker[Session], study_id: str, participant_id: str, index: int
) -> str | None:
    with sessions() as session:
        row = session.get(WindowRecord, (study_id, participant_id, index))
        return None if row is None else row.status
