from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.service_health_status import ServiceHealthStatus

T = TypeVar("T", bound="ServiceHealth")


@_attrs_define
class ServiceHealth:
    """
    Attributes:
        status (ServiceHealthStatus):
        instances (int):
    """

    status: ServiceHealthStatus
    instances: int

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        instances = self.instances

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "instances": instances,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = ServiceHealthStatus(d.pop("status"))

        instances = d.pop("instances")

        service_health = cls(
            status=status,
            instances=instances,
        )

        return service_health
