from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.status_change_entry_from_status_type_0 import StatusChangeEntryFromStatusType0
from ..models.status_change_entry_to_status import StatusChangeEntryToStatus

T = TypeVar("T", bound="StatusChangeEntry")


@_attrs_define
class StatusChangeEntry:
    """
    Attributes:
        change_id (int):
        at (datetime.datetime):
        by (str): a client; `registration` or `decisions` for the automatic ones
        from_status (None | StatusChangeEntryFromStatusType0): null: the registration
        to_status (StatusChangeEntryToStatus):
        note (None | str): the staff's note (a review's outcome)
    """

    change_id: int
    at: datetime.datetime
    by: str
    from_status: None | StatusChangeEntryFromStatusType0
    to_status: StatusChangeEntryToStatus
    note: None | str

    def to_dict(self) -> dict[str, Any]:
        change_id = self.change_id

        at = self.at.isoformat()

        by = self.by

        from_status: None | str
        if isinstance(self.from_status, StatusChangeEntryFromStatusType0):
            from_status = self.from_status.value
        else:
            from_status = self.from_status

        to_status = self.to_status.value

        note: None | str
        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "change_id": change_id,
                "at": at,
                "by": by,
                "from_status": from_status,
                "to_status": to_status,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        change_id = d.pop("change_id")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        by = d.pop("by")

        def _parse_from_status(data: object) -> None | StatusChangeEntryFromStatusType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_status_type_0 = StatusChangeEntryFromStatusType0(data)

                return from_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StatusChangeEntryFromStatusType0, data)

        from_status = _parse_from_status(d.pop("from_status"))

        to_status = StatusChangeEntryToStatus(d.pop("to_status"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        status_change_entry = cls(
            change_id=change_id,
            at=at,
            by=by,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )

        return status_change_entry
