from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.study_health_status import StudyHealthStatus

if TYPE_CHECKING:
    from ..models.health_check import HealthCheck


T = TypeVar("T", bound="StudyHealth")


@_attrs_define
class StudyHealth:
    """
    Attributes:
        study_id (str):
        status (StudyHealthStatus): the worst check's; unknown until the checks were first evaluated
        checks (list[HealthCheck]):
    """

    study_id: str
    status: StudyHealthStatus
    checks: list[HealthCheck]

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        status = self.status.value

        checks = []
        for checks_item_data in self.checks:
            checks_item = checks_item_data.to_dict()
            checks.append(checks_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "status": status,
                "checks": checks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health_check import HealthCheck  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        status = StudyHealthStatus(d.pop("status"))

        checks = []
        _checks = d.pop("checks")
        for checks_item_data in _checks:
            checks_item = HealthCheck.from_dict(checks_item_data)

            checks.append(checks_item)

        study_health = cls(
            study_id=study_id,
            status=status,
            checks=checks,
        )

        return study_health
