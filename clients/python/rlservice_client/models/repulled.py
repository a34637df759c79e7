from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Repulled")


@_attrs_define
class Repulled:
    """
    Attributes:
        status (Literal['accepted']):
        windows (int): how many failed windows are pulled again
    """

    status: Literal["accepted"]
    windows: int

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        windows = self.windows

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "windows": windows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["accepted"], d.pop("status"))
        if status != "accepted":
            raise ValueError(f"status must match const 'accepted', got '{status}'")

        windows = d.pop("windows")

        repulled = cls(
            status=status,
            windows=windows,
        )

        return repulled
