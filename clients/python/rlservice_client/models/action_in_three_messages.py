from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.action_in_three_messages_context import ActionInThreeMessagesContext


T = TypeVar("T", bound="ActionInThreeMessages")


@_attrs_define
class ActionInThreeMessages:
    """An action request of study three_messages (Three messages)

    Attributes:
        participant_id (str):
        context (ActionInThreeMessagesContext): The fields study three_messages (Three messages) declares
    """

    participant_id: str
    context: ActionInThreeMessagesContext

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
        from ..models.action_in_three_messages_context import ActionInThreeMessagesContext  # noqa: PLC0415

        d = dict(src_dict)
        participant_id = d.pop("participant_id")

        context = ActionInThreeMessagesContext.from_dict(d.pop("context"))

        action_in_three_messages = cls(
            participant_id=participant_id,
            context=context,
        )

        return action_in_three_messages
