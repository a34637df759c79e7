from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.participant import Participant


T = TypeVar("T", bound="ParticipantReply")


@_attrs_define
class ParticipantReply:
    """
    Attributes:
        status (Literal['success']):
        participant (Participant):
    """

    status: Literal["success"]
    participant: Participant

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        participant = self.participant.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "participant": participant,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.participant import Participant  # noqa: PLC0415

        d = dict(src_dict)
        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        participant = Participant.from_dict(d.pop("participant"))

        participant_reply = cls(
            status=status,
            participant=participant,
        )

        return participant_reply
