from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ActionProbability")


@_attrs_define
class ActionProbability:
    """
    Attributes:
        action (int):
        probability (float):
    """

    action: int
    probability: float

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        probability = self.probability

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "probability": probability,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        probability = d.pop("probability")

        action_probability = cls(
            action=action,
            probability=probability,
        )

        return action_probability
