from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.incident_reply import IncidentReply


T = TypeVar("T", bound="Incidents")


@_attrs_define
class Incidents:
    """
    Attributes:
        incidents (list[IncidentReply]):
        next_before (int | None): pass as `before` for the next page
    """

    incidents: list[IncidentReply]
    next_before: int | None

    def to_dict(self) -> dict[str, Any]:
        incidents = []
        for incidents_item_data in self.incidents:
            incidents_item = incidents_item_data.to_dict()
            incidents.append(incidents_item)

        next_before: int | None
        next_before = self.next_before

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "incidents": incidents,
                "next_before": next_before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.incident_reply import IncidentReply  # noqa: PLC0415

        d = dict(src_dict)
        incidents = []
        _incidents = d.pop("incidents")
        for incidents_item_data in _incidents:
            incidents_item = IncidentReply.from_dict(incidents_item_data)

            incidents.append(incidents_item)

        def _parse_next_before(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_before = _parse_next_before(d.pop("next_before"))

        incidents = cls(
            incidents=incidents,
            next_before=next_before,
        )

        return incidents
