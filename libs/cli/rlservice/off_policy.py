"""Off-policy evaluation of a candidate policy from a study's logged decisions and rewards, as
`rlservice evaluate` reads them from PostgreSQL (the estimators are in rlaudit.evaluation)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from rlaudit.evaluation import evaluate
from rldomain.algorithms import decode_params, probability_vector
from rldomain.deciding import action_probabilities
from rldomain.policy import Policy
from rldomain.study import Study
from rlkernel.db.models import Decision, Observation, PolicyVersion


def logged_data(session: Session, study: Study) -> dict[str, Any]:
    """Every decision with an outcome: its state (re-built from the logged context for a
    fallback decision, which skipped the policy; one whose request made no state is left
    out), action, every action's logged probability and reward."""
    rows = session.execute(
        select(Decision, Observation.reward)
        .join(
            Observation,
            (Observation.study_id == Decision.study_id)
            & (Observation.participant_id == Decision.participant_id)
            & (Observation.decision_index == Decision.decision_index),
        )
        .where(Decision.study_id == study.id)
        .order_by(Decision.id)
    ).all()
    states, kept = [], []
    for d, reward in rows:
        try:
            state = d.state or study.state_of(d.context, d.recent_rewards, d.decision_index)
        except ValueError:  # no state to ask a candidate about
            continue
        states.append([float(x) for x in state])
        kept.append((d, reward))
    return {
        "participants": [d.participant_id for d, _ in kept],
        "states": states,
        "actions": np.array([d.action for d, _ in kept], float),
        "logged_p": np.array(
            [probability_vector(d.probability, d.probabilities or ()) for d, _ in kept]
        ),
        "rewards": np.array([r for _, r in kept], float),
    }


def candidate_probabilities(
    session: Session, study: Study, candidate: str, data: dict[str, Any]
) -> np.ndarray:
    """'version:N' (a stored policy's probability of each action, as a decision computes it),
    or in a study of two actions a probability of action 1: 'always', 'never' or a number in
    [0, 1]."""
    n = len(data["states"])
    if candidate.startswith("version:"):
        number = int(candidate.split(":", 1)[1])
        version = session.get(PolicyVersion, (study.id, number))
        if version is None:
            raise ValueError(f"no policy {candidate} in study {study.id}")
        policy = Policy(study.id, number, version.algorithm, decode_params(version.params))
        return np.array(
            [
                action_probabilities(study, policy, s, p)
                for s, p in zip(data["states"], data["participants"], strict=True)
            ]
        )
    if study.n_actions != 2:
        raise ValueError(f"study {study.id} has {study.n_actions} actions: give version:N")
    if candidate == "always":
        return np.ones(n)
    if candidate == "never":
        return np.zeros(n)
    value = float(candidate)
    if not 0 <= value <= 1:
        raise ValueError("a fixed candidate probability must lie in [0, 1]")
    return np.full(n, value)


def off_policy(session: Session, study: Study, candidate: str) -> dict[str, Any]:
    data = logged_data(session, study)
    if len(data["states"]) < 2:
        raise ValueError(f"study {study.id} has fewer than two decisions with outcomes")
    width = max(len(s) for s in data["states"])
    states = np.array([s + [0.0] * (width - len(s)) for s in data["states"]])
    candidate_p = candidate_probabilities(session, study, candidate, data)
    estimates = evaluate(states, data["actions"], data["logged_p"], data["rewards"], candidate_p)
    return {
        "study": study.id,
        "candidate": candidate,
        "decisions": len(states),
        "logged_policy_mean_reward": float(data["rewards"].mean()),
        "estimates": [asdict(e) for e in estimates],
    }
