from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.participant_row import ParticipantRow


T = TypeVar("T", bound="ParticipantPage")


@_attrs_define
class ParticipantPage:
    """
    Attributes:
        participants (list[ParticipantRow]):
        next_after (None | str): pass as `after` for the next page; null: this was the last
    """

    participants: list[ParticipantRow]
    next_after: None | str

    def to_dict(self) -> dict[str, Any]:
        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        next_after: None | str
        next_after = self.next_after

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "participants": participants,
                "next_after": next_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.participant_row import ParticipantRow  # noqa: PLC0415

        d = dict(src_dict)
        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = ParticipantRow.from_dict(participants_item_data)

            participants.append(participants_item)

        def _parse_next_after(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_after = _parse_next_after(d.pop("next_after"))

        participant_page = cls(
            participants=participants,
            next_after=next_after,
        )

        return participant_page
