from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Baseline")


@_attrs_define
class Baseline:
    """A participant's side of a daily schedule. `rl_start_date` always; `rl_end_date` unless
    the study sets its length (`days`), when it defaults to the last decision day. When the
    study takes notification times from participants (`times: participant`), theirs: either
    `notification_times` (the N window times of a day, 24-hour HHMM, strictly increasing: one
    list used every day, or seven, Monday first) or MiWaves' morning and evening times (N = 2).
    Consent dates are kept as MiWaves sends them.

        Attributes:
            rl_start_date (datetime.date):
            morning_notification_time_start (list[int] | None | Unset):
            evening_notification_time_start (list[int] | None | Unset):
            consent_start_date (datetime.date | None | Unset):
            consent_end_date (datetime.date | None | Unset):
            rl_end_date (datetime.date | None | Unset):
            notification_times (list[list[int]] | None | Unset):
    """

    rl_start_date: datetime.date
    morning_notification_time_start: list[int] | None | Unset = UNSET
    evening_notification_time_start: list[int] | None | Unset = UNSET
    consent_start_date: datetime.date | None | Unset = UNSET
    consent_end_date: datetime.date | None | Unset = UNSET
    rl_end_date: datetime.date | None | Unset = UNSET
    notification_times: list[list[int]] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        rl_start_date = self.rl_start_date.isoformat()

        morning_notification_time_start: list[int] | None | Unset
        if isinstance(self.morning_notification_time_start, Unset):
            morning_notification_time_start = UNSET
        elif isinstance(self.morning_notification_time_start, list):
            morning_notification_time_start = self.morning_notification_time_start

        else:
            morning_notification_time_start = self.morning_notification_time_start

        evening_notification_time_start: list[int] | None | Unset
        if isinstance(self.evening_notification_time_start, Unset):
            evening_notification_time_start = UNSET
        elif isinstance(self.evening_notification_time_start, list):
            evening_notification_time_start = self.evening_notification_time_start

        else:
            evening_notification_time_start = self.evening_notification_time_start

        consent_start_date: None | str | Unset
        if isinstance(self.consent_start_date, Unset):
            consent_start_date = UNSET
        elif isinstance(self.consent_start_date, datetime.date):
            consent_start_date = self.consent_start_date.isoformat()
        else:
            consent_start_date = self.consent_start_date

        consent_end_date: None | str | Unset
        if isinstance(self.consent_end_date, Unset):
            consent_end_date = UNSET
        elif isinstance(self.consent_end_date, datetime.date):
            consent_end_date = self.consent_end_date.isoformat()
        else:
            consent_end_date = self.consent_end_date

        rl_end_date: None | str | Unset
        if isinstance(self.rl_end_date, Unset):
            rl_end_date = UNSET
        elif isinstance(self.rl_end_date, datetime.date):
            rl_end_date = self.rl_end_date.isoformat()
        else:
            rl_end_date = self.rl_end_date

        notification_times: list[list[int]] | None | Unset
        if isinstance(self.notification_times, Unset):
            notification_times = UNSET
        elif isinstance(self.notification_times, list):
            notification_times = []
            for notification_times_type_0_item_data in self.notification_times:
                notification_times_type_0_item = notification_times_type_0_item_data

                notification_times.append(notification_times_type_0_item)

        else:
            notification_times = self.notification_times

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rl_start_date": rl_start_date,
            }
        )
        if morning_notification_time_start is not UNSET:
            field_dict["morning_notification_time_start"] = morning_notification_time_start
        if evening_notification_time_start is not UNSET:
            field_dict["evening_notification_time_start"] = evening_notification_time_start
        if consent_start_date is not UNSET:
            field_dict["consent_start_date"] = consent_start_date
        if consent_end_date is not UNSET:
            field_dict["consent_end_date"] = consent_end_date
        if rl_end_date is not UNSET:
            field_dict["rl_end_date"] = rl_end_date
        if notification_times is not UNSET:
            field_dict["notification_times"] = notification_times

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rl_start_date = datetime.date.fromisoformat(d.pop("rl_start_date"))

        def _parse_morning_notification_time_start(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                morning_notification_time_start_type_0 = cast(list[int], data)

                return morning_notification_time_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        morning_notification_time_start = _parse_morning_notification_time_start(
            d.pop("morning_notification_time_start", UNSET)
        )

        def _parse_evening_notification_time_start(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                evening_notification_time_start_type_0 = cast(list[int], data)

                return evening_notification_time_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        evening_notification_time_start = _parse_evening_notification_time_start(
            d.pop("evening_notification_time_start", UNSET)
        )

        def _parse_consent_start_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consent_start_date_type_0 = datetime.date.fromisoformat(data)

                return consent_start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        consent_start_date = _parse_consent_start_date(d.pop("consent_start_date", UNSET))

        def _parse_consent_end_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consent_end_date_type_0 = datetime.date.fromisoformat(data)

                return consent_end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        consent_end_date = _parse_consent_end_date(d.pop("consent_end_date", UNSET))

        def _parse_rl_end_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rl_end_date_type_0 = datetime.date.fromisoformat(data)

                return rl_end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        rl_end_date = _parse_rl_end_date(d.pop("rl_end_date", UNSET))

        def _parse_notification_times(data: object) -> list[list[int]] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                notification_times_type_0 = []
                _notification_times_type_0 = data
                for notification_times_type_0_item_data in _notification_times_type_0:
                    notification_times_type_0_item = cast(list[int], notification_times_type_0_item_data)

                    notification_times_type_0.append(notification_times_type_0_item)

                return notification_times_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[list[int]] | None | Unset, data)

        notification_times = _parse_notification_times(d.pop("notification_times", UNSET))

        baseline = cls(
            rl_start_date=rl_start_date,
            morning_notification_time_start=morning_notification_time_start,
            evening_notification_time_start=evening_notification_time_start,
            consent_start_date=consent_start_date,
            consent_end_date=consent_end_date,
            rl_end_date=rl_end_date,
            notification_times=notification_times,
        )

        return baseline
