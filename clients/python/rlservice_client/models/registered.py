from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Registered")


@_attrs_define
class Registered:
    """
    Attributes:
        step (int):
        at (datetime.datetime):
        kind (Literal['registered']):
        status (str):
    """

    step: int
    at: datetime.datetime
    kind: Literal["registered"]
    status: str

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        at = self.at.isoformat()

        kind = self.kind

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "at": at,
                "kind": kind,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        step = d.pop("step")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        kind = cast(Literal["registered"], d.pop("kind"))
        if kind != "registered":
            raise ValueError(f"kind must match const 'registered', got '{kind}'")

        status = d.pop("status")

        registered = cls(
            step=step,
            at=at,
            kind=kind,
            status=status,
        )

        return registered
