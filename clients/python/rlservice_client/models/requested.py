from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.requested_context import RequestedContext


T = TypeVar("T", bound="Requested")


@_attrs_define
class Requested:
    """
    Attributes:
        step (int):
        at (datetime.datetime):
        kind (Literal['request']):
        request_id (UUID):
        decision_index (int):
        context (RequestedContext):
    """

    step: int
    at: datetime.datetime
    kind: Literal["request"]
    request_id: UUID
    decision_index: int
    context: RequestedContext

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        at = self.at.isoformat()

        kind = self.kind

        request_id = str(self.request_id)

        decision_index = self.decision_index

        context = self.context.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "at": at,
                "kind": kind,
                "request_id": request_id,
                "decision_index": decision_index,
                "context": context,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.requested_context import RequestedContext  # noqa: PLC0415

        d = dict(src_dict)
        step = d.pop("step")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        kind = cast(Literal["request"], d.pop("kind"))
        if kind != "request":
            raise ValueError(f"kind must match const 'request', got '{kind}'")

        request_id = UUID(d.pop("request_id"))

        decision_index = d.pop("decision_index")

        context = RequestedContext.from_dict(d.pop("context"))

        requested = cls(
            step=step,
            at=at,
            kind=kind,
            request_id=request_id,
            decision_index=decision_index,
            context=context,
        )

        return requested
