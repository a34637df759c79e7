from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ActionInOralyticsContext")


@_attrs_define
class ActionInOralyticsContext:
    """The fields study oralytics (Oralytics-like) declares

    Attributes:
        brushing_seconds (float): float
        app_opened (bool): bool
    """

    brushing_seconds: float
    app_opened: bool

    def to_dict(self) -> dict[str, Any]:
        brushing_seconds = self.brushing_seconds

        app_opened = self.app_opened

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "brushing_seconds": brushing_seconds,
                "app_opened": app_opened,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        brushing_seconds = d.pop("brushing_seconds")

        app_opened = d.pop("app_opened")

        action_in_oralytics_context = cls(
            brushing_seconds=brushing_seconds,
            app_opened=app_opened,
        )

        return action_in_oralytics_context
