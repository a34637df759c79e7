from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="MiWavesToken")


@_attrs_define
class MiWavesToken:
    """
    Attributes:
        status (Literal['success']):
        message (str):
        auth_token (str):
    """

    status: Literal["success"]
    message: str
    auth_token: str

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        message = self.message

        auth_token = self.auth_token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "message": message,
                "auth_token": auth_token,
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

        auth_token = d.pop("auth_token")

        mi_waves_token = cls(
            status=status,
            message=message,
            auth_token=auth_token,
        )

        return mi_waves_token
