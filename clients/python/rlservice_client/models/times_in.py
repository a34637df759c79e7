from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TimesIn")


@_attrs_define
class TimesIn:
    """A participant's new notification times, checked as at registration: the N window times
    of a day (24-hour HHMM, strictly increasing), one list used every day or seven, Monday
    first.

        Attributes:
            notification_times (list[list[int]]):
    """

    notification_times: list[list[int]]

    def to_dict(self) -> dict[str, Any]:
        notification_times = []
        for notification_times_item_data in self.notification_times:
            notification_times_item = notification_times_item_data

            notification_times.append(notification_times_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "notification_times": notification_times,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notification_times = []
        _notification_times = d.pop("notification_times")
        for notification_times_item_data in _notification_times:
            notification_times_item = cast(list[int], notification_times_item_data)

            notification_times.append(notification_times_item)

        times_in = cls(
            notification_times=notification_times,
        )

        return times_in
