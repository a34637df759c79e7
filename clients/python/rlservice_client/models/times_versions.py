from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.times_version import TimesVersion


T = TypeVar("T", bound="TimesVersions")


@_attrs_define
class TimesVersions:
    """
    Attributes:
        study_id (str):
        participant_id (str):
        versions (list[TimesVersion]): oldest first; the last is in force
    """

    study_id: str
    participant_id: str
    versions: list[TimesVersion]

    def to_dict(self) -> dict[str, Any]:
        study_id = self.study_id

        participant_id = self.participant_id

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "study_id": study_id,
                "participant_id": participant_id,
                "versions": versions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.times_version import TimesVersion  # noqa: PLC0415

        d = dict(src_dict)
        study_id = d.pop("study_id")

        participant_id = d.pop("participant_id")

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = TimesVersion.from_dict(versions_item_data)

            versions.append(versions_item)

        times_versions = cls(
            study_id=study_id,
            participant_id=participant_id,
            versions=versions,
        )

        return times_versions
