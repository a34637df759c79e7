from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="StudyLive")


@_attrs_define
class StudyLive:
    """
    Attributes:
        study_id (str):
        phase (Literal['live']):
        live_at (datetime.datetime):
        by (str):
    """

    study_id: str
    phase: Literal["live"]
    live_at: datetime.datetime
    by: str

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        phase = self.phase

        live_at = self.live_at.isoformat()

        by = self.by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "phase": phase,
                "live_at": live_at,
                "by": by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        study_id = d.pop("study_id")

        phase = cast(Literal["live"], d.pop("phase"))
        if phase != "live":
            raise ValueError(f"phase must match const 'live', got '{phase}'")

        live_at = datetime.datetime.fromisoformat(d.pop("live_at"))

        by = d.pop("by")

        study_live = cls(
            study_id=study_id,
            phase=phase,
            live_at=live_at,
            by=by,
        )

        return study_live
