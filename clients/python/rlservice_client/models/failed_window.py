from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="FailedWindow")


@_attrs_define
class FailedWindow:
    """
    Attributes:
        participant_id (str):
        decision_index (int):
        reason (None | str):
        attempts (int):
        updated_at (datetime.datetime):
    """

    participant_id: str
    decision_index: int
    reason: None | str
    attempts: int
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        participant_id = self.participant_id

        decision_index = self.decision_index

        reason: None | str
        reason = self.reason

        attempts = self.attempts

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "participant_id": participant_id,
                "decision_index": decision_index,
                "reason": reason,
                "attempts": attempts,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        participant_id = d.pop("participant_id")

        decision_index = d.pop("decision_index")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        attempts = d.pop("attempts")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        failed_window = cls(
            participant_id=participant_id,
            decision_index=decision_index,
            reason=reason,
            attempts=attempts,
            updated_at=updated_at,
        )

        return failed_window
