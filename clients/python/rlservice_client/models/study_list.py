from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.study_summary import StudySummary


T = TypeVar("T", bound="StudyList")


@_attrs_define
class StudyList:
    """
    Attributes:
        studies (list[StudySummary]):
    """

    studies: list[StudySummary]

    def to_dict(self) -> dict[str, Any]:
        studies = []
        for studies_item_data in self.studies:
            studies_item = studies_item_data.to_dict()
            studies.append(studies_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "studies": studies,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.study_summary import StudySummary  # noqa: PLC0415

        d = dict(src_dict)
        studies = []
        _studies = d.pop("studies")
        for studies_item_data in _studies:
            studies_item = StudySummary.from_dict(studies_item_data)

            studies.append(studies_item)

        study_list = cls(
            studies=studies,
        )

        return study_list
