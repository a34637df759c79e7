from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.mi_waves_decision_action import MiWavesDecisionAction

T = TypeVar("T", bound="MiWavesDecision")


@_attrs_define
class MiWavesDecision:
    """
    Attributes:
        status (Literal['success']):
        action (MiWavesDecisionAction):
        seed (int):
        act_prob (float):
        policy_id (int):
        decision_index (int):
        act_gen_timestamp (datetime.datetime):
        rid (int):
        fallback (bool):
    """

    status: Literal["success"]
    action: MiWavesDecisionAction
    seed: int
    act_prob: float
    policy_id: int
    decision_index: int
    act_gen_timestamp: datetime.datetime
    rid: int
    fallback: bool

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        action = self.action.value

        seed = self.seed

        act_prob = self.act_prob

        policy_id = self.policy_id

        decision_index = self.decision_index

        act_gen_timestamp = self.act_gen_timestamp.isoformat()

        rid = self.rid

        fallback = self.fallback

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "action": action,
                "seed": seed,
                "act_prob": act_prob,
                "policy_id": policy_id,
                "decision_index": decision_index,
                "act_gen_timestamp": act_gen_timestamp,
                "rid": rid,
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

        action = MiWavesDecisionAction(d.pop("action"))

        seed = d.pop("seed")

        act_prob = d.pop("act_prob")

        policy_id = d.pop("policy_id")

        decision_index = d.pop("decision_index")

        act_gen_timestamp = datetime.datetime.fromisoformat(d.pop("act_gen_timestamp"))

        rid = d.pop("rid")

        fallback = d.pop("fallback")

        mi_waves_decision = cls(
            status=status,
            action=action,
            seed=seed,
            act_prob=act_prob,
            policy_id=policy_id,
            decision_index=decision_index,
            act_gen_timestamp=act_gen_timestamp,
            rid=rid,
            fallback=fallback,
        )

        return mi_waves_decision
