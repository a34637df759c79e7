from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.control_changed import ControlChanged
    from ..models.decided import Decided
    from ..models.observed import Observed
    from ..models.policy_used import PolicyUsed
    from ..models.registered import Registered
    from ..models.requested import Requested
    from ..models.window_event import WindowEvent


T = TypeVar("T", bound="Timeline")


@_attrs_define
class Timeline:
    """
    Attributes:
        study_id (str):
        participant_id (str):
        events (list[ControlChanged | Decided | Observed | PolicyUsed | Registered | Requested | WindowEvent]):
    """

    study_id: str
    participant_id: str
    events: list[ControlChanged | Decided | Observed | PolicyUsed | Registered | Requested | WindowEvent]

    def to_dict(self) -> dict[str, Any]:
        from ..models.decided import Decided  # noqa: PLC0415
        from ..models.observed import Observed  # noqa: PLC0415
        from ..models.policy_used import PolicyUsed  # noqa: PLC0415
        from ..models.registered import Registered  # noqa: PLC0415
        from ..models.requested import Requested  # noqa: PLC0415
        from ..models.window_event import WindowEvent  # noqa: PLC0415

        study_id = self.study_id

        participant_id = self.participant_id

        events = []
        for events_item_data in self.events:
            events_item: dict[str, Any]
            if isinstance(events_item_data, Registered):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, Requested):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, Decided):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, Observed):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, WindowEvent):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, PolicyUsed):
                events_item = events_item_data.to_dict()
            else:
                events_item = events_item_data.to_dict()

            events.append(events_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "participant_id": participant_id,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.control_changed import ControlChanged  # noqa: PLC0415
        from ..models.decided import Decided  # noqa: PLC0415
        from ..models.observed import Observed  # noqa: PLC0415
        from ..models.policy_used import PolicyUsed  # noqa: PLC0415
        from ..models.registered import Registered  # noqa: PLC0415
        from ..models.requested import Requested  # noqa: PLC0415
        from ..models.window_event import WindowEvent  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        participant_id = d.pop("participant_id")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:

            def _parse_events_item(
                data: object,
            ) -> ControlChanged | Decided | Observed | PolicyUsed | Registered | Requested | WindowEvent:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_0 = Registered.from_dict(data)

                    return events_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_1 = Requested.from_dict(data)

                    return events_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_2 = Decided.from_dict(data)

                    return events_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_3 = Observed.from_dict(data)

                    return events_item_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_4 = WindowEvent.from_dict(data)

                    return events_item_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_5 = PolicyUsed.from_dict(data)

                    return events_item_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                events_item_type_6 = ControlChanged.from_dict(data)

                return events_item_type_6

            events_item = _parse_events_item(events_item_data)

            events.append(events_item)

        timeline = cls(
            study_id=study_id,
            participant_id=participant_id,
            events=events,
        )

        return timeline
