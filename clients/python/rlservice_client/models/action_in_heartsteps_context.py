from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ActionInHeartstepsContext")


@_attrs_define
class ActionInHeartstepsContext:
    """The fields study heartsteps (HeartSteps-like) declares

    Attributes:
        prior_steps (float): float
        at_home_or_work (bool): bool
        temperature (float | Literal['NA']): float or NA
    """

    prior_steps: float
    at_home_or_work: bool
    temperature: float | Literal["NA"]

    def to_dict(self) -> dict[str, Any]:
        prior_steps = self.prior_steps

        at_home_or_work = self.at_home_or_work

        temperature: float | Literal["NA"]
        temperature = self.temperature

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prior_steps": prior_steps,
                "at_home_or_work": at_home_or_work,
                "temperature": temperature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prior_steps = d.pop("prior_steps")

        at_home_or_work = d.pop("at_home_or_work")

        def _parse_temperature(data: object) -> float | Literal["NA"]:
            temperature_type_1 = cast(Literal["NA"], data)
            if temperature_type_1 != "NA":
                raise ValueError(f"temperature_type_1 must match const 'NA', got '{temperature_type_1}'")
            return temperature_type_1
            return cast(float | Literal["NA"], data)

        temperature = _parse_temperature(d.pop("temperature"))

        action_in_heartsteps_context = cls(
            prior_steps=prior_steps,
            at_home_or_work=at_home_or_work,
            temperature=temperature,
        )

        return action_in_heartsteps_context
