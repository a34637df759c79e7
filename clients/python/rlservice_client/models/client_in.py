from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.role_in import RoleIn


T = TypeVar("T", bound="ClientIn")


@_attrs_define
class ClientIn:
    """A new client: a deployment admin (manages clients and roles) and/or roles in studies.

    Attributes:
        username (str):
        password (str):
        admin (bool | Unset):  Default: False.
        roles (list[RoleIn] | Unset):
    """

    username: str
    password: str
    admin: bool | Unset = False
    roles: list[RoleIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        password = self.password

        admin = self.admin

        roles: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = []
            for roles_item_data in self.roles:
                roles_item = roles_item_data.to_dict()
                roles.append(roles_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "password": password,
            }
        )
        if admin is not UNSET:
            field_dict["admin"] = admin
        if roles is not UNSET:
            field_dict["roles"] = roles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.role_in import RoleIn  # noqa: PLC0415

        d = dict(src_dict)
        username = d.pop("username")

        password = d.pop("password")

        admin = d.pop("admin", UNSET)

        _roles = d.pop("roles", UNSET)
        roles: list[RoleIn] | Unset = UNSET
        if _roles is not UNSET:
            roles = []
            for roles_item_data in _roles:
                roles_item = RoleIn.from_dict(roles_item_data)

                roles.append(roles_item)

        client_in = cls(
            username=username,
            password=password,
            admin=admin,
            roles=roles,
        )

        return client_in
