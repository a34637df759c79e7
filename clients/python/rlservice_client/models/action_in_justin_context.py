from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ActionInJustinContext")


@_attrs_define
class ActionInJustinContext:
    """The fields study justin (JustIn template example) declares

    Attributes:
        temperature (float): float
    """

    temperature: float

    def to_dict(self) -> dict[str, Any]:
        temperature = self.temperature

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "temperature": temperature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        temperature = d.pop("temperature")

        action_in_justin_context = cls(
            temperature=temperature,
        )

        return action_in_justin_context
