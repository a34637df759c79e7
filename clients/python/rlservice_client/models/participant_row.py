from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.participant_row_status import ParticipantRowStatus

T = TypeVar("T", bound="ParticipantRow")


@_attrs_define
class ParticipantRow:
    """A participant as the study team reviews them: no baseline, no answers.

    Attributes:
        participant_id (str):
        status (ParticipantRowStatus):
        registered_at (datetime.datetime):
        status_changed_at (datetime.datetime | None):
        rl_start_date (datetime.date | None):
        rl_end_date (datetime.date | None):
        decisions (int): decisions made for the participant
        last_decision_at (datetime.datetime | None):
    """

    participant_id: str
    status: ParticipantRowStatus
    registered_at: datetime.datetime
    status_changed_at: datetime.datetime | None
    rl_start_date: datetime.date | None
    rl_end_date: datetime.date | None
    decisions: int
    last_decision_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        participant_id = self.participant_id

        status = self.status.value

        registered_at = self.registered_at.isoformat()

        status_changed_at: None | str
        if isinstance(self.status_changed_at, datetime.datetime):
            status_changed_at = self.status_changed_at.isoformat()
        else:
            status_changed_at = self.status_changed_at

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

        decisions = self.decisions

        last_decision_at: None | str
        if isinstance(self.last_decision_at, datetime.datetime):
            last_decision_at = self.last_decision_at.isoformat()
        else:
            last_decision_at = self.last_decision_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "participant_id": participant_id,
                "status": status,
                "registered_at": registered_at,
                "status_changed_at": status_changed_at,
                "rl_start_date": rl_start_date,
                "rl_end_date": rl_end_date,
                "decisions": decisions,
                "last_decision_at": last_decision_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        participant_id = d.pop("participant_id")

        status = ParticipantRowStatus(d.pop("status"))

        registered_at = datetime.datetime.fromisoformat(d.pop("registered_at"))

        def _parse_status_changed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_changed_at_type_0 = datetime.datetime.fromisoformat(data)

                return status_changed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        status_changed_at = _parse_status_changed_at(d.pop("status_changed_at"))

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

        decisions = d.pop("decisions")

        def _parse_last_decision_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_decision_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_decision_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_decision_at = _parse_last_decision_at(d.pop("last_decision_at"))

        participant_row = cls(
            participant_id=participant_id,
            status=status,
            registered_at=registered_at,
            status_changed_at=status_changed_at,
            rl_start_date=rl_start_date,
            rl_end_date=rl_end_date,
            decisions=decisions,
            last_decision_at=last_decision_at,
        )

        return participant_row
