from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.control_changed_change import ControlChangedChange

T = TypeVar("T", bound="ControlChanged")


@_attrs_define
class ControlChanged:
    """
    Attributes:
        step (int):
        at (datetime.datetime):
        kind (Literal['policy_control']):
        change (ControlChangedChange):
        frozen (bool):
        pinned_version (int | None):
        changed_by (str):
        reason (str):
    """

    step: int
    at: datetime.datetime
    kind: Literal["policy_control"]
    change: ControlChangedChange
    frozen: bool
    pinned_version: int | None
    changed_by: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        at = self.at.isoformat()

        kind = self.kind

        change = self.change.value

        frozen = self.frozen

        pinned_version: int | None
        pinned_version = self.pinned_version

        changed_by = self.changed_by

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "at": at,
                "kind": kind,
                "change": change,
                "frozen": frozen,
                "pinned_version": pinned_version,
                "changed_by": changed_by,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        step = d.pop("step")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        kind = cast(Literal["policy_control"], d.pop("kind"))
        if kind != "policy_control":
            raise ValueError(f"kind must match const 'policy_control', got '{kind}'")

        change = ControlChangedChange(d.pop("change"))

        frozen = d.pop("frozen")

        def _parse_pinned_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        pinned_version = _parse_pinned_version(d.pop("pinned_version"))

        changed_by = d.pop("changed_by")

        reason = d.pop("reason")

        control_changed = cls(
            step=step,
            at=at,
            kind=kind,
            change=change,
            frozen=frozen,
            pinned_version=pinned_version,
            changed_by=changed_by,
            reason=reason,
        )

        return control_changed
