from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Baseline")


@_attrs_define
class Baseline:
    """MiWaves baseline: notification start times per weekday (Monday first) and the dates.

    Attributes:
        morning_notification_time_start (list[int]):
        evening_notification_time_start (list[int]):
        consent_start_date (datetime.date):
        consent_end_date (datetime.date):
        rl_start_date (datetime.date):
        rl_end_date (datetime.date):
    """

    morning_notification_time_start: list[int]
    evening_notification_time_start: list[int]
    consent_start_date: datetime.date
    consent_end_date: datetime.date
    rl_start_date: datetime.date
    rl_end_date: datetime.date

    def to_dict(self) -> dict[str, Any]:
        morning_notification_time_start = self.morning_notification_time_start

        evening_notification_time_start = self.evening_notification_time_start

        consent_start_date = self.consent_start_date.isoformat()

        consent_end_date = self.consent_end_date.isoformat()

        rl_start_date = self.rl_start_date.isoformat()

        rl_end_date = self.rl_end_date.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "morning_notification_time_start": morning_notification_time_start,
                "evening_notification_time_start": evening_notification_time_start,
                "consent_start_date": consent_start_date,
                "consent_end_date": consent_end_date,
                "rl_start_date": rl_start_date,
                "rl_end_date": rl_end_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        morning_notification_time_start = cast(list[int], d.pop("morning_notification_time_start"))

        evening_notification_time_start = cast(list[int], d.pop("evening_notification_time_start"))

        consent_start_date = datetime.date.fromisoformat(d.pop("consent_start_date"))

        consent_end_date = datetime.date.fromisoformat(d.pop("consent_end_date"))

        rl_start_date = datetime.date.fromisoformat(d.pop("rl_start_date"))

        rl_end_date = datetime.date.fromisoformat(d.pop("rl_end_date"))

        baseline = cls(
            morning_notification_time_start=morning_notification_time_start,
            evening_notification_time_start=evening_notification_time_start,
            consent_start_date=consent_start_date,
            consent_end_date=consent_end_date,
            rl_start_date=rl_start_date,
            rl_end_date=rl_end_date,
        )

        return baseline
