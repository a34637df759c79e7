from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Bootstrapped")


@_attrs_define
class Bootstrapped:
    """
    Attributes:
        status (Literal['success']):
        username (str):
        admin (bool):
    """

    status: Literal["success"]
    username: str
    admin: bool

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        username = self.username

        admin = self.admin

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "username": username,
                "admin": admin,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        username = d.pop("username")

        admin = d.pop("admin")

        bootstrapped = cls(
            status=status,
            username=username,
            admin=admin,
        )

        return bootstrapped
