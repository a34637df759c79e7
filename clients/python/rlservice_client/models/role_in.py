from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role_in_role import RoleInRole

T = TypeVar("T", bound="RoleIn")


@_attrs_define
class RoleIn:
    """
    Attributes:
        study_id (str):
        role (RoleInRole):
    """

    study_id: str
    role: RoleInRole

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

        role = RoleInRole(d.pop("role"))

        role_in = cls(
            study_id=study_id,
            role=role,
        )

        return role_in
