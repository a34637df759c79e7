from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action_in_context import ActionInContext


T = TypeVar("T", bound="ActionIn")


@_attrs_define
class ActionIn:
    """
    Attributes:
        participant_id (str):
        context (ActionInContext):
        decision_index (int | None | Unset):
    """

    participant_id: str
    context: ActionInContext
    decision_index: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        participant_id = self.participant_id

        context = self.context.to_dict()

        decision_index: int | None | Unset
        if isinstance(self.decision_index, Unset):
            decision_index = UNSET
        else:
            decision_index = self.decision_index

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "participant_id": participant_id,
                "context": context,
            }
        )
        if decision_index is not UNSET:
            field_dict["decision_index"] = decision_index

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_in_context import ActionInContext  # noqa: PLC0415

        d = dict(src_dict)
        participant_id = d.pop("participant_id")

        context = ActionInContext.from_dict(d.pop("context"))

        def _parse_decision_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        decision_index = _parse_decision_index(d.pop("decision_index", UNSET))

        action_in = cls(
            participant_id=participant_id,
            context=context,
            decision_index=decision_index,
        )

        return action_in
