from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.role_grant import RoleGrant


T = TypeVar("T", bound="ClientSummary")


@_attrs_define
class ClientSummary:
    """
    Attributes:
        username (str):
        admin (bool):
        disabled (bool):
        roles (list[RoleGrant]):
        created_at (datetime.datetime):
    """

    username: str
    admin: bool
    disabled: bool
    roles: list[RoleGrant]
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        admin = self.admin

        disabled = self.disabled

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.to_dict()
            roles.append(roles_item)

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "admin": admin,
                "disabled": disabled,
                "roles": roles,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.role_grant import RoleGrant  # noqa: PLC0415

        d = dict(src_dict)
        username = d.pop("username")

        admin = d.pop("admin")

        disabled = d.pop("disabled")

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = RoleGrant.from_dict(roles_item_data)

            roles.append(roles_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        client_summary = cls(
            username=username,
            admin=admin,
            disabled=disabled,
            roles=roles,
            created_at=created_at,
        )

        return client_summary
