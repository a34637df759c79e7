from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.client_summary import ClientSummary


T = TypeVar("T", bound="ClientList")


@_attrs_define
class ClientList:
    """
    Attributes:
        clients (list[ClientSummary]):
    """

    clients: list[ClientSummary]

    def to_dict(self) -> dict[str, Any]:
        clients = []
        for clients_item_data in self.clients:
            clients_item = clients_item_data.to_dict()
            clients.append(clients_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "clients": clients,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.client_summary import ClientSummary  # noqa: PLC0415

        d = dict(src_dict)
        clients = []
        _clients = d.pop("clients")
        for clients_item_data in _clients:
            clients_item = ClientSummary.from_dict(clients_item_data)

            clients.append(clients_item)

        client_list = cls(
            clients=clients,
        )

        return client_list
