from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="StateProbability")


@_attrs_define
class StateProbability:
    """
    Attributes:
        state (list[float] | None): the stored state; null: every other state
        decisions (int):
        mean_probability (float): of treatment, over these decisions
        min_probability (float):
        max_probability (float):
    """

    state: list[float] | None
    decisions: int
    mean_probability: float
    min_probability: float
    max_probability: float

    def to_dict(self) -> dict[str, Any]:
        state: list[float] | None
        if isinstance(self.state, list):
            state = self.state

        else:
            state = self.state

        decisions = self.decisions

        mean_probability = self.mean_probability

        min_probability = self.min_probability

        max_probability = self.max_probability

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "decisions": decisions,
                "mean_probability": mean_probability,
                "min_probability": min_probability,
                "max_probability": max_probability,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_state(data: object) -> list[float] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                state_type_0 = cast(list[float], data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None, data)

        state = _parse_state(d.pop("state"))

        decisions = d.pop("decisions")

        mean_probability = d.pop("mean_probability")

        min_probability = d.pop("min_probability")

        max_probability = d.pop("max_probability")

        state_probability = cls(
            state=state,
            decisions=decisions,
            mean_probability=mean_probability,
            min_probability=min_probability,
            max_probability=max_probability,
        )

        return state_probability
