from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.window_event_closed_by import WindowEventClosedBy

T = TypeVar("T", bound="WindowEvent")


@_attrs_define
class WindowEvent:
    """
    Attributes:
        step (int):
        at (datetime.datetime):
        kind (Literal['window']):
        decision_index (int):
        status (str):
        reason (None | str):
        attempts (int):
        closed_by (WindowEventClosedBy): backend: a close call or a re-pull; sweep: no call closed it, the sweep of
            expired windows did once the study's grace had passed
    """

    step: int
    at: datetime.datetime
    kind: Literal["window"]
    decision_index: int
    status: str
    reason: None | str
    attempts: int
    closed_by: WindowEventClosedBy

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        at = self.at.isoformat()

        kind = self.kind

        decision_index = self.decision_index

        status = self.status

        reason: None | str
        reason = self.reason

        attempts = self.attempts

        closed_by = self.closed_by.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "at": at,
                "kind": kind,
                "decision_index": decision_index,
                "status": status,
                "reason": reason,
                "attempts": attempts,
                "closed_by": closed_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        step = d.pop("step")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        kind = cast(Literal["window"], d.pop("kind"))
        if kind != "window":
            raise ValueError(f"kind must match const 'window', got '{kind}'")

        decision_index = d.pop("decision_index")

        status = d.pop("status")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        attempts = d.pop("attempts")

        closed_by = WindowEventClosedBy(d.pop("closed_by"))

        window_event = cls(
            step=step,
            at=at,
            kind=kind,
            decision_index=decision_index,
            status=status,
            reason=reason,
            attempts=attempts,
            closed_by=closed_by,
        )

        return window_event
