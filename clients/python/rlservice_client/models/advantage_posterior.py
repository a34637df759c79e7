from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AdvantagePosterior")


@_attrs_define
class AdvantagePosterior:
    """
    Attributes:
        action (int):
        mean (float): of its expected reward minus action 0's, in this state
        sd (float):
    """

    action: int
    mean: float
    sd: float

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        mean = self.mean

        sd = self.sd

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "mean": mean,
                "sd": sd,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        mean = d.pop("mean")

        sd = d.pop("sd")

        advantage_posterior = cls(
            action=action,
            mean=mean,
            sd=sd,
        )

        return advantage_posterior
