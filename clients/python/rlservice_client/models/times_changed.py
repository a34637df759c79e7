from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TimesChanged")


@_attrs_define
class TimesChanged:
    """
    Attributes:
        status (Literal['success']):
        study_id (str):
        participant_id (str):
        changed (bool): false: these times were in force already, none stored
        at (datetime.datetime | None): when the change was learnt; null if none
        notification_times (list[list[int]]): per weekday, Monday first, the day's HHMM times
        first_new_window (int | None): the first decision index whose window opens at the new times
        first_new_window_start (datetime.datetime | None):
    """

    status: Literal["success"]
    study_id: str
    participant_id: str
    changed: bool
    at: datetime.datetime | None
    notification_times: list[list[int]]
    first_new_window: int | None
    first_new_window_start: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        study_id = self.study_id

        participant_id = self.participant_id

        changed = self.changed

        at: None | str
        if isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        notification_times = []
        for notification_times_item_data in self.notification_times:
            notification_times_item = notification_times_item_data

            notification_times.append(notification_times_item)

        first_new_window: int | None
        first_new_window = self.first_new_window

        first_new_window_start: None | str
        if isinstance(self.first_new_window_start, datetime.datetime):
            first_new_window_start = self.first_new_window_start.isoformat()
        else:
            first_new_window_start = self.first_new_window_start

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "study_id": study_id,
                "participant_id": participant_id,
                "changed": changed,
                "at": at,
                "notification_times": notification_times,
                "first_new_window": first_new_window,
                "first_new_window_start": first_new_window_start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        study_id = d.pop("study_id")

        participant_id = d.pop("participant_id")

        changed = d.pop("changed")

        def _parse_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                at_type_0 = datetime.datetime.fromisoformat(data)

                return at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        at = _parse_at(d.pop("at"))

        notification_times = []
        _notification_times = d.pop("notification_times")
        for notification_times_item_data in _notification_times:
            notification_times_item = cast(list[int], notification_times_item_data)

            notification_times.append(notification_times_item)

        def _parse_first_new_window(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        first_new_window = _parse_first_new_window(d.pop("first_new_window"))

        def _parse_first_new_window_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_new_window_start_type_0 = datetime.datetime.fromisoformat(data)

                return first_new_window_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        first_new_window_start = _parse_first_new_window_start(d.pop("first_new_window_start"))

        times_changed = cls(
            status=status,
            study_id=study_id,
            participant_id=participant_id,
            changed=changed,
            at=at,
            notification_times=notification_times,
            first_new_window=first_new_window,
            first_new_window_start=first_new_window_start,
        )

        return times_changed
