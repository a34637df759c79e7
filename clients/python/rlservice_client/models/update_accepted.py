from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="UpdateAccepted")


@_attrs_define
class UpdateAccepted:
    """
    Attributes:
        status (Literal['processing']):
        update_id (UUID):
    """

    status: Literal["processing"]
    update_id: UUID

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        update_id = str(self.update_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "update_id": update_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["processing"], d.pop("status"))
        if status != "processing":
            raise ValueError(f"status must match const 'processing', got '{status}'")

        update_id = UUID(d.pop("update_id"))

        update_accepted = cls(
            status=status,
            update_id=update_id,
        )

        return update_accepted
