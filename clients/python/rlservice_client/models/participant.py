from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.participant_status import ParticipantStatus

if TYPE_CHECKING:
    from ..models.participant_baseline import ParticipantBaseline


T = TypeVar("T", bound="Participant")


@_attrs_define
class Participant:
    """
    Attributes:
        study_id (str):
        participant_id (str):
        status (ParticipantStatus):
        baseline (ParticipantBaseline): as registered; {} without one
        rl_start_date (datetime.date | None):
        rl_end_date (datetime.date | None):
    """

    study_id: str
    participant_id: str
    status: ParticipantStatus
    baseline: ParticipantBaseline
    rl_start_date: datetime.date | None
    rl_end_date: datetime.date | None

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        participant_id = self.participant_id

        status = self.status.value

        baseline = self.baseline.to_dict()

        rl_start_date: None | str
        if isinstance(self.rl_start_date, datetime.date):
            rl_start_date = self.rl_start_date.isoformat()
        else:
            rl_start_date = self.rl_start_date

        rl_end_date: None | str
        if isinstance(self.rl_end_date, datetime.date):
            rl_end_date = self.rl_end_date.isoformat()
        else:
            rl_end_date = self.rl_end_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "participant_id": participant_id,
                "status": status,
                "baseline": baseline,
                "rl_start_date": rl_start_date,
                "rl_end_date": rl_end_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.participant_baseline import ParticipantBaseline  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        participant_id = d.pop("participant_id")

        status = ParticipantStatus(d.pop("status"))

        baseline = ParticipantBaseline.from_dict(d.pop("baseline"))

        def _parse_rl_start_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rl_start_date_type_0 = datetime.date.fromisoformat(data)

                return rl_start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        rl_start_date = _parse_rl_start_date(d.pop("rl_start_date"))

        def _parse_rl_end_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rl_end_date_type_0 = datetime.date.fromisoformat(data)

                return rl_end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        rl_end_date = _parse_rl_end_date(d.pop("rl_end_date"))

        participant = cls(
            study_id=study_id,
            participant_id=participant_id,
            status=status,
            baseline=baseline,
            rl_start_date=rl_start_date,
            rl_end_date=rl_end_date,
        )

        return participant
