from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.exclusion import Exclusion


T = TypeVar("T", bound="Exclusions")


@_attrs_define
class Exclusions:
    """
    Attributes:
        exclusions (list[Exclusion]): oldest first
    """

    exclusions: list[Exclusion]

    def to_dict(self) -> dict[str, Any]:
        exclusions = []
        for exclusions_item_data in self.exclusions:
            exclusions_item = exclusions_item_data.to_dict()
            exclusions.append(exclusions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "exclusions": exclusions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exclusion import Exclusion  # noqa: PLC0415

        d = dict(src_dict)
        exclusions = []
        _exclusions = d.pop("exclusions")
        for exclusions_item_data in _exclusions:
            exclusions_item = Exclusion.from_dict(exclusions_item_data)

            exclusions.append(exclusions_item)

        exclusions = cls(
            exclusions=exclusions,
        )

        return exclusions
