from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.study_reset_deleted import StudyResetDeleted


T = TypeVar("T", bound="StudyReset")


@_attrs_define
class StudyReset:
    """
    Attributes:
        study_id (str):
        phase (Literal['pilot']):
        reset_at (datetime.datetime): replay leaves out the decisions made before it
        by (str):
        deleted (StudyResetDeleted): rows deleted, by table
    """

    study_id: str
    phase: Literal["pilot"]
    reset_at: datetime.datetime
    by: str
    deleted: StudyResetDeleted

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        phase = self.phase

        reset_at = self.reset_at.isoformat()

        by = self.by

        deleted = self.deleted.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "phase": phase,
                "reset_at": reset_at,
                "by": by,
                "deleted": deleted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.study_reset_deleted import StudyResetDeleted  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        phase = cast(Literal["pilot"], d.pop("phase"))
        if phase != "pilot":
            raise ValueError(f"phase must match const 'pilot', got '{phase}'")

        reset_at = datetime.datetime.fromisoformat(d.pop("reset_at"))

        by = d.pop("by")

        deleted = StudyResetDeleted.from_dict(d.pop("deleted"))

        study_reset = cls(
            study_id=study_id,
            phase=phase,
            reset_at=reset_at,
            by=by,
            deleted=deleted,
        )

        return study_reset
