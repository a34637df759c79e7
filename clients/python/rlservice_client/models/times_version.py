from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.times_version_source import TimesVersionSource

T = TypeVar("T", bound="TimesVersion")


@_attrs_define
class TimesVersion:
    """
    Attributes:
        at (datetime.datetime | None): when rl-service learnt them; null: at registration
        source (TimesVersionSource):
        actor (None | str): a client, `ingest` for an EMA record's; null: none
        notification_times (list[list[int]]): per weekday, Monday first, the day's HHMM times
    """

    at: datetime.datetime | None
    source: TimesVersionSource
    actor: None | str
    notification_times: list[list[int]]

    def to_dict(self) -> dict[str, Any]:
        at: None | str
        if isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        source = self.source.value

        actor: None | str
        actor = self.actor

        notification_times = []
        for notification_times_item_data in self.notification_times:
            notification_times_item = notification_times_item_data

            notification_times.append(notification_times_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "at": at,
                "source": source,
                "actor": actor,
                "notification_times": notification_times,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        source = TimesVersionSource(d.pop("source"))

        def _parse_actor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor = _parse_actor(d.pop("actor"))

        notification_times = []
        _notification_times = d.pop("notification_times")
        for notification_times_item_data in _notification_times:
            notification_times_item = cast(list[int], notification_times_item_data)

            notification_times.append(notification_times_item)

        times_version = cls(
            at=at,
            source=source,
            actor=actor,
            notification_times=notification_times,
        )

        return times_version
