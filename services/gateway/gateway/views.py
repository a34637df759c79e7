"""How a decision is shown to each kind of client."""

from __future__ import annotations

from typing import Any

from rlkernel.events import DecisionMade


def native(d: DecisionMade) -> dict[str, Any]:
    return {
        "status": "success",
        "study_id": d.study_id,
        "participant_id": d.participant_id,
        "decision_index": d.decision_index,
        "rid": d.rid,
        "action": d.action,
        "probability": d.probability,
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
