from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WindowEnded")


@_attrs_define
class WindowEnded:
    """
    Attributes:
        status (Literal['success']):
        message (str):
        decision_index (int):
    """

    status: Literal["success"]
    message: str
    decision_index: int

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        message = self.message

        decision_index = self.decision_index

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "message": message,
                "decision_index": decision_index,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        message = d.pop("message")

        decision_index = d.pop("decision_index")

        window_ended = cls(
            status=status,
            message=message,
            decision_index=decision_index,
        )

        return window_ended
