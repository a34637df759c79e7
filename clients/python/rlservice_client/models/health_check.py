from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.health_check_status import HealthCheckStatus

T = TypeVar("T", bound="HealthCheck")


@_attrs_define
class HealthCheck:
    """
    Attributes:
        check (str):
        meaning (str):
        status (HealthCheckStatus):
        value (float):
        threshold (float | None): the level reached, or for green the next one
        since (datetime.datetime): the open incident's opening, else when this status began
        evidence (str): a route or a query to follow
        evaluated_at (datetime.datetime):
        incident_id (int | None): the open incident, if any
    """

    check: str
    meaning: str
    status: HealthCheckStatus
    value: float
    threshold: float | None
    since: datetime.datetime
    evidence: str
    evaluated_at: datetime.datetime
    incident_id: int | None

    def to_dict(self) -> dict[str, Any]:
        check = self.check

        meaning = self.meaning

        status = self.status.value

        value = self.value

        threshold: float | None
        threshold = self.threshold

        since = self.since.isoformat()

        evidence = self.evidence

        evaluated_at = self.evaluated_at.isoformat()

        incident_id: int | None
        incident_id = self.incident_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "check": check,
                "meaning": meaning,
                "status": status,
                "value": value,
                "threshold": threshold,
                "since": since,
                "evidence": evidence,
                "evaluated_at": evaluated_at,
                "incident_id": incident_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        check = d.pop("check")

        meaning = d.pop("meaning")

        status = HealthCheckStatus(d.pop("status"))

        value = d.pop("value")

        def _parse_threshold(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        threshold = _parse_threshold(d.pop("threshold"))

        since = datetime.datetime.fromisoformat(d.pop("since"))

        evidence = d.pop("evidence")

        evaluated_at = datetime.datetime.fromisoformat(d.pop("evaluated_at"))

        def _parse_incident_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        incident_id = _parse_incident_id(d.pop("incident_id"))

        health_check = cls(
            check=check,
            meaning=meaning,
            status=status,
            value=value,
            threshold=threshold,
            since=since,
            evidence=evidence,
            evaluated_at=evaluated_at,
            incident_id=incident_id,
        )

        return health_check
