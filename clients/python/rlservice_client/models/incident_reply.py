from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.incident_reply_severity import IncidentReplySeverity

T = TypeVar("T", bound="IncidentReply")


@_attrs_define
class IncidentReply:
    """
    Attributes:
        id (int):
        check (str):
        severity (IncidentReplySeverity):
        opened_at (datetime.datetime):
        closed_at (datetime.datetime | None): when the check was green again
        resolved_at (datetime.datetime | None):
        resolved_by (None | str):
        note (None | str):
    """

    id: int
    check: str
    severity: IncidentReplySeverity
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    resolved_by: None | str
    note: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        check = self.check

        severity = self.severity.value

        opened_at = self.opened_at.isoformat()

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolved_by: None | str
        resolved_by = self.resolved_by

        note: None | str
        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "check": check,
                "severity": severity,
                "opened_at": opened_at,
                "closed_at": closed_at,
                "resolved_at": resolved_at,
                "resolved_by": resolved_by,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        check = d.pop("check")

        severity = IncidentReplySeverity(d.pop("severity"))

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        def _parse_resolved_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        incident_reply = cls(
            id=id,
            check=check,
            severity=severity,
            opened_at=opened_at,
            closed_at=closed_at,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
            note=note,
        )

        return incident_reply
