from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.action_in_heartsteps_context import ActionInHeartstepsContext


T = TypeVar("T", bound="ActionInHeartsteps")


@_attrs_define
class ActionInHeartsteps:
    """An action request of study heartsteps (HeartSteps-like)

    Attributes:
        participant_id (str):
        context (ActionInHeartstepsContext): The fields study heartsteps (HeartSteps-like) declares
    """

    participant_id: str
    context: ActionInHeartstepsContext

    def to_dict(self) -> dict[str, Any]:
        participant_id = self.participant_id

        context = self.context.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "participant_id": participant_id,
                "context": context,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_in_heartsteps_context import ActionInHeartstepsContext  # noqa: PLC0415

        d = dict(src_dict)
        participant_id = d.pop("participant_id")

        context = ActionInHeartstepsContext.from_dict(d.pop("context"))

        action_in_heartsteps = cls(
            participant_id=participant_id,
            context=context,
        )

        return action_in_heartsteps
