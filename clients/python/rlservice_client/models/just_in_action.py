from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.just_in_action_context import JustInActionContext


T = TypeVar("T", bound="JustInAction")


@_attrs_define
class JustInAction:
    """
    Attributes:
        user_id (str):
        timestamp (datetime.datetime | float):
        decision_idx (int):
        context (JustInActionContext):
    """

    user_id: str
    timestamp: datetime.datetime | float
    decision_idx: int
    context: JustInActionContext

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        timestamp: float | str
        if isinstance(self.timestamp, datetime.datetime):
            timestamp = self.timestamp.isoformat()
        else:
            timestamp = self.timestamp

        decision_idx = self.decision_idx

        context = self.context.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user_id": user_id,
                "timestamp": timestamp,
                "decision_idx": decision_idx,
                "context": context,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.just_in_action_context import JustInActionContext  # noqa: PLC0415

        d = dict(src_dict)
        user_id = d.pop("user_id")

        def _parse_timestamp(data: object) -> datetime.datetime | float:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | float, data)

        timestamp = _parse_timestamp(d.pop("timestamp"))

        decision_idx = d.pop("decision_idx")

        context = JustInActionContext.from_dict(d.pop("context"))

        just_in_action = cls(
            user_id=user_id,
            timestamp=timestamp,
            decision_idx=decision_idx,
            context=context,
        )

        return just_in_action
