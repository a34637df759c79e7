"""Checks outcome records against the decisions they answer and stores each one once.

Runs in a worker thread (SQLAlchemy is synchronous here); one transaction per window, so the
window's state and its observations are written together.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from ingest.candidates import Candidate, Outcome, Stored
from ingest.windows import finish_window, window_status
from rldomain.schedule import Window
from rldomain.study import Study
from rlkernel.db.models import Decision, Observation


def store(
    sessions: sessionmaker[Session],
    study: Study,
    participant_id: str,
    candidates: list[Candidate],
    window: Window | None,
    problems: list[str],
    now: datetime,
) -> Outcome:
    """Stores what checks out. A decision is stored before it is answered, so a record whose
    decision is not in PostgreSQL answers no decision of ours: it is a problem, not a wait.
    `now` is the service clock's, the observations' ingested_at."""
    outcome = Outcome(problems=list(problems))
    with sessions.begin() as session:
        decisions = [_decision_for(session, study.id, participant_id, c) for c in candidates]
        for c, decision in zip(candidates, decisions, strict=True):
            problem = _disagreement(c, decision)
            if problem:
                outcome.problems.append(problem)
                continue
            assert decision is not None
            reward = study.reward_of(c.record)
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
                    ingested_at=now,
                )
                .on_conflict_do_nothing()
                .returning(Observation.id)
            ).first()
            if row is not None:  # None: stored before (a duplicate or a re-pull)
                outcome.stored.append(
                    Stored(row.id, decision.decision_index, decision.rid, reward or 0.0)
                )
        if window is not None:
            finish_window(session, study.id, participant_id, window, outcome)
    return outcome


def _decision_for(
    session: Session, study_id: str, participant_id: str, c: Candidate
) -> Decision | None:
    # FOR KEY SHARE: a pilot reset deleting this decision waits for this transaction, then
    # deletes what it stored too (rladapters.pilot).
    query = select(Decision).where(Decision.study_id == study_id).with_for_update(key_share=True)
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


@dataclass(frozen=True)
class StoredRecords:
    """`store` and `window_status` as the handlers await them: in a worker thread."""

    sessions: sessionmaker[Session]
    now: Callable[[], datetime]  # the service clock

    async def store(
        self,
        study: Study,
        participant_id: str,
        candidates: list[Candidate],
        window: Window | None,
        problems: list[str],
    ) -> Outcome:
        return await asyncio.to_thread(
            store, self.sessions, study, participant_id, candidates, window, problems, self.now()
        )

    async def window_status(self, study_id: str, participant_id: str, index: int) -> str | None:
        return await asyncio.to_thread(
            window_status, self.sessions, study_id, participant_id, index
        )
