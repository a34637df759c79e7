from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.health_status import HealthStatus

if TYPE_CHECKING:
    from ..models.health_dependencies import HealthDependencies
    from ..models.health_services import HealthServices


T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """
    Attributes:
        status (HealthStatus):
        services (HealthServices):
        dependencies (HealthDependencies):
    """

    status: HealthStatus
    services: HealthServices
    dependencies: HealthDependencies

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        services = self.services.to_dict()

        dependencies = self.dependencies.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "services": services,
                "dependencies": dependencies,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health_dependencies import HealthDependencies  # noqa: PLC0415
        from ..models.health_services import HealthServices  # noqa: PLC0415

        d = dict(src_dict)
        status = HealthStatus(d.pop("status"))

        services = HealthServices.from_dict(d.pop("services"))

        dependencies = HealthDependencies.from_dict(d.pop("dependencies"))

        health = cls(
            status=status,
            services=services,
            dependencies=dependencies,
        )

        return health
