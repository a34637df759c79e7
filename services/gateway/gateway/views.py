"""How decisions (to each kind of client) and the learning path's records are shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rladapters.participant_history import ParticipantSummary, StatusRecord
from rladapters.participants import ParticipantView
from rldomain.algorithms import probability_vector
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion, UpdateRequest, WindowRecord
from rlkernel.events import DecisionMade


def participant(p: ParticipantView) -> dict[str, Any]:
    """A participant as registered, and their status; their notification times' versions are
    read apart (GET .../notification-times)."""
    return {
        "study_id": p.study_id,
        "participant_id": p.participant_id,
        "status": p.status,
        "baseline": p.baseline,
        "rl_start_date": p.rl_start_date,
        "rl_end_date": p.rl_end_date,
    }


def native(d: DecisionMade, study: Study) -> dict[str, Any]:
    """Every study's decision names its action and gives every action's probability; the
    MiWaves and JustIn bodies below stay exactly binary, as their clients expect."""
    return {
        "status": "success",
        "study_id": d.study_id,
        "participant_id": d.participant_id,
        "decision_index": d.decision_index,
        "rid": d.rid,
        "action": d.action,
        "action_name": study.actions[d.action],
        "probability": d.probability,
        "probabilities": list(probability_vector(d.probability, d.probabilities or ())),
        "seed": d.seed,
        "policy_version": d.policy_version,
        "fallback": d.fallback,
        "fallback_reason": d.fallback_reason,
        "decided_at": d.decided_at.isoformat(),
    }


def miwaves(d: DecisionMade) -> dict[str, Any]:
    return {
        "status": "success",
        "action": d.action,
        "seed": d.seed,
        "act_prob": d.probability,
        "policy_id": d.policy_version,
        "decision_index": d.decision_index,
        "act_gen_timestamp": d.decided_at.isoformat(),
        "rid": d.rid,
        "fallback": d.fallback,
    }


def justin(d: DecisionMade) -> dict[str, Any]:
    # The template reports the state as the context's values, without our intercept term.
    state = d.state[1:] if d.state else [float(v) for v in d.context.values()]
    return {
        "status": "success",
        "user_id": d.participant_id,
        "action": d.action,
        "action_prob": d.probability,
        "state": state,
        "timestamp": d.decided_at.isoformat(),
        "seed": d.seed,
        "rid": d.rid,
        "policy_id": d.policy_version,
        "fallback": d.fallback,
    }


def update_request(row: UpdateRequest) -> dict[str, Any]:
    return {
        "status": row.status,
        "update_id": str(row.update_id),
        "study_id": row.study_id,
        "policy_version": row.policy_version,
        "reason": row.reason,
        # "delivered" or "failed"; rows written before the trainer stopped recording why a
        # callback failed ("failed: ConnectError") are shown without the why too.
        "callback_status": row.callback_status and row.callback_status.partition(":")[0],
        "requested_at": row.requested_at.isoformat(),
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
    }


def failed_window(w: WindowRecord) -> dict[str, Any]:
    return {
        "participant_id": w.participant_id,
        "decision_index": w.decision_index,
        "reason": w.reason,
        "attempts": w.attempts,
        "updated_at": w.updated_at.isoformat(),
    }


def policy(p: PolicyVersion) -> dict[str, Any]:
    return {
        "version": p.version,
        "parent_version": p.parent_version,
        "algorithm": p.algorithm,
        "hyperparameters": p.hyperparameters,
        "fit_on": p.fit_on,
        "code_version": p.code_version,
        "created_at": p.created_at.isoformat(),
    }


def participant_row(p: ParticipantSummary) -> dict[str, Any]:
    return {
        "participant_id": p.participant_id,
        "status": p.status,
        "registered_at": p.registered_at.isoformat(),
        "status_changed_at": _iso(p.status_changed_at),
        "rl_start_date": p.rl_start_date,
        "rl_end_date": p.rl_end_date,
        "decisions": p.decisions,
        "last_decision_at": _iso(p.last_decision_at),
    }


def status_change(c: StatusRecord) -> dict[str, Any]:
    return {
        "change_id": c.change_id,
        "at": c.changed_at.isoformat(),
        "by": c.changed_by,
        "from_status": c.from_status,
        "to_status": c.to_status,
        "note": c.note,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
