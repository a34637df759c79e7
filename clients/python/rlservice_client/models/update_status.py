from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.update_status_callback_status_type_0 import UpdateStatusCallbackStatusType0
from ..models.update_status_status import UpdateStatusStatus

T = TypeVar("T", bound="UpdateStatus")


@_attrs_define
class UpdateStatus:
    """
    Attributes:
        status (UpdateStatusStatus):
        update_id (UUID):
        study_id (str):
        policy_version (int | None):
        reason (None | str):
        callback_status (None | UpdateStatusCallbackStatusType0):
        requested_at (datetime.datetime):
        finished_at (datetime.datetime | None):
    """

    status: UpdateStatusStatus
    update_id: UUID
    study_id: str
    policy_version: int | None
    reason: None | str
    callback_status: None | UpdateStatusCallbackStatusType0
    requested_at: datetime.datetime
    finished_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        update_id = str(self.update_id)

        study_id = self.study_id

        policy_version: int | None
        policy_version = self.policy_version

        reason: None | str
        reason = self.reason

        callback_status: None | str
        if isinstance(self.callback_status, UpdateStatusCallbackStatusType0):
            callback_status = self.callback_status.value
        else:
            callback_status = self.callback_status

        requested_at = self.requested_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "update_id": update_id,
                "study_id": study_id,
                "policy_version": policy_version,
                "reason": reason,
                "callback_status": callback_status,
                "requested_at": requested_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = UpdateStatusStatus(d.pop("status"))

        update_id = UUID(d.pop("update_id"))

        study_id = d.pop("study_id")

        def _parse_policy_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        policy_version = _parse_policy_version(d.pop("policy_version"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_callback_status(data: object) -> None | UpdateStatusCallbackStatusType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                callback_status_type_0 = UpdateStatusCallbackStatusType0(data)

                return callback_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UpdateStatusCallbackStatusType0, data)

        callback_status = _parse_callback_status(d.pop("callback_status"))

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        update_status = cls(
            status=status,
            update_id=update_id,
            study_id=study_id,
            policy_version=policy_version,
            reason=reason,
            callback_status=callback_status,
            requested_at=requested_at,
            finished_at=finished_at,
        )

        return update_status
