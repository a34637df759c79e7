from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WindowAccepted")


@_attrs_define
class WindowAccepted:
    """
    Attributes:
        status (Literal['accepted']):
        decision_index (int):
    """

    status: Literal["accepted"]
    decision_index: int

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        decision_index = self.decision_index

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "decision_index": decision_index,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["accepted"], d.pop("status"))
        if status != "accepted":
            raise ValueError(f"status must match const 'accepted', got '{status}'")

        decision_index = d.pop("decision_index")

        window_accepted = cls(
            status=status,
            decision_index=decision_index,
        )

        return window_accepted
