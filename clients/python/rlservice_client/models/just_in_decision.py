from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.just_in_decision_action import JustInDecisionAction

T = TypeVar("T", bound="JustInDecision")


@_attrs_define
class JustInDecision:
    """
    Attributes:
        status (Literal['success']):
        user_id (str):
        action (JustInDecisionAction):
        action_prob (float):
        state (list[float]):
        timestamp (datetime.datetime):
        seed (int):
        rid (int):
        policy_id (int):
        fallback (bool):
    """

    status: Literal["success"]
    user_id: str
    action: JustInDecisionAction
    action_prob: float
    state: list[float]
    timestamp: datetime.datetime
    seed: int
    rid: int
    policy_id: int
    fallback: bool

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        user_id = self.user_id

        action = self.action.value

        action_prob = self.action_prob

        state = self.state

        timestamp = self.timestamp.isoformat()

        seed = self.seed

        rid = self.rid

        policy_id = self.policy_id

        fallback = self.fallback

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "user_id": user_id,
                "action": action,
                "action_prob": action_prob,
                "state": state,
                "timestamp": timestamp,
                "seed": seed,
                "rid": rid,
                "policy_id": policy_id,
                "fallback": fallback,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        user_id = d.pop("user_id")

        action = JustInDecisionAction(d.pop("action"))

        action_prob = d.pop("action_prob")

        state = cast(list[float], d.pop("state"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        seed = d.pop("seed")

        rid = d.pop("rid")

        policy_id = d.pop("policy_id")

        fallback = d.pop("fallback")

        just_in_decision = cls(
            status=status,
            user_id=user_id,
            action=action,
            action_prob=action_prob,
            state=state,
            timestamp=timestamp,
            seed=seed,
            rid=rid,
            policy_id=policy_id,
            fallback=fallback,
        )

        return just_in_decision
