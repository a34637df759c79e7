from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="DeadLetter")


@_attrs_define
class DeadLetter:
    """
    Attributes:
        id (int):
        event_id (UUID):
        study_id (None | str):
        service (str):
        source_topic (str):
        partition (int | None):
        offset (int | None):
        reason (str):
        key (None | str):
        created_at (datetime.datetime):
        redriven_at (datetime.datetime | None):
        redriven_by (None | str):
        payload (Any): the message kept: its decoded JSON, or its raw text
    """

    id: int
    event_id: UUID
    study_id: None | str
    service: str
    source_topic: str
    partition: int | None
    offset: int | None
    reason: str
    key: None | str
    created_at: datetime.datetime
    redriven_at: datetime.datetime | None
    redriven_by: None | str
    payload: Any

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_id = str(self.event_id)

        study_id: None | str
        study_id = self.study_id

        service = self.service

        source_topic = self.source_topic

        partition: int | None
        partition = self.partition

        offset: int | None
        offset = self.offset

        reason = self.reason

        key: None | str
        key = self.key

        created_at = self.created_at.isoformat()

        redriven_at: None | str
        if isinstance(self.redriven_at, datetime.datetime):
            redriven_at = self.redriven_at.isoformat()
        else:
            redriven_at = self.redriven_at

        redriven_by: None | str
        redriven_by = self.redriven_by

        payload = self.payload

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "event_id": event_id,
                "study_id": study_id,
                "service": service,
                "source_topic": source_topic,
                "partition": partition,
                "offset": offset,
                "reason": reason,
                "key": key,
                "created_at": created_at,
                "redriven_at": redriven_at,
                "redriven_by": redriven_by,
                "payload": payload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        event_id = UUID(d.pop("event_id"))

        def _parse_study_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        study_id = _parse_study_id(d.pop("study_id"))

        service = d.pop("service")

        source_topic = d.pop("source_topic")

        def _parse_partition(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        partition = _parse_partition(d.pop("partition"))

        def _parse_offset(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        offset = _parse_offset(d.pop("offset"))

        reason = d.pop("reason")

        def _parse_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        key = _parse_key(d.pop("key"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_redriven_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                redriven_at_type_0 = datetime.datetime.fromisoformat(data)

                return redriven_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        redriven_at = _parse_redriven_at(d.pop("redriven_at"))

        def _parse_redriven_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        redriven_by = _parse_redriven_by(d.pop("redriven_by"))

        payload = d.pop("payload")

        dead_letter = cls(
            id=id,
            event_id=event_id,
            study_id=study_id,
            service=service,
            source_topic=source_topic,
            partition=partition,
            offset=offset,
            reason=reason,
            key=key,
            created_at=created_at,
            redriven_at=redriven_at,
            redriven_by=redriven_by,
            payload=payload,
        )

        return dead_letter
