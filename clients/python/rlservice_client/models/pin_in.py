from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PinIn")


@_attrs_define
class PinIn:
    """
    Attributes:
        reason (str):
        version (int):
    """

    reason: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        version = d.pop("version")

        pin_in = cls(
            reason=reason,
            version=version,
        )

        return pin_in
