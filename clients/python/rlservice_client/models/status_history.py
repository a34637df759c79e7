from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.status_change_entry import StatusChangeEntry


T = TypeVar("T", bound="StatusHistory")


@_attrs_define
class StatusHistory:
    """
    Attributes:
        study_id (str):
        participant_id (str):
        changes (list[StatusChangeEntry]): oldest first
    """

    study_id: str
    participant_id: str
    changes: list[StatusChangeEntry]

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        participant_id = self.participant_id

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "participant_id": participant_id,
                "changes": changes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.status_change_entry import StatusChangeEntry  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        participant_id = d.pop("participant_id")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = StatusChangeEntry.from_dict(changes_item_data)

            changes.append(changes_item)

        status_history = cls(
            study_id=study_id,
            participant_id=participant_id,
            changes=changes,
        )

        return status_history
