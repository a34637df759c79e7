from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.role_changed_role import RoleChangedRole

T = TypeVar("T", bound="RoleChanged")


@_attrs_define
class RoleChanged:
    """
    Attributes:
        status (Literal['success']):
        username (str):
        study_id (str):
        role (RoleChangedRole):
    """

    status: Literal["success"]
    username: str
    study_id: str
    role: RoleChangedRole

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        username = self.username

        study_id = self.study_id

        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "username": username,
                "study_id": study_id,
                "role": role,
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

        study_id = d.pop("study_id")

        role = RoleChangedRole(d.pop("role"))

        role_changed = cls(
            status=status,
            username=username,
            study_id=study_id,
            role=role,
        )

        return role_changed
