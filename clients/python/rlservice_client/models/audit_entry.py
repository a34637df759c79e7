from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.audit_entry_details import AuditEntryDetails


T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """
    Attributes:
        id (int):
        at (datetime.datetime):
        actor (str):
        action (str):
        study_id (None | str):
        target (None | str):
        details (AuditEntryDetails):
    """

    id: int
    at: datetime.datetime
    actor: str
    action: str
    study_id: None | str
    target: None | str
    details: AuditEntryDetails

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        at = self.at.isoformat()

        actor = self.actor

        action = self.action

        study_id: None | str
        study_id = self.study_id

        target: None | str
        target = self.target

        details = self.details.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "at": at,
                "actor": actor,
                "action": action,
                "study_id": study_id,
                "target": target,
                "details": details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_details import AuditEntryDetails  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        actor = d.pop("actor")

        action = d.pop("action")

        def _parse_study_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        study_id = _parse_study_id(d.pop("study_id"))

        def _parse_target(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target = _parse_target(d.pop("target"))

        details = AuditEntryDetails.from_dict(d.pop("details"))

        audit_entry = cls(
            id=id,
            at=at,
            actor=actor,
            action=action,
            study_id=study_id,
            target=target,
            details=details,
        )

        return audit_entry
