"""A participant's timeline: every request, decision, EMA record, reward and policy version that
touched them, and the study's policy controls since they registered, in order. Ids and values
the analyst needs; read by the API and the CLI. Every time is the service clock's, so a
simulation's timeline, on its accelerated clock, is in order too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rldomain.algorithms import probability_vector
from rlkernel.db.models import (
    Decision,
    Observation,
    Participant,
    PolicyControl,
    PolicyVersion,
    WindowRecord,
)


def timeline(session: Session, study_id: str, participant_id: str) -> list[dict[str, Any]] | None:
    """None when the participant does not exist."""
    person = session.get(Participant, (study_id, participant_id))
    if person is None:
        return None
    events: list[tuple[datetime, int, dict[str, Any]]] = [
        (person.created_at, 0, {"kind": "registered", "status": person.status})
    ]
    decisions = list(
        session.scalars(
            select(Decision).where(
                Decision.study_id == study_id, Decision.participant_id == participant_id
            )
        )
    )
    for d in decisions:
        events.append(
            (
                d.decided_at,
                1,
                {
                    "kind": "request",
                    "request_id": str(d.request_id),
                    "decision_index": d.decision_index,
                    "context": d.context,
                },
            )
        )
        events.append(
            (
                d.decided_at,
                2,
                {
                    "kind": "decision",
                    "decision_index": d.decision_index,
                    "rid": d.rid,
                    "action": d.action,
                    "probability": d.probability,
                    "probabilities": list(probability_vector(d.probability, d.probabilities or ())),
                    "seed": str(d.seed),
                    "policy_version": d.policy_version,
                    "state": d.state,
                    "recent_rewards": d.recent_rewards,
                    "fallback": d.fallback,
                    "fallback_reason": d.fallback_reason,
                    "decided_by": d.decided_by,
                },
            )
        )
    for o in session.scalars(
        select(Observation).where(
            Observation.study_id == study_id, Observation.participant_id == participant_id
        )
    ):
        events.append(
            (
                o.ingested_at,
                3,
                {
                    "kind": "observation",
                    "decision_index": o.decision_index,
                    "rid": o.rid,
                    "source": o.source,
                    "record": o.record,
                    "reward": o.reward,
                },
            )
        )
    for w in session.scalars(
        select(WindowRecord).where(
            WindowRecord.study_id == study_id, WindowRecord.participant_id == participant_id
        )
    ):
        # At the window's end, when the schedule closed it, with its pull's latest state: its
        # updated_at is the database's clock (the sweep's real-time resend wait), not the service
        # clock every other time here is on.
        events.append(
            (
                w.end_time,
                4,
                {
                    "kind": "window",
                    "decision_index": w.decision_index,
                    "status": w.status,
                    "reason": w.reason,
                    "attempts": w.attempts,
                    "closed_by": w.closed_by,
                },
            )
        )
    used = {d.policy_version for d in decisions}
    for p in session.scalars(
        select(PolicyVersion).where(
            PolicyVersion.study_id == study_id, PolicyVersion.version.in_(used)
        )
    ):
        events.append(
            (
                p.created_at,
                -1,
                {
                    "kind": "policy_version",
                    "version": p.version,
                    "parent_version": p.parent_version,
                    "algorithm": p.algorithm,
                    "fit_on": p.fit_on,
                    "code_version": p.code_version,
                },
            )
        )
    for c in session.scalars(
        select(PolicyControl).where(
            PolicyControl.study_id == study_id, PolicyControl.changed_at >= person.created_at
        )
    ):
        events.append(
            (
                c.changed_at,
                -1,
                {
                    "kind": "policy_control",
                    "change": c.change,
                    "frozen": c.frozen,
                    "pinned_version": c.pinned_version,
                    "changed_by": c.changed_by,
                    "reason": c.reason,
                },
            )
        )
    events.sort(key=lambda e: (e[0], e[1]))
    return [{"step": i, "at": at.isoformat(), **body} for i, (at, _, body) in enumerate(events)]
