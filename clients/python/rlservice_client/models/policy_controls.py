from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PolicyControls")


@_attrs_define
class PolicyControls:
    """
    Attributes:
        study_id (str):
        frozen (bool): learning frozen: the trainer writes no version
        pinned_version (int | None): served instead of the newest, if set
        served_version (int | None): what decisions use; None: no version yet
        newest_version (int | None):
        reason (None | str): of the last change
        changed_by (None | str):
        changed_at (datetime.datetime | None):
    """

    study_id: str
    frozen: bool
    pinned_version: int | None
    served_version: int | None
    newest_version: int | None
    reason: None | str
    changed_by: None | str
    changed_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        frozen = self.frozen

        pinned_version: int | None
        pinned_version = self.pinned_version

        served_version: int | None
        served_version = self.served_version

        newest_version: int | None
        newest_version = self.newest_version

        reason: None | str
        reason = self.reason

        changed_by: None | str
        changed_by = self.changed_by

        changed_at: None | str
        if isinstance(self.changed_at, datetime.datetime):
            changed_at = self.changed_at.isoformat()
        else:
            changed_at = self.changed_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "frozen": frozen,
                "pinned_version": pinned_version,
                "served_version": served_version,
                "newest_version": newest_version,
                "reason": reason,
                "changed_by": changed_by,
                "changed_at": changed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        study_id = d.pop("study_id")

        frozen = d.pop("frozen")

        def _parse_pinned_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        pinned_version = _parse_pinned_version(d.pop("pinned_version"))

        def _parse_served_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        served_version = _parse_served_version(d.pop("served_version"))

        def _parse_newest_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        newest_version = _parse_newest_version(d.pop("newest_version"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_changed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        changed_by = _parse_changed_by(d.pop("changed_by"))

        def _parse_changed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                changed_at_type_0 = datetime.datetime.fromisoformat(data)

                return changed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        changed_at = _parse_changed_at(d.pop("changed_at"))

        policy_controls = cls(
            study_id=study_id,
            frozen=frozen,
            pinned_version=pinned_version,
            served_version=served_version,
            newest_version=newest_version,
            reason=reason,
            changed_by=changed_by,
            changed_at=changed_at,
        )

        return policy_controls
