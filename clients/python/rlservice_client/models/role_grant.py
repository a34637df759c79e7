from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role_grant_role import RoleGrantRole

T = TypeVar("T", bound="RoleGrant")


@_attrs_define
class RoleGrant:
    """
    Attributes:
        study_id (str):
        role (RoleGrantRole):
    """

    study_id: str
    role: RoleGrantRole

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        study_id = d.pop("study_id")

        role = RoleGrantRole(d.pop("role"))

        role_grant = cls(
            study_id=study_id,
            role=role,
        )

        return role_grant
