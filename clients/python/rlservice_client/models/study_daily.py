from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.study_daily_participants import StudyDailyParticipants
    from ..models.study_day import StudyDay


T = TypeVar("T", bound="StudyDaily")


@_attrs_define
class StudyDaily:
    """
    Attributes:
        study_id (str):
        timezone (str):
        days (list[StudyDay]): oldest first, days without decisions included
        participants (StudyDailyParticipants): participants by life-cycle state, now
    """

    study_id: str
    timezone: str
    days: list[StudyDay]
    participants: StudyDailyParticipants

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        timezone = self.timezone

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.to_dict()
            days.append(days_item)

        participants = self.participants.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "timezone": timezone,
                "days": days,
                "participants": participants,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.study_daily_participants import StudyDailyParticipants  # noqa: PLC0415
        from ..models.study_day import StudyDay  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        timezone = d.pop("timezone")

        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = StudyDay.from_dict(days_item_data)

            days.append(days_item)

        participants = StudyDailyParticipants.from_dict(d.pop("participants"))

        study_daily = cls(
            study_id=study_id,
            timezone=timezone,
            days=days,
            participants=participants,
        )

        return study_daily
