from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Decided")


@_attrs_define
class Decided:
    """
    Attributes:
        step (int):
        at (datetime.datetime):
        kind (Literal['decision']):
        decision_index (int):
        rid (int):
        action (int):
        probability (float): of action 1
        probabilities (list[float]): of every action, by its number
        seed (str): 63 bits: a string, which every JSON reader keeps exact
        policy_version (int):
        state (list[float]):
        recent_rewards (list[float]):
        fallback (bool):
        fallback_reason (None | str):
        decided_by (str):
    """

    step: int
    at: datetime.datetime
    kind: Literal["decision"]
    decision_index: int
    rid: int
    action: int
    probability: float
    probabilities: list[float]
    seed: str
    policy_version: int
    state: list[float]
    recent_rewards: list[float]
    fallback: bool
    fallback_reason: None | str
    decided_by: str

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        at = self.at.isoformat()

        kind = self.kind

        decision_index = self.decision_index

        rid = self.rid

        action = self.action

        probability = self.probability

        probabilities = self.probabilities

        seed = self.seed

        policy_version = self.policy_version

        state = self.state

        recent_rewards = self.recent_rewards

        fallback = self.fallback

        fallback_reason: None | str
        fallback_reason = self.fallback_reason

        decided_by = self.decided_by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "at": at,
                "kind": kind,
                "decision_index": decision_index,
                "rid": rid,
                "action": action,
                "probability": probability,
                "probabilities": probabilities,
                "seed": seed,
                "policy_version": policy_version,
                "state": state,
                "recent_rewards": recent_rewards,
                "fallback": fallback,
                "fallback_reason": fallback_reason,
                "decided_by": decided_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        step = d.pop("step")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        kind = cast(Literal["decision"], d.pop("kind"))
        if kind != "decision":
            raise ValueError(f"kind must match const 'decision', got '{kind}'")

        decision_index = d.pop("decision_index")

        rid = d.pop("rid")

        action = d.pop("action")

        probability = d.pop("probability")

        probabilities = cast(list[float], d.pop("probabilities"))

        seed = d.pop("seed")

        policy_version = d.pop("policy_version")

        state = cast(list[float], d.pop("state"))

        recent_rewards = cast(list[float], d.pop("recent_rewards"))

        fallback = d.pop("fallback")

        def _parse_fallback_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fallback_reason = _parse_fallback_reason(d.pop("fallback_reason"))

        decided_by = d.pop("decided_by")

        decided = cls(
            step=step,
            at=at,
            kind=kind,
            decision_index=decision_index,
            rid=rid,
            action=action,
            probability=probability,
            probabilities=probabilities,
            seed=seed,
            policy_version=policy_version,
            state=state,
            recent_rewards=recent_rewards,
            fallback=fallback,
            fallback_reason=fallback_reason,
            decided_by=decided_by,
        )

        return decided
