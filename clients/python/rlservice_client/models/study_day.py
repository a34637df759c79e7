from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="StudyDay")


@_attrs_define
class StudyDay:
    """
    Attributes:
        day (datetime.date): a day in the study's time zone
        policy (int): decisions the policy (or its warm-up) made
        fallback (int): decisions the study's fallback made
        treated (int): decisions of an action other than the first
        mean_probability (float | None): of treatment; null without decisions
        p10 (float | None):
        median (float | None):
        p90 (float | None):
    """

    day: datetime.date
    policy: int
    fallback: int
    treated: int
    mean_probability: float | None
    p10: float | None
    median: float | None
    p90: float | None

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        policy = self.policy

        fallback = self.fallback

        treated = self.treated

        mean_probability: float | None
        mean_probability = self.mean_probability

        p10: float | None
        p10 = self.p10

        median: float | None
        median = self.median

        p90: float | None
        p90 = self.p90

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "day": day,
                "policy": policy,
                "fallback": fallback,
                "treated": treated,
                "mean_probability": mean_probability,
                "p10": p10,
                "median": median,
                "p90": p90,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        policy = d.pop("policy")

        fallback = d.pop("fallback")

        treated = d.pop("treated")

        def _parse_mean_probability(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        mean_probability = _parse_mean_probability(d.pop("mean_probability"))

        def _parse_p10(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p10 = _parse_p10(d.pop("p10"))

        def _parse_median(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        median = _parse_median(d.pop("median"))

        def _parse_p90(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p90 = _parse_p90(d.pop("p90"))

        study_day = cls(
            day=day,
            policy=policy,
            fallback=fallback,
            treated=treated,
            mean_probability=mean_probability,
            p10=p10,
            median=median,
            p90=p90,
        )

        return study_day
