from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.dependency_health_status import DependencyHealthStatus

T = TypeVar("T", bound="DependencyHealth")


@_attrs_define
class DependencyHealth:
    """
    Attributes:
        status (DependencyHealthStatus):
    """

    status: DependencyHealthStatus

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = DependencyHealthStatus(d.pop("status"))

        dependency_health = cls(
            status=status,
        )

        return dependency_health
