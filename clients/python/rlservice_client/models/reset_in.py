from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ResetIn")


@_attrs_define
class ResetIn:
    """The study's id, typed again: a reset deletes the pilot's data for good.

    Attributes:
        confirm (str):
    """

    confirm: str

    def to_dict(self) -> dict[str, Any]:
        confirm = self.confirm

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "confirm": confirm,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        confirm = d.pop("confirm")

        reset_in = cls(
            confirm=confirm,
        )

        return reset_in
