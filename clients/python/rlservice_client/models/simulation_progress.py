from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SimulationProgress")


@_attrs_define
class SimulationProgress:
    """
    Attributes:
        done (int): windows played
        total (int): windows in the run
        day (int): the study day of the last window played, from 1
        days (int):
        decisions (int): answered so far
    """

    done: int
    total: int
    day: int
    days: int
    decisions: int

    def to_dict(self) -> dict[str, Any]:
        done = self.done

        total = self.total

        day = self.day

        days = self.days

        decisions = self.decisions

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "done": done,
                "total": total,
                "day": day,
                "days": days,
                "decisions": decisions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        done = d.pop("done")

        total = d.pop("total")

        day = d.pop("day")

        days = d.pop("days")

        decisions = d.pop("decisions")

        simulation_progress = cls(
            done=done,
            total=total,
            day=day,
            days=days,
            decisions=decisions,
        )

        return simulation_progress
