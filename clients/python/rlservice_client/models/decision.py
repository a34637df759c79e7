from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Decision")


@_attrs_define
class Decision:
    """
    Attributes:
        status (Literal['success']):
        study_id (str):
        participant_id (str):
        decision_index (int):
        rid (int):
        action (int): the action's number: 0 is no treatment
        action_name (str): its name in the study file
        probability (float): of action 1 (for any number of actions)
        probabilities (list[float]): of every action, by its number
        seed (int):
        policy_version (int):
        fallback (bool):
        fallback_reason (None | str):
        decided_at (datetime.datetime):
    """

    status: Literal["success"]
    study_id: str
    participant_id: str
    decision_index: int
    rid: int
    action: int
    action_name: str
    probability: float
    probabilities: list[float]
    seed: int
    policy_version: int
    fallback: bool
    fallback_reason: None | str
    decided_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        study_id = self.study_id

        participant_id = self.participant_id

        decision_index = self.decision_index

        rid = self.rid

        action = self.action

        action_name = self.action_name

        probability = self.probability

        probabilities = self.probabilities

        seed = self.seed

        policy_version = self.policy_version

        fallback = self.fallback

        fallback_reason: None | str
        fallback_reason = self.fallback_reason

        decided_at = self.decided_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "study_id": study_id,
                "participant_id": participant_id,
                "decision_index": decision_index,
                "rid": rid,
                "action": action,
                "action_name": action_name,
                "probability": probability,
                "probabilities": probabilities,
                "seed": seed,
                "policy_version": policy_version,
                "fallback": fallback,
                "fallback_reason": fallback_reason,
                "decided_at": decided_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        study_id = d.pop("study_id")

        participant_id = d.pop("participant_id")

        decision_index = d.pop("decision_index")

        rid = d.pop("rid")

        action = d.pop("action")

        action_name = d.pop("action_name")

        probability = d.pop("probability")

        probabilities = cast(list[float], d.pop("probabilities"))

        seed = d.pop("seed")

        policy_version = d.pop("policy_version")

        fallback = d.pop("fallback")

        def _parse_fallback_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fallback_reason = _parse_fallback_reason(d.pop("fallback_reason"))

        decided_at = datetime.datetime.fromisoformat(d.pop("decided_at"))

        decision = cls(
            status=status,
            study_id=study_id,
            participant_id=participant_id,
            decision_index=decision_index,
            rid=rid,
            action=action,
            action_name=action_name,
            probability=probability,
            probabilities=probabilities,
            seed=seed,
            policy_version=policy_version,
            fallback=fallback,
            fallback_reason=fallback_reason,
            decided_at=decided_at,
        )

        return decision
