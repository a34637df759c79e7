from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.study_summary_roles_item import StudySummaryRolesItem

T = TypeVar("T", bound="StudySummary")


@_attrs_define
class StudySummary:
    """
    Attributes:
        id (str):
        name (str):
        algorithm (str):
        schedule (str):
        roles (list[StudySummaryRolesItem]): the caller's roles in the study
    """

    id: str
    name: str
    algorithm: str
    schedule: str
    roles: list[StudySummaryRolesItem]

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        algorithm = self.algorithm

        schedule = self.schedule

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.value
            roles.append(roles_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "algorithm": algorithm,
                "schedule": schedule,
                "roles": roles,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        algorithm = d.pop("algorithm")

        schedule = d.pop("schedule")

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = StudySummaryRolesItem(roles_item_data)

            roles.append(roles_item)

        study_summary = cls(
            id=id,
            name=name,
            algorithm=algorithm,
            schedule=schedule,
            roles=roles,
        )

        return study_summary
