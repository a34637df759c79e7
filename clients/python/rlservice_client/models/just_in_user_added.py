from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="JustInUserAdded")


@_attrs_define
class JustInUserAdded:
    """
    Attributes:
        message (str):
        status (Literal['success']):
        user_id (str):
    """

    message: str
    status: Literal["success"]
    user_id: str

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        status = self.status

        user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
                "status": status,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        user_id = d.pop("user_id")

        just_in_user_added = cls(
            message=message,
            status=status,
            user_id=user_id,
        )

        return just_in_user_added
