from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WindowClose")


@_attrs_define
class WindowClose:
    """
    Attributes:
        decision_index (int | None | Unset):
    """

    decision_index: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision_index: int | None | Unset
        if isinstance(self.decision_index, Unset):
            decision_index = UNSET
        else:
            decision_index = self.decision_index

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if decision_index is not UNSET:
            field_dict["decision_index"] = decision_index

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_decision_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        decision_index = _parse_decision_index(d.pop("decision_index", UNSET))

        window_close = cls(
            decision_index=decision_index,
        )

        return window_close
