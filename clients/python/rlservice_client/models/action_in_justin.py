from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.action_in_justin_context import ActionInJustinContext


T = TypeVar("T", bound="ActionInJustin")


@_attrs_define
class ActionInJustin:
    """An action request of study justin (JustIn template example)

    Attributes:
        participant_id (str):
        context (ActionInJustinContext): The fields study justin (JustIn template example) declares
        decision_index (int):
    """

    participant_id: str
    context: ActionInJustinContext
    decision_index: int

    def to_dict(self) -> dict[str, Any]:
        participant_id = self.participant_id

        context = self.context.to_dict()

        decision_index = self.decision_index

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "participant_id": participant_id,
                "context": context,
                "decision_index": decision_index,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_in_justin_context import ActionInJustinContext  # noqa: PLC0415

        d = dict(src_dict)
        participant_id = d.pop("participant_id")

        context = ActionInJustinContext.from_dict(d.pop("context"))

        decision_index = d.pop("decision_index")

        action_in_justin = cls(
            participant_id=participant_id,
            context=context,
            decision_index=decision_index,
        )

        return action_in_justin
