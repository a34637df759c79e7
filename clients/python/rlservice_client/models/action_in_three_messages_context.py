from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.action_in_three_messages_context_mood import ActionInThreeMessagesContextMood

T = TypeVar("T", bound="ActionInThreeMessagesContext")


@_attrs_define
class ActionInThreeMessagesContext:
    """The fields study three_messages (Three messages) declares

    Attributes:
        mood (ActionInThreeMessagesContextMood): str
        sleep_hours (float | Literal['NA']): float or NA
    """

    mood: ActionInThreeMessagesContextMood
    sleep_hours: float | Literal["NA"]

    def to_dict(self) -> dict[str, Any]:
        mood = self.mood.value

        sleep_hours: float | Literal["NA"]
        sleep_hours = self.sleep_hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mood": mood,
                "sleep_hours": sleep_hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mood = ActionInThreeMessagesContextMood(d.pop("mood"))

        def _parse_sleep_hours(data: object) -> float | Literal["NA"]:
            sleep_hours_type_1 = cast(Literal["NA"], data)
            if sleep_hours_type_1 != "NA":
                raise ValueError(f"sleep_hours_type_1 must match const 'NA', got '{sleep_hours_type_1}'")
            return sleep_hours_type_1
            return cast(float | Literal["NA"], data)

        sleep_hours = _parse_sleep_hours(d.pop("sleep_hours"))

        action_in_three_messages_context = cls(
            mood=mood,
            sleep_hours=sleep_hours,
        )

        return action_in_three_messages_context
