from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dead_letter_summary import DeadLetterSummary


T = TypeVar("T", bound="DeadLetters")


@_attrs_define
class DeadLetters:
    """
    Attributes:
        dead_letters (list[DeadLetterSummary]):
    """

    dead_letters: list[DeadLetterSummary]

    def to_dict(self) -> dict[str, Any]:
        dead_letters = []
        for dead_letters_item_data in self.dead_letters:
            dead_letters_item = dead_letters_item_data.to_dict()
            dead_letters.append(dead_letters_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dead_letters": dead_letters,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dead_letter_summary import DeadLetterSummary  # noqa: PLC0415

        d = dict(src_dict)
        dead_letters = []
        _dead_letters = d.pop("dead_letters")
        for dead_letters_item_data in _dead_letters:
            dead_letters_item = DeadLetterSummary.from_dict(dead_letters_item_data)

            dead_letters.append(dead_letters_item)

        dead_letters = cls(
            dead_letters=dead_letters,
        )

        return dead_letters
