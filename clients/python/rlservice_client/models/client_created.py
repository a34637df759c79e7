from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.role_grant import RoleGrant


T = TypeVar("T", bound="ClientCreated")


@_attrs_define
class ClientCreated:
    """
    Attributes:
        status (Literal['success']):
        username (str):
        admin (bool):
        roles (list[RoleGrant]):
    """

    status: Literal["success"]
    username: str
    admin: bool
    roles: list[RoleGrant]

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        username = self.username

        admin = self.admin

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.to_dict()
            roles.append(roles_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "username": username,
                "admin": admin,
                "roles": roles,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.role_grant import RoleGrant  # noqa: PLC0415

        d = dict(src_dict)
        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        username = d.pop("username")

        admin = d.pop("admin")

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = RoleGrant.from_dict(roles_item_data)

            roles.append(roles_item)

        client_created = cls(
            status=status,
            username=username,
            admin=admin,
            roles=roles,
        )

        return client_created
