from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExclusionIn")


@_attrs_define
class ExclusionIn:
    """What updates leave out from now on: where every criterion given meets (at least one).
    Times are lax, as UpdateIn's (ISO 8601 or seconds since the epoch), and name their zone.

        Attributes:
            reason (str):
            participant_id (None | str | Unset):
            from_decision_index (int | None | Unset):
            to_decision_index (int | None | Unset): inclusive
            from_time (datetime.datetime | float | None | Unset): of a decision
            to_time (datetime.datetime | float | None | Unset): exclusive
    """

    reason: str
    participant_id: None | str | Unset = UNSET
    from_decision_index: int | None | Unset = UNSET
    to_decision_index: int | None | Unset = UNSET
    from_time: datetime.datetime | float | None | Unset = UNSET
    to_time: datetime.datetime | float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        participant_id: None | str | Unset
        if isinstance(self.participant_id, Unset):
            participant_id = UNSET
        else:
            participant_id = self.participant_id

        from_decision_index: int | None | Unset
        if isinstance(self.from_decision_index, Unset):
            from_decision_index = UNSET
        else:
            from_decision_index = self.from_decision_index

        to_decision_index: int | None | Unset
        if isinstance(self.to_decision_index, Unset):
            to_decision_index = UNSET
        else:
            to_decision_index = self.to_decision_index

        from_time: float | None | str | Unset
        if isinstance(self.from_time, Unset):
            from_time = UNSET
        elif isinstance(self.from_time, datetime.datetime):
            from_time = self.from_time.isoformat()
        else:
            from_time = self.from_time

        to_time: float | None | str | Unset
        if isinstance(self.to_time, Unset):
            to_time = UNSET
        elif isinstance(self.to_time, datetime.datetime):
            to_time = self.to_time.isoformat()
        else:
            to_time = self.to_time

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if participant_id is not UNSET:
            field_dict["participant_id"] = participant_id
        if from_decision_index is not UNSET:
            field_dict["from_decision_index"] = from_decision_index
        if to_decision_index is not UNSET:
            field_dict["to_decision_index"] = to_decision_index
        if from_time is not UNSET:
            field_dict["from_time"] = from_time
        if to_time is not UNSET:
            field_dict["to_time"] = to_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        def _parse_participant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        participant_id = _parse_participant_id(d.pop("participant_id", UNSET))

        def _parse_from_decision_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        from_decision_index = _parse_from_decision_index(d.pop("from_decision_index", UNSET))

        def _parse_to_decision_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        to_decision_index = _parse_to_decision_index(d.pop("to_decision_index", UNSET))

        def _parse_from_time(data: object) -> datetime.datetime | float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_time_type_0 = datetime.datetime.fromisoformat(data)

                return from_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | float | None | Unset, data)

        from_time = _parse_from_time(d.pop("from_time", UNSET))

        def _parse_to_time(data: object) -> datetime.datetime | float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_time_type_0 = datetime.datetime.fromisoformat(data)

                return to_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | float | None | Unset, data)

        to_time = _parse_to_time(d.pop("to_time", UNSET))

        exclusion_in = cls(
            reason=reason,
            participant_id=participant_id,
            from_decision_index=from_decision_index,
            to_decision_index=to_decision_index,
            from_time=from_time,
            to_time=to_time,
        )

        return exclusion_in
