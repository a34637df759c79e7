from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ActionInMiwavesContext")


@_attrs_define
class ActionInMiwavesContext:
    """The fields study miwaves (MiWaves) declares

    Attributes:
        finished_ema (bool): bool
        activity_question_response (bool | Literal['NA']): bool or NA
        app_use_flag (bool): bool
        cannabis_use (list[int] | Literal['NA']): a list of int or NA
    """

    finished_ema: bool
    activity_question_response: bool | Literal["NA"]
    app_use_flag: bool
    cannabis_use: list[int] | Literal["NA"]

    def to_dict(self) -> dict[str, Any]:
        finished_ema = self.finished_ema

        activity_question_response: bool | Literal["NA"]
        activity_question_response = self.activity_question_response

        app_use_flag = self.app_use_flag

        cannabis_use: list[int] | Literal["NA"]
        if isinstance(self.cannabis_use, list):
            cannabis_use = self.cannabis_use

        else:
            cannabis_use = self.cannabis_use

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "finished_ema": finished_ema,
                "activity_question_response": activity_question_response,
                "app_use_flag": app_use_flag,
                "cannabis_use": cannabis_use,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        finished_ema = d.pop("finished_ema")

        def _parse_activity_question_response(data: object) -> bool | Literal["NA"]:
            activity_question_response_type_1 = cast(Literal["NA"], data)
            if activity_question_response_type_1 != "NA":
                raise ValueError(
                    f"activity_question_response_type_1 must match const 'NA', got '{activity_question_response_type_1}'"
                )
            return activity_question_response_type_1
            return cast(bool | Literal["NA"], data)

        activity_question_response = _parse_activity_question_response(d.pop("activity_question_response"))

        app_use_flag = d.pop("app_use_flag")

        def _parse_cannabis_use(data: object) -> list[int] | Literal["NA"]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                cannabis_use_type_0 = cast(list[int], data)

                return cannabis_use_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            cannabis_use_type_1 = cast(Literal["NA"], data)
            if cannabis_use_type_1 != "NA":
                raise ValueError(f"cannabis_use_type_1 must match const 'NA', got '{cannabis_use_type_1}'")
            return cannabis_use_type_1

        cannabis_use = _parse_cannabis_use(d.pop("cannabis_use"))

        action_in_miwaves_context = cls(
            finished_ema=finished_ema,
            activity_question_response=activity_question_response,
            app_use_flag=app_use_flag,
            cannabis_use=cannabis_use,
        )

        return action_in_miwaves_context
