from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.upload_data_context import UploadDataContext
    from ..models.upload_data_outcome import UploadDataOutcome


T = TypeVar("T", bound="UploadData")


@_attrs_define
class UploadData:
    """JustIn's data: the context, the action and probability it got, and the outcome.

    Attributes:
        context (UploadDataContext):
        action (int):
        action_prob (float):
        outcome (UploadDataOutcome):
        state (list[float] | Unset):
    """

    context: UploadDataContext
    action: int
    action_prob: float
    outcome: UploadDataOutcome
    state: list[float] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        context = self.context.to_dict()

        action = self.action

        action_prob = self.action_prob

        outcome = self.outcome.to_dict()

        state: list[float] | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "context": context,
                "action": action,
                "action_prob": action_prob,
                "outcome": outcome,
            }
        )
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.upload_data_context import UploadDataContext  # noqa: PLC0415
        from ..models.upload_data_outcome import UploadDataOutcome  # noqa: PLC0415

        d = dict(src_dict)
        context = UploadDataContext.from_dict(d.pop("context"))

        action = d.pop("action")

        action_prob = d.pop("action_prob")

        outcome = UploadDataOutcome.from_dict(d.pop("outcome"))

        state = cast(list[float], d.pop("state", UNSET))

        upload_data = cls(
            context=context,
            action=action,
            action_prob=action_prob,
            outcome=outcome,
            state=state,
        )

        return upload_data
