from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Exclusion")


@_attrs_define
class Exclusion:
    """
    Attributes:
        id (int):
        participant_id (None | str):
        from_decision_index (int | None):
        to_decision_index (int | None): inclusive
        from_time (datetime.datetime | None):
        to_time (datetime.datetime | None): exclusive
        reason (str):
        created_by (str):
        created_at (datetime.datetime):
    """

    id: int
    participant_id: None | str
    from_decision_index: int | None
    to_decision_index: int | None
    from_time: datetime.datetime | None
    to_time: datetime.datetime | None
    reason: str
    created_by: str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        participant_id: None | str
        participant_id = self.participant_id

        from_decision_index: int | None
        from_decision_index = self.from_decision_index

        to_decision_index: int | None
        to_decision_index = self.to_decision_index

        from_time: None | str
        if isinstance(self.from_time, datetime.datetime):
            from_time = self.from_time.isoformat()
        else:
            from_time = self.from_time

        to_time: None | str
        if isinstance(self.to_time, datetime.datetime):
            to_time = self.to_time.isoformat()
        else:
            to_time = self.to_time

        reason = self.reason

        created_by = self.created_by

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "participant_id": participant_id,
                "from_decision_index": from_decision_index,
                "to_decision_index": to_decision_index,
                "from_time": from_time,
                "to_time": to_time,
                "reason": reason,
                "created_by": created_by,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_participant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        participant_id = _parse_participant_id(d.pop("participant_id"))

        def _parse_from_decision_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        from_decision_index = _parse_from_decision_index(d.pop("from_decision_index"))

        def _parse_to_decision_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        to_decision_index = _parse_to_decision_index(d.pop("to_decision_index"))

        def _parse_from_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_time_type_0 = datetime.datetime.fromisoformat(data)

                return from_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        from_time = _parse_from_time(d.pop("from_time"))

        def _parse_to_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_time_type_0 = datetime.datetime.fromisoformat(data)

                return to_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        to_time = _parse_to_time(d.pop("to_time"))

        reason = d.pop("reason")

        created_by = d.pop("created_by")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        exclusion = cls(
            id=id,
            participant_id=participant_id,
            from_decision_index=from_decision_index,
            to_decision_index=to_decision_index,
            from_time=from_time,
            to_time=to_time,
            reason=reason,
            created_by=created_by,
            created_at=created_at,
        )

        return exclusion
