from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.simulation_row import SimulationRow


T = TypeVar("T", bound="Simulations")


@_attrs_define
class Simulations:
    """
    Attributes:
        sessions (list[SimulationRow]):
        next_before (None | str): `before` for the next page; null: no more
    """

    sessions: list[SimulationRow]
    next_before: None | str

    def to_dict(self) -> dict[str, Any]:
        sessions = []
        for sessions_item_data in self.sessions:
            sessions_item = sessions_item_data.to_dict()
            sessions.append(sessions_item)

        next_before: None | str
        next_before = self.next_before

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sessions": sessions,
                "next_before": next_before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simulation_row import SimulationRow  # noqa: PLC0415

        d = dict(src_dict)
        sessions = []
        _sessions = d.pop("sessions")
        for sessions_item_data in _sessions:
            sessions_item = SimulationRow.from_dict(sessions_item_data)

            sessions.append(sessions_item)

        def _parse_next_before(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_before = _parse_next_before(d.pop("next_before"))

        simulations = cls(
            sessions=sessions,
            next_before=next_before,
        )

        return simulations
